import type { StaffAssignmentRecord } from '@sisbridge/sif-codec';
import { isCurrentYear, type RosterBuildContext } from './build-context';
import { dangling } from './rejection';

/** A school a person belongs to, by the person's RefId. */
export interface PersonSchool {
  personRefId: string;
  schoolSisId: string;
}

/** StaffAssignment of the school year → one of its staff member's schools (which makes them a user). */
export function buildStaffAssignment(record: StaffAssignmentRecord, context: RosterBuildContext): PersonSchool | undefined {
  if (!isCurrentYear(context, record)) return undefined;
  const school = context.school(record.schoolInfoRefId);
  if (!school) {
    context.reject({
      objectName: 'StaffAssignment',
      refId: record.refId,
      problem: dangling('StaffAssignment', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
    });
    return undefined;
  }
  if (!context.staff(record.staffPersonalRefId)) {
    context.reject({
      objectName: 'StaffAssignment',
      refId: record.refId,
      problem: dangling('StaffAssignment', '@StaffPersonalRefId', record.staffPersonalRefId, 'StaffPersonal'),
    });
    return undefined;
  }
  return { personRefId: record.staffPersonalRefId ?? '', schoolSisId: school.sisId };
}
