/** An object kept out of the roster, and why, in words an operator can act on. */
export interface Rejection {
  objectName: string;
  refId?: string;
  problem: string;
}

/** Objects skipped by the rules, not rejected: other school years, people without a school, exits. */
export interface SkippedCounts {
  otherSchoolYear: number;
  districtLevelStaff: number;
  studentsWithoutEnrollment: number;
  exitedEnrollments: number;
}

export function noneSkipped(): SkippedCounts {
  return { otherSchoolYear: 0, districtLevelStaff: 0, studentsWithoutEnrollment: 0, exitedEnrollments: 0 };
}

/** The problem of an object whose reference names nothing the roster holds. */
export function dangling(objectName: string, field: string, refId: string | undefined, target: string): string {
  return `${objectName}/${field} ${refId ?? '(empty)'} names no ${target} in the roster (missing from the feed, of another school year, or rejected)`;
}
