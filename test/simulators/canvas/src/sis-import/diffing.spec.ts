import { readCsvFile, type CsvFile } from './csv-file';
import { diffAgainstPrevious } from './diffing';
import type { SisImportOptions } from './sis-import';

const OPTIONS: SisImportOptions = {
  batchMode: false,
  batchModeTermId: null,
  multiTermBatchMode: false,
  batchModeEnrollmentDropStatus: 'deleted',
  skipDeletes: false,
  overrideSisStickiness: false,
  addSisStickiness: false,
  clearSisStickiness: false,
  updateSisIdIfLoginClaimed: false,
  diffingDataSetIdentifier: 'users:all',
  diffingRemaster: false,
  diffingDropStatus: null,
  diffingUserRemoveStatus: null,
  changeThreshold: null,
  diffRowCountThreshold: null,
};

function csv(name: string, text: string): CsvFile {
  const result = readCsvFile(name, Buffer.from(text));
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

const rows = (file: CsvFile | undefined) => file?.rows.map((r) => [r.get('user_id') ?? r.get('course_id'), r.get('status')]);

describe('diffing against the previous import of a data set', () => {
  const before = csv('users.csv', 'user_id,login_id,status\nU1,u1,active\nU2,u2,active\nU3,u3,active');
  const after = csv('users.csv', 'user_id,login_id,status\nU1,u1,active\nU2,u2-renamed,active\nU4,u4,active');

  it('keeps new and changed rows, drops unchanged ones, and deletes rows that disappeared', () => {
    const diff = diffAgainstPrevious([before], [after], OPTIONS, () => undefined);
    expect(rows(diff.files[0])).toEqual([
      ['U2', 'active'],
      ['U4', 'active'],
      ['U3', 'deleted'],
    ]);
    expect(diff.rowCount).toBe(3);
  });

  it('uses the drop statuses for users and enrollments, and deletes nothing with skip_deletes', () => {
    expect(
      rows(diffAgainstPrevious([before], [after], { ...OPTIONS, diffingUserRemoveStatus: 'suspended' }, () => undefined).files[0])?.[2],
    ).toEqual(['U3', 'suspended']);
    const enrollmentsBefore = csv('e.csv', 'course_id,user_id,role,status\nC1,U1,student,active\nC1,U2,student,active');
    const enrollmentsAfter = csv('e.csv', 'course_id,user_id,role,status\nC1,U1,student,active');
    expect(
      rows(
        diffAgainstPrevious([enrollmentsBefore], [enrollmentsAfter], { ...OPTIONS, diffingDropStatus: 'completed' }, () => undefined)
          .files[0],
      ),
    ).toEqual([['U2', 'completed']]);
    expect(diffAgainstPrevious([before], [after], { ...OPTIONS, skipDeletes: true }, () => undefined).rowCount).toBe(2);
  });

  it('applies the whole file, with a warning, when the previous files cannot be matched', () => {
    const warnings: string[] = [];
    const other = csv('staff.csv', 'user_id,login_id,status\nU9,u9,active');
    const diff = diffAgainstPrevious([before, other], [after], OPTIONS, (_file, message) => warnings.push(message));
    expect(diff.rowCount).toBe(3);
    expect(warnings).toEqual(['Unable to perform diffing against mismatched previous and current user imports']);
  });
});
