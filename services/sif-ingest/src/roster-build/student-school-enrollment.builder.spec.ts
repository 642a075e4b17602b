import { contextWith, SCHOOL_A, studentPerson, testRules } from '../testing/roster-build.test-helper';
import { buildStudentSchoolEnrollment } from './student-school-enrollment.builder';

describe('buildStudentSchoolEnrollment', () => {
  const record = {
    objectName: 'StudentSchoolEnrollment' as const,
    refId: 'EA',
    studentPersonalRefId: 'RA',
    schoolInfoRefId: 'SA',
    membershipType: 'Home',
    schoolYear: 2026,
    gradeLevel: '07',
  };

  it('gives the student the school and the grade, marked Home', () => {
    const { context } = contextWith({ schools: [SCHOOL_A], students: [studentPerson('RA', 51)] });
    expect(buildStudentSchoolEnrollment(record, context)).toEqual({
      studentRefId: 'RA',
      enrollment: { home: true, schoolSisId: 'SCH1', gradeLevel: '07' },
    });
  });

  it.each([
    ['day-after-last', '2025-10-15', false],
    ['last-day', '2025-10-15', true],
    ['last-day', '2025-10-14', false],
  ] as const)('[U] with exitDateMeaning %s, an ExitDate of %s is still enrolled: %s', (exitDateMeaning, exitDate, kept) => {
    const { context } = contextWith({ schools: [SCHOOL_A], students: [studentPerson('RA', 51)] }, testRules({ exitDateMeaning }));
    expect(buildStudentSchoolEnrollment({ ...record, exitDate }, context) !== undefined).toBe(kept);
    expect(context.skipped.exitedEnrollments).toBe(kept ? 0 : 1);
  });

  it('rejects an enrollment whose school or student is missing', () => {
    const { context, rejections } = contextWith({ schools: [SCHOOL_A] });
    expect(buildStudentSchoolEnrollment(record, context)).toBeUndefined();
    expect(rejections.map((r) => r.problem)).toEqual([
      'StudentSchoolEnrollment/@StudentPersonalRefId RA names no StudentPersonal in the roster (missing from the feed, of another school year, or rejected)',
    ]);
  });
});
