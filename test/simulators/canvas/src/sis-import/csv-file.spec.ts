import { readCsvFile } from './csv-file';
import { recogniseKind } from './file-kinds';

describe('reading a SIS CSV', () => {
  it('recognises each kind by its header row, whatever the file is called', () => {
    expect(recogniseKind(['account_id', 'parent_account_id', 'name', 'status'])).toBe('account');
    expect(recogniseKind(['term_id', 'name', 'status'])).toBe('term');
    expect(recogniseKind(['course_id', 'short_name', 'long_name', 'status'])).toBe('course');
    expect(recogniseKind(['section_id', 'course_id', 'name', 'status'])).toBe('section');
    expect(recogniseKind(['user_id', 'login_id', 'status'])).toBe('user');
    expect(recogniseKind(['user_id', 'login_id', 'existing_user_id'])).toBe('login');
    expect(recogniseKind(['course_id', 'user_id', 'role', 'status'])).toBe('enrollment');
    expect(recogniseKind(['section_id', 'user_integration_id', 'role', 'status'])).toBe('enrollment');
    expect(recogniseKind(['xlist_course_id', 'section_id', 'status'])).toBe('xlist');
    // An accounts file without parent_account_id is not an accounts file.
    expect(recogniseKind(['account_id', 'name', 'status'])).toBeUndefined();
  });

  it('lower-cases headers, trims values, treats blank as absent and numbers rows counting the header', () => {
    const result = readCsvFile('people.csv', Buffer.from('\uFEFFUser_ID,Login_ID,Status,Email\n U1 ,u1,active,\n\n"U2","u""2",active, \n'));
    if (!result.ok) throw new Error(result.message);
    expect(result.file.kind).toBe('user');
    expect(result.file.rows.map((r) => [r.line, r.get('user_id'), r.get('login_id'), r.get('email')])).toEqual([
      [2, 'U1', 'u1', undefined],
      [4, 'U2', 'u"2', undefined],
    ]);
  });

  it('fails with Canvas’s messages on bad encoding, bad quoting and unknown headers', () => {
    expect(readCsvFile('a.csv', Buffer.from([0x75, 0x73, 0xff, 0x0a]))).toEqual({ ok: false, message: 'Invalid UTF-8' });
    expect(readCsvFile('a.csv', Buffer.from('user_id,login_id,status\n"U1,u1,active\n'))).toEqual({ ok: false, message: 'Malformed CSV' });
    expect(readCsvFile('a.csv', Buffer.from('id,name\n1,x\n'))).toEqual({ ok: false, message: "Couldn't find Canvas CSV import headers" });
  });
});
