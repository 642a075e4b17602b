/**
 * SIF's SchoolYear is the year in which the school year ends (2026 = 2025-26); PowerSchool's
 * YEARID is the start year − 1990 (2025-26 = 35), so SchoolYear = YEARID + 1991.
 */
export function currentSchoolYear(now: Date = new Date()): number {
  // A new school year is taken to begin on 1 July, when districts roll PowerSchool over.
  return now.getMonth() >= 6 ? now.getFullYear() + 1 : now.getFullYear();
}

export function yearIdOf(schoolYear: number): number {
  return schoolYear - 1991;
}

/** "2025-2026" for SchoolYear 2026. */
export function schoolYearLabel(schoolYear: number): string {
  return `${schoolYear - 1}-${schoolYear}`;
}
