import { contextWith, SCHOOL_A, staffPerson } from '../testing/roster-build.test-helper';
import { buildStaffAssignment } from './staff-assignment.builder';

describe('buildStaffAssignment', () => {
  const record = { objectName: 'StaffAssignment' as const, refId: 'AA', schoolInfoRefId: 'SA', staffPersonalRefId: 'PA', schoolYear: 2026 };

  it('gives the staff member the assignment’s school', () => {
    const { context } = contextWith({ schools: [SCHOOL_A], staff: [staffPerson('PA', 41)] });
    expect(buildStaffAssignment(record, context)).toEqual({ personRefId: 'PA', schoolSisId: 'SCH1' });
  });

  it('skips last year’s assignments (a teacher with only those is district-level staff)', () => {
    const { context, rejections } = contextWith({ schools: [SCHOOL_A], staff: [staffPerson('PA', 41)] });
    expect(buildStaffAssignment({ ...record, schoolYear: 2025 }, context)).toBeUndefined();
    expect(rejections).toEqual([]);
  });

  it('rejects an assignment whose school or staff member is missing', () => {
    const { context, rejections } = contextWith({ schools: [SCHOOL_A] });
    expect(buildStaffAssignment(record, context)).toBeUndefined();
    expect(buildStaffAssignment({ ...record, schoolInfoRefId: 'SX' }, context)).toBeUndefined();
    expect(rejections.map((r) => r.problem)).toEqual([
      'StaffAssignment/@StaffPersonalRefId PA names no StaffPersonal in the roster (missing from the feed, of another school year, or rejected)',
      'StaffAssignment/@SchoolInfoRefId SX names no SchoolInfo in the roster (missing from the feed, of another school year, or rejected)',
    ]);
  });
});
