import type { RosterCourse, RosterSchool, RosterSection, RosterTerm } from '@sisbridge/roster';
import type { Person } from './person';
import type { Rejection, SkippedCounts } from './rejection';
import type { RosterRules } from './roster-rules';
import type { SisIdResult } from './sis-ids';

/** The kinds whose SIS ids must be unique (staff and students share `user`: their templates differ). */
export type SisIdKind = 'school' | 'term' | 'course' | 'section' | 'user';

export type ClaimedSisId = { sisId: string; dcid?: number };

/**
 * What every per-kind builder shares: the district's rules, where rejections and skips go, the
 * claiming of SIS ids, and the look-ups of the parents an object names (by RefId, as the roster
 * holds them: undefined when the parent is missing, of another year, or rejected).
 *
 * Look-ups are synchronous on purpose: a full build fills them as it goes, kind by kind in
 * dependency order (`FullBuildContext`); an incremental one first fetches from the store the
 * parents that the objects to rebuild name, then runs the same builders over them. The builders
 * themselves never do I/O, so both builds follow one set of rules.
 */
export interface RosterBuildContext {
  readonly rules: RosterRules;
  reject(rejection: Rejection): void;
  skip(reason: keyof SkippedCounts): void;
  /**
   * Claims a SIS id for one object: false (and the object rejected) when the id could not be
   * made, or another object has it already (it would overwrite that one in Canvas).
   */
  claim(kind: SisIdKind, result: SisIdResult, objectName: string, refId: string): result is ClaimedSisId;
  school(refId: string | undefined): RosterSchool | undefined;
  term(refId: string | undefined): RosterTerm | undefined;
  course(refId: string | undefined): RosterCourse | undefined;
  section(refId: string | undefined): RosterSection | undefined;
  staff(refId: string | undefined): Person | undefined;
  student(refId: string | undefined): Person | undefined;
}

/** Only objects of the run's school year are in the roster; the others are skipped, and counted. */
export function isCurrentYear(context: RosterBuildContext, record: { schoolYear?: number }): boolean {
  if (record.schoolYear === context.rules.schoolYear) return true;
  context.skip('otherSchoolYear');
  return false;
}
