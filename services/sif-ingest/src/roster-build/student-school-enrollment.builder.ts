import type { StudentSchoolEnrollmentRecord } from '@sisbridge/sif-codec';
import { isCurrentYear, type RosterBuildContext } from './build-context';
import type { SchoolEnrollment } from './person';
import { dangling } from './rejection';
import { isStillEnrolled } from './roster-rules';

/** A student's school (which makes them a user) and what it says about their grade. */
export interface BuiltSchoolEnrollment {
  studentRefId: string;
  enrollment: SchoolEnrollment;
}

/**
 * StudentSchoolEnrollment of the school year → one of its student's schools, with the grade it
 * gives (Home enrollments first, see `buildUser`). An enrollment whose ExitDate is past
 * (`exitDateMeaning`) is skipped.
 */
export function buildStudentSchoolEnrollment(
  record: StudentSchoolEnrollmentRecord,
  context: RosterBuildContext,
): BuiltSchoolEnrollment | undefined {
  if (!isCurrentYear(context, record)) return undefined;
  const school = context.school(record.schoolInfoRefId);
  if (!school) {
    context.reject({
      objectName: 'StudentSchoolEnrollment',
      refId: record.refId,
      problem: dangling('StudentSchoolEnrollment', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
    });
    return undefined;
  }
  if (!context.student(record.studentPersonalRefId)) {
    context.reject({
      objectName: 'StudentSchoolEnrollment',
      refId: record.refId,
      problem: dangling('StudentSchoolEnrollment', '@StudentPersonalRefId', record.studentPersonalRefId, 'StudentPersonal'),
    });
    return undefined;
  }
  if (!isStillEnrolled(record.exitDate, context.rules.asOf, context.rules.exitDateMeaning)) {
    context.skip('exitedEnrollments');
    return undefined;
  }
  const enrollment: SchoolEnrollment = { home: record.membershipType === 'Home', schoolSisId: school.sisId };
  if (record.gradeLevel) enrollment.gradeLevel = record.gradeLevel;
  return { studentRefId: record.studentPersonalRefId ?? '', enrollment };
}
