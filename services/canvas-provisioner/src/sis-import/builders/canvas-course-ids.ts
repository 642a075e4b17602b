import type { RosterSection } from '@sisbridge/roster';
import type { BuildContext } from './build-context';

/**
 * Which Canvas course a roster section lives in. One course per section: the course's SIS id is
 * the section's. One course per offering: `{course SIS id}-{term SIS id}`, shared by every section
 * of that course in that term. A section's Canvas term is its first ScheduleInfo term.
 */
export function canvasCourseIdOf(section: RosterSection, mode: BuildContext['canvas']['courseMode']): string {
  if (mode === 'course-per-section') return section.sisId;
  return offeringId(section.courseSisId, canvasTermOf(section));
}

export function offeringId(courseSisId: string, termSisId: string): string {
  return `${courseSisId}-${termSisId}`;
}

export function canvasTermOf(section: RosterSection): string {
  const term = section.termSisIds[0];
  if (!term) throw new Error(`section ${section.sisId} has no term`);
  return term;
}
