import { mergeParams, parseRailsParams } from './rails-params';

describe('Rails-style parameters', () => {
  it('reads nested hashes and arrays the way Rails does', () => {
    expect(parseRailsParams('assignment%5Bname%5D=Unit+3&student_ids[]=1&student_ids[]=sis_user_id%3AS2&grouped')).toEqual({
      assignment: { name: 'Unit 3' },
      student_ids: ['1', 'sis_user_id:S2'],
      grouped: '',
    });
  });

  it('builds arrays of hashes, starting a new hash when a key repeats', () => {
    const params = parseRailsParams(
      'assignment[assignment_overrides][][course_section_id]=4&assignment[assignment_overrides][][due_at]=2025-10-01' +
        '&assignment[assignment_overrides][][due_at]=2025-10-02&assignment[assignment_overrides][][student_ids][]=7&assignment[assignment_overrides][][student_ids][]=8',
    );
    expect(params).toEqual({
      assignment: {
        assignment_overrides: [
          { course_section_id: '4', due_at: '2025-10-01' },
          { due_at: '2025-10-02', student_ids: ['7', '8'] },
        ],
      },
    });
  });

  it('puts a nested array into the last hash, as Rails does (so a new hash must start with a plain key)', () => {
    expect(parseRailsParams('o[][course_section_id]=4&o[][student_ids][]=7')).toEqual({
      o: [{ course_section_id: '4', student_ids: ['7'] }],
    });
  });

  it('lets the body win over the query string, merging nested hashes', () => {
    expect(mergeParams({ a: { x: '1', y: '2' }, page: '2' }, { a: { y: '3' } })).toEqual({ a: { x: '1', y: '3' }, page: '2' });
  });
});
