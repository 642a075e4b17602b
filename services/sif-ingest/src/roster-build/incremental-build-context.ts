import { compareSisIds, type RosterCourse, type RosterSchool, type RosterSection, type RosterTerm } from '@sisbridge/roster';
import type { SifObjectName, SifRecord } from '@sisbridge/sif-codec';
import type { ClaimedSisId, RosterBuildContext, SisIdKind } from './build-context';
import { buildCourse } from './course.builder';
import type { Person } from './person';
import type { Rejection } from './rejection';
import type { RosterRules } from './roster-rules';
import { buildSchool } from './school.builder';
import { buildSection, type BuiltSection } from './section.builder';
import type { SisIdResult } from './sis-ids';
import { buildStaff } from './staff.builder';
import { buildStudent } from './student.builder';
import { buildTerm } from './term.builder';

/** A current object: its kind and record. */
export interface KnownRecord {
  objectName: SifObjectName;
  record: SifRecord;
}

/** Who holds a SIS id in the district's newest version. */
export interface SisIdOwner {
  refId: string;
  objectName: string;
}

/**
 * The context of an incremental build: parents are built on demand, with the same builders, from
 * the current objects fetched beforehand (`records`), and kept for the pass. SIS ids are claimed
 * against the district's newest version (`owners`) and the claims of the pass: as in a full build,
 * where objects come in RefId order, the lowest RefId keeps a contested id, so an object that
 * takes an id from a higher one hands that one back to be rebuilt (`onTakeover`). Only the
 * rejections of the objects being rebuilt (`rebuilding`) are recorded: parents built for a
 * look-up were judged when they last changed.
 */
export class IncrementalBuildContext implements RosterBuildContext {
  private readonly schools = new Map<string, RosterSchool | null>();
  private readonly terms = new Map<string, RosterTerm | null>();
  private readonly courses = new Map<string, RosterCourse | null>();
  private readonly sections = new Map<string, BuiltSection | null>();
  private readonly staffMembers = new Map<string, Person | null>();
  private readonly students = new Map<string, Person | null>();
  private readonly claims = new Map<string, string>();
  private readonly rejected = new Set<string>();

  constructor(
    readonly rules: RosterRules,
    private readonly records: ReadonlyMap<string, KnownRecord | null>,
    private readonly owners: ReadonlyMap<string, SisIdOwner>,
    private readonly rebuilding: ReadonlySet<string>,
    private readonly onReject: (rejection: Rejection) => void,
    private readonly onTakeover: (objectName: string, refId: string) => void,
  ) {}

  reject(rejection: Rejection): void {
    if (!rejection.refId || !this.rebuilding.has(rejection.refId)) return;
    const key = `${rejection.objectName}/${rejection.refId}/${rejection.problem}`;
    if (this.rejected.has(key)) return;
    this.rejected.add(key);
    this.onReject(rejection);
  }

  skip(): void {
    // Skips are counted by full builds only.
  }

  claim(kind: SisIdKind, result: SisIdResult, objectName: string, refId: string): result is ClaimedSisId {
    if ('problem' in result) {
      this.reject({ objectName, refId, problem: result.problem });
      return false;
    }
    const key = `${kind}/${result.sisId}`;
    const claimed = this.claims.get(key);
    const owner = claimed !== undefined ? { refId: claimed, objectName: this.objectNameOf(claimed) } : this.owners.get(key);
    if (owner && owner.refId !== refId) {
      if (compareSisIds(refId, owner.refId) > 0) {
        this.reject({
          objectName,
          refId,
          problem: `${objectName} would have SIS id ${result.sisId}, which ${owner.objectName} ${owner.refId} already has`,
        });
        return false;
      }
      this.onTakeover(owner.objectName, owner.refId);
    }
    this.claims.set(key, refId);
    return true;
  }

  school(refId: string | undefined): RosterSchool | undefined {
    return this.memo(this.schools, refId, 'SchoolInfo', (record) => buildSchool(record, this));
  }

  term(refId: string | undefined): RosterTerm | undefined {
    return this.memo(this.terms, refId, 'TermInfo', (record) => buildTerm(record, this));
  }

  course(refId: string | undefined): RosterCourse | undefined {
    return this.memo(this.courses, refId, 'SchoolCourseInfo', (record) => buildCourse(record, this));
  }

  section(refId: string | undefined): RosterSection | undefined {
    return this.builtSection(refId)?.section;
  }

  /** A section with its teachers' enrollments, as `buildSection` makes it. */
  builtSection(refId: string | undefined): BuiltSection | undefined {
    return this.memo(this.sections, refId, 'SectionInfo', (record) => buildSection(record, this));
  }

  staff(refId: string | undefined): Person | undefined {
    return this.memo(this.staffMembers, refId, 'StaffPersonal', (record) => buildStaff(record, this));
  }

  student(refId: string | undefined): Person | undefined {
    return this.memo(this.students, refId, 'StudentPersonal', (record) => buildStudent(record, this));
  }

  private memo<N extends SifObjectName, T>(
    cache: Map<string, T | null>,
    refId: string | undefined,
    objectName: N,
    build: (record: Extract<SifRecord, { objectName: N }>) => T | undefined,
  ): T | undefined {
    if (!refId) return undefined;
    const known = cache.get(refId);
    if (known !== undefined) return known ?? undefined;
    const found = this.records.get(refId);
    if (found === undefined) throw new Error(`the incremental build looked up ${objectName} ${refId} before fetching it`);
    const built = found?.objectName === objectName ? build(found.record as Extract<SifRecord, { objectName: N }>) : undefined;
    cache.set(refId, built ?? null);
    return built;
  }

  private objectNameOf(refId: string): string {
    return this.records.get(refId)?.objectName ?? 'object';
  }
}
