import { contextWith, SECTION_A, studentPerson } from '../testing/roster-build.test-helper';
import { buildStudentSectionEnrollment } from './student-section-enrollment.builder';

describe('buildStudentSectionEnrollment', () => {
  const record = {
    objectName: 'StudentSectionEnrollment' as const,
    refId: 'RR',
    studentPersonalRefId: 'RA',
    sectionInfoRefId: 'XA',
    schoolYear: 2026,
    entryDate: '2025-08-20',
  };

  it('enrolls the student in the section, keeping the dates and the RefId', () => {
    const { context } = contextWith({ sections: [SECTION_A], students: [studentPerson('RA', 51)] });
    expect(buildStudentSectionEnrollment({ ...record, exitDate: '2026-06-01' }, context)).toEqual({
      studentRefId: 'RA',
      section: SECTION_A,
      enrollment: {
        kind: 'enrollment',
        sisId: 'SEC31|S51|student',
        sectionSisId: 'SEC31',
        userSisId: 'S51',
        role: 'student',
        refId: 'RR',
        entryDate: '2025-08-20',
        exitDate: '2026-06-01',
      },
    });
  });

  it('skips an exited enrollment and another school year, and rejects a dangling section or student', () => {
    const { context, rejections } = contextWith({ sections: [SECTION_A] });
    expect(buildStudentSectionEnrollment({ ...record, schoolYear: 2025 }, context)).toBeUndefined();
    expect(buildStudentSectionEnrollment(record, context)).toBeUndefined();
    expect(buildStudentSectionEnrollment({ ...record, sectionInfoRefId: 'XZ' }, context)).toBeUndefined();
    expect(rejections.map((r) => r.problem)).toEqual([
      'StudentSectionEnrollment/@StudentPersonalRefId RA names no StudentPersonal in the roster (missing from the feed, of another school year, or rejected)',
      'StudentSectionEnrollment/@SectionInfoRefId XZ names no SectionInfo in the roster (missing from the feed, of another school year, or rejected)',
    ]);
    const withStudent = contextWith({ sections: [SECTION_A], students: [studentPerson('RA', 51)] }).context;
    expect(buildStudentSectionEnrollment({ ...record, exitDate: '2025-10-01' }, withStudent)).toBeUndefined();
    expect(withStudent.skipped.exitedEnrollments).toBe(1);
  });
});
