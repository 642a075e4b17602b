import type { CanvasSettings } from '@sisbridge/district-config';
import type { RosterCourse, RosterSchool, RosterSection, RosterTerm } from '@sisbridge/roster';

/**
 * What the builders need to know beyond the change they are turning into rows: the district's
 * settings, and the small kinds of both snapshots (schools, terms, courses, sections — a few
 * thousand rows even for a large district), so a row can name its school, term and course.
 */
export interface BuildContext {
  canvas: Pick<CanvasSettings, 'courseMode' | 'loginIdSource' | 'authenticationProviderId' | 'enrollmentDropStatus' | 'userRemoveStatus'>;
  before: SnapshotIndex;
  after: SnapshotIndex;
}

/** A snapshot's small kinds in memory, by SIS id (the builders' view of one side of a diff). */
export interface SnapshotIndex {
  schools: ReadonlyMap<string, RosterSchool>;
  terms: ReadonlyMap<string, RosterTerm>;
  courses: ReadonlyMap<string, RosterCourse>;
  sections: ReadonlyMap<string, RosterSection>;
}

export function emptySnapshotIndex(): SnapshotIndex {
  return { schools: new Map(), terms: new Map(), courses: new Map(), sections: new Map() };
}

/** A change the builders could not turn into a row, with the reason an operator can act on. */
export interface BuildProblem {
  kind: string;
  sisId: string;
  problem: string;
}
