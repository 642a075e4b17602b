import { enrollmentSisId, type RosterEnrollment, type RosterSection } from '@sisbridge/roster';
import type { StudentSectionEnrollmentRecord } from '@sisbridge/sif-codec';
import { isCurrentYear, type RosterBuildContext } from './build-context';
import { dangling } from './rejection';
import { isStillEnrolled } from './roster-rules';

/** A student's enrollment in a section, and the section (whose school becomes one of the student's). */
export interface BuiltSectionEnrollment {
  studentRefId: string;
  section: RosterSection;
  enrollment: RosterEnrollment;
}

/**
 * StudentSectionEnrollment of the school year → a student enrollment (entry and exit dates
 * kept). An enrollment whose ExitDate is past (`exitDateMeaning`) is skipped. The same student
 * twice in one section is one enrollment: the caller keeps the first by RefId.
 */
export function buildStudentSectionEnrollment(
  record: StudentSectionEnrollmentRecord,
  context: RosterBuildContext,
): BuiltSectionEnrollment | undefined {
  if (!isCurrentYear(context, record)) return undefined;
  const section = context.section(record.sectionInfoRefId);
  if (!section) {
    context.reject({
      objectName: 'StudentSectionEnrollment',
      refId: record.refId,
      problem: dangling('StudentSectionEnrollment', '@SectionInfoRefId', record.sectionInfoRefId, 'SectionInfo'),
    });
    return undefined;
  }
  const student = context.student(record.studentPersonalRefId);
  if (!student) {
    context.reject({
      objectName: 'StudentSectionEnrollment',
      refId: record.refId,
      problem: dangling('StudentSectionEnrollment', '@StudentPersonalRefId', record.studentPersonalRefId, 'StudentPersonal'),
    });
    return undefined;
  }
  if (!isStillEnrolled(record.exitDate, context.rules.asOf, context.rules.exitDateMeaning)) {
    context.skip('exitedEnrollments');
    return undefined;
  }
  const enrollment: RosterEnrollment = {
    kind: 'enrollment',
    sisId: enrollmentSisId(section.sisId, student.sisId, 'student'),
    sectionSisId: section.sisId,
    userSisId: student.sisId,
    role: 'student',
    refId: record.refId,
  };
  if (record.entryDate) enrollment.entryDate = record.entryDate;
  if (record.exitDate) enrollment.exitDate = record.exitDate;
  return { studentRefId: record.studentPersonalRefId ?? '', section, enrollment };
}
