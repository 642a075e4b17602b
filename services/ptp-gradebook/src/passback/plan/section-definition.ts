import { createHash } from 'node:crypto';

/**
 * One Canvas assignment as the PTP assignment of one section: everything sisbridge sends, and
 * nothing PTP computes. Its fingerprint tells an unchanged assignment (no call) from a changed
 * one (a replace).
 */
export interface SectionDefinition {
  name: string;
  /** YYYY-MM-DD in the district's time zone. */
  dueDate: string;
  points: number;
  /** Raised to fit scores above points possible when the district sends extra points (see README). */
  extraCreditPoints: number;
  countsInFinalGrade: boolean;
  publishScores: boolean;
  publishOption: string;
  teacherCategoryId: number;
  yearId: number;
}

export function fingerprint(definition: SectionDefinition): string {
  const ordered = [
    definition.name,
    definition.dueDate,
    definition.points,
    definition.extraCreditPoints,
    definition.countsInFinalGrade,
    definition.publishScores,
    definition.publishOption,
    definition.teacherCategoryId,
    definition.yearId,
  ];
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 32);
}

/** Whether a change from `before` to `after` changes scoring (PTP then wants update_scores=true). */
export function scoringChanged(before: SectionDefinition | undefined, after: SectionDefinition): boolean {
  return !before || before.points !== after.points || before.extraCreditPoints !== after.extraCreditPoints;
}
