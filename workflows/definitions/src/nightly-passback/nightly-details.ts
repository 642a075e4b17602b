import type { NightlyPassbackProgress } from '@sisbridge/contracts';

/** The run's current details in Temporal UI: where the night is, in one line an operator can read. */
export function nightlyDetails(districtId: string, progress: NightlyPassbackProgress): string {
  const { totals } = progress;
  if (progress.phase === 'planning') return `Nightly passback of ${districtId}: reading the nightly_sync courses from Canvas`;
  return [
    `Nightly passback of ${districtId}: ${progress.teachersDone} of ${progress.teachers} teachers done`,
    `${totals.completed} courses completed, ${totals.completedWithErrors} with errors, ${totals.failed} failed, ${totals.alreadyRunning} already running`,
  ].join('; ');
}
