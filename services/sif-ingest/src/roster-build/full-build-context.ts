import type { RosterCourse, RosterSchool, RosterSection, RosterTerm } from '@sisbridge/roster';
import type { ClaimedSisId, RosterBuildContext, SisIdKind } from './build-context';
import type { Person } from './person';
import { noneSkipped, type Rejection, type SkippedCounts } from './rejection';
import type { RosterRules } from './roster-rules';
import type { SisIdResult } from './sis-ids';

/**
 * The context of a full build: parents in maps, filled as each kind is built (schools, terms,
 * courses, sections and people fit in memory even for a large district); SIS ids claimed first
 * come, first served (objects come in RefId order, so the lowest RefId keeps a contested id).
 */
export class FullBuildContext implements RosterBuildContext {
  readonly schools = new Map<string, RosterSchool>();
  readonly terms = new Map<string, RosterTerm>();
  readonly courses = new Map<string, RosterCourse>();
  readonly sections = new Map<string, RosterSection>();
  readonly staffMembers = new Map<string, Person>();
  readonly students = new Map<string, Person>();
  private readonly claimed = new Map<SisIdKind, Map<string, string>>();

  constructor(
    readonly rules: RosterRules,
    private readonly onReject: (rejection: Rejection) => void,
    readonly skipped: SkippedCounts = noneSkipped(),
  ) {}

  reject(rejection: Rejection): void {
    this.onReject(rejection);
  }

  skip(reason: keyof SkippedCounts): void {
    this.skipped[reason]++;
  }

  claim(kind: SisIdKind, result: SisIdResult, objectName: string, refId: string): result is ClaimedSisId {
    if ('problem' in result) {
      this.reject({ objectName, refId, problem: result.problem });
      return false;
    }
    const used = this.claimed.get(kind) ?? new Map<string, string>();
    this.claimed.set(kind, used);
    const owner = used.get(result.sisId);
    if (owner !== undefined) {
      this.reject({ objectName, refId, problem: `${objectName} would have SIS id ${result.sisId}, which ${owner} already has` });
      return false;
    }
    used.set(result.sisId, `${objectName} ${refId}`);
    return true;
  }

  school(refId: string | undefined): RosterSchool | undefined {
    return this.schools.get(refId ?? '');
  }

  term(refId: string | undefined): RosterTerm | undefined {
    return this.terms.get(refId ?? '');
  }

  course(refId: string | undefined): RosterCourse | undefined {
    return this.courses.get(refId ?? '');
  }

  section(refId: string | undefined): RosterSection | undefined {
    return this.sections.get(refId ?? '');
  }

  staff(refId: string | undefined): Person | undefined {
    return this.staffMembers.get(refId ?? '');
  }

  student(refId: string | undefined): Person | undefined {
    return this.students.get(refId ?? '');
  }
}
