import { compareSisIds, type RosterEnrollment, type RosterEntity, type RosterKind } from '@sisbridge/roster';
import type { SifObjectName, SifRecord } from '@sisbridge/sif-codec';
import { namedRefIds } from '../objects/object-references';
import { IncrementalBuildContext, type KnownRecord, type SisIdOwner } from './incremental-build-context';
import type { SchoolEnrollment } from './person';
import type { Rejection } from './rejection';
import type { RosterRules } from './roster-rules';
import { sisIdOf, type SisIdTemplateName } from './sis-ids';
import { buildStaffAssignment } from './staff-assignment.builder';
import { buildStudentSchoolEnrollment } from './student-school-enrollment.builder';
import { buildStudentSectionEnrollment } from './student-section-enrollment.builder';
import { buildUser } from './user.builder';

/** An object that changed: as it was (absent: it was not there) and as it is now (absent: it is gone). */
export interface ChangedObject {
  objectName: SifObjectName;
  refId: string;
  before?: SifRecord;
}

/** Where an incremental build reads: the current objects (already changed) and the district's newest version. */
export interface IncrementalSources {
  objects(refIds: readonly string[]): Promise<Array<{ objectName: SifObjectName; refId: string; record: SifRecord }>>;
  naming(refIds: readonly string[]): Promise<Array<{ objectName: SifObjectName; refId: string; record: SifRecord }>>;
  entitiesByRefIds(kind: RosterKind, refIds: readonly string[]): Promise<RosterEntity[]>;
  entitiesBySisIds(kind: RosterKind, sisIds: readonly string[]): Promise<RosterEntity[]>;
  teacherEnrollmentsOf(sectionSisIds: readonly string[]): Promise<RosterEnrollment[]>;
}

/** What a version of changes holds: entities to add or replace, and the keys of those that go. */
export interface RosterChanges {
  upserts: RosterEntity[];
  removals: Array<{ kind: RosterKind; sisId: string }>;
}

/** The kinds in the order their dependents follow them (an object only names objects of kinds before its own). */
const ORDER: readonly SifObjectName[] = [
  'SchoolInfo',
  'TermInfo',
  'SchoolCourseInfo',
  'StaffPersonal',
  'SectionInfo',
  'StudentPersonal',
  'StaffAssignment',
  'StudentSchoolEnrollment',
  'StudentSectionEnrollment',
];

const ENTITY_KIND: Partial<Record<SifObjectName, RosterKind>> = {
  SchoolInfo: 'school',
  TermInfo: 'term',
  SchoolCourseInfo: 'course',
  SectionInfo: 'section',
  StaffPersonal: 'user',
  StudentPersonal: 'user',
  StudentSectionEnrollment: 'enrollment',
};

const TEMPLATE: Partial<Record<SifObjectName, SisIdTemplateName>> = {
  SchoolInfo: 'school',
  TermInfo: 'term',
  SchoolCourseInfo: 'course',
  SectionInfo: 'section',
  StaffPersonal: 'staff',
  StudentPersonal: 'student',
};

/**
 * Rebuilds only what some changed objects touch, with the same builders as a full build, and
 * says what changes in the roster: the result equals a full build of the current objects (the
 * property test holds it to that). Cost grows with the changes, not the district:
 * - each changed object's own entity is rebuilt (a section with its teachers' enrollments);
 * - when an entity others copy from changes its identity (appears, goes, changes SIS id or
 *   school), the objects naming it are rebuilt too (a course's sections, a section's students'
 *   enrollments), found through the RefIds objects name;
 * - the people whose schools, grade or enrollments may follow (the persons named by changed
 *   assignments, sections and enrollments, before and after) get their user and, for students,
 *   all their section enrollments rebuilt (one per section: the lowest RefId of those that qualify).
 * Entities that a rebuilt unit made before and no longer makes are removed.
 *
 * Known limit: an object refused a SIS id another object held is reconsidered only when it
 * changes itself, or by the next nightly full build, when the holder lets go of the id.
 */
export async function rebuildChanged(
  changed: readonly ChangedObject[],
  rules: RosterRules,
  sources: IncrementalSources,
  onReject: (rejection: Rejection) => void,
): Promise<RosterChanges> {
  const engine = new IncrementalRoster(rules, sources, onReject);
  return engine.run(changed);
}

class IncrementalRoster {
  private readonly records = new Map<string, KnownRecord | null>();
  private readonly owners = new Map<string, SisIdOwner>();
  private readonly ownersAsked = new Set<string>();
  private readonly before = new Map<string, SifRecord>();
  private readonly dirty = new Map<SifObjectName, Set<string>>();
  private readonly done = new Set<string>();
  private readonly rebuilding = new Set<string>();
  private readonly persons = new Set<string>();
  private readonly enrolledStudents = new Set<string>();
  private readonly upserts = new Map<string, RosterEntity>();
  private readonly removals = new Map<string, { kind: RosterKind; sisId: string }>();
  private readonly context: IncrementalBuildContext;

  constructor(
    private readonly rules: RosterRules,
    private readonly sources: IncrementalSources,
    onReject: (rejection: Rejection) => void,
  ) {
    this.context = new IncrementalBuildContext(rules, this.records, this.owners, this.rebuilding, onReject, (objectName, refId) =>
      this.markDirty(objectName as SifObjectName, refId),
    );
  }

  async run(changed: readonly ChangedObject[]): Promise<RosterChanges> {
    for (const change of changed) {
      if (change.before) this.before.set(change.refId, change.before);
      this.markDirty(change.objectName, change.refId);
    }
    for (const objectName of ORDER) {
      for (let batch = this.pending(objectName); batch.length > 0; batch = this.pending(objectName)) {
        await this.fetch(batch);
        await this.fetchParentsAndOwners();
        const old = await this.oldEntities(objectName, batch);
        for (const refId of batch) {
          this.done.add(refId);
          await this.rebuildObject(objectName, refId, old.get(refId));
        }
      }
    }
    await this.rebuildEnrollments();
    await this.rebuildUsers();
    return {
      upserts: [...this.upserts.values()],
      removals: [...this.removals.values()].filter((key) => !this.upserts.has(`${key.kind}/${key.sisId}`)),
    };
  }

  private markDirty(objectName: SifObjectName, refId: string): void {
    if (!ORDER.includes(objectName)) return;
    this.rebuilding.add(refId);
    const set = this.dirty.get(objectName) ?? new Set<string>();
    set.add(refId);
    this.dirty.set(objectName, set);
  }

  /** The dirty objects of a kind not rebuilt yet, in RefId order (as a full build meets them). */
  private pending(objectName: SifObjectName): string[] {
    return [...(this.dirty.get(objectName) ?? [])].filter((refId) => !this.done.has(refId)).sort(compareSisIds);
  }

  private async rebuildObject(objectName: SifObjectName, refId: string, old: RosterEntity | undefined): Promise<void> {
    const record = this.records.get(refId);
    const now = record?.objectName === objectName ? record.record : undefined;
    const before = this.before.get(refId);
    const context = this.context;
    switch (objectName) {
      case 'SchoolInfo':
      case 'TermInfo':
      case 'SchoolCourseInfo': {
        const built =
          objectName === 'SchoolInfo' ? context.school(refId) : objectName === 'TermInfo' ? context.term(refId) : context.course(refId);
        this.emit(old, built);
        const schoolOf = (entity: RosterEntity | undefined) => (entity && 'schoolSisId' in entity ? entity.schoolSisId : undefined);
        if (old?.sisId !== built?.sisId || schoolOf(old) !== schoolOf(built)) await this.cascade(refId);
        return;
      }
      case 'SectionInfo': {
        const built = context.builtSection(refId);
        this.emit(old, built?.section);
        const oldTeachers = old ? await this.sources.teacherEnrollmentsOf([old.sisId]) : [];
        const newTeachers = built?.teacherEnrollments ?? [];
        for (const enrollment of newTeachers) this.emit(undefined, enrollment);
        for (const enrollment of oldTeachers) if (!newTeachers.some((e) => e.sisId === enrollment.sisId)) this.remove(enrollment);
        for (const teacher of [...teacherRefIds(before), ...teacherRefIds(now)]) this.persons.add(teacher);
        const oldSchool = old?.kind === 'section' ? old.schoolSisId : undefined;
        if (old?.sisId !== built?.section.sisId || oldSchool !== built?.section.schoolSisId) await this.cascade(refId);
        return;
      }
      case 'StaffPersonal':
      case 'StudentPersonal': {
        this.persons.add(refId);
        const person = objectName === 'StaffPersonal' ? context.staff(refId) : context.student(refId);
        const template = TEMPLATE[objectName] as SisIdTemplateName;
        const was = before ? sisIdOf(this.rules, template, before, objectName) : undefined;
        const wasSisId = was && 'sisId' in was ? was.sisId : undefined;
        if (!before || wasSisId !== person?.sisId || !person) await this.cascade(refId);
        return;
      }
      case 'StaffAssignment': {
        if (now?.objectName === 'StaffAssignment') buildStaffAssignment(now, context);
        for (const record of [before, now])
          if (record?.objectName === 'StaffAssignment' && record.staffPersonalRefId) this.persons.add(record.staffPersonalRefId);
        return;
      }
      case 'StudentSchoolEnrollment': {
        if (now?.objectName === 'StudentSchoolEnrollment') buildStudentSchoolEnrollment(now, context);
        for (const record of [before, now])
          if (record?.objectName === 'StudentSchoolEnrollment' && record.studentPersonalRefId)
            this.persons.add(record.studentPersonalRefId);
        return;
      }
      case 'StudentSectionEnrollment': {
        if (old?.kind === 'enrollment') this.remove(old);
        for (const record of [before, now]) {
          if (record?.objectName !== 'StudentSectionEnrollment' || !record.studentPersonalRefId) continue;
          this.persons.add(record.studentPersonalRefId);
          this.enrolledStudents.add(record.studentPersonalRefId);
        }
        return;
      }
      default:
        return;
    }
  }

  /** The objects naming `refId` are rebuilt too: what they copied from it changed. */
  private async cascade(refId: string): Promise<void> {
    for (const object of await this.sources.naming([refId])) {
      this.records.set(object.refId, { objectName: object.objectName, record: object.record });
      this.markDirty(object.objectName, object.refId);
    }
  }

  /**
   * Each affected student's section enrollments, all of them: one per section, from the lowest
   * RefId among those that qualify (a full build keeps the first it meets, in RefId order).
   * Their old enrollment entities were removed as their objects were met; the ones that stay are
   * written again unchanged, which a version of changes does not store.
   */
  private async rebuildEnrollments(): Promise<void> {
    const students = [...this.enrolledStudents];
    if (students.length === 0) return;
    const enrollments = (await this.sources.naming(students)).filter((object) => object.objectName === 'StudentSectionEnrollment');
    for (const object of enrollments) this.records.set(object.refId, { objectName: object.objectName, record: object.record });
    await this.fetchParentsAndOwners();
    const old = await this.sources.entitiesByRefIds(
      'enrollment',
      enrollments.map((object) => object.refId),
    );
    for (const entity of old) this.remove(entity);
    const kept = new Set<string>();
    for (const object of [...enrollments].sort((a, b) => compareSisIds(a.refId, b.refId))) {
      if (object.record.objectName !== 'StudentSectionEnrollment' || !students.includes(object.record.studentPersonalRefId ?? '')) continue;
      const built = buildStudentSectionEnrollment(object.record, this.context);
      if (!built || kept.has(built.enrollment.sisId)) continue;
      kept.add(built.enrollment.sisId);
      this.emit(undefined, built.enrollment);
    }
  }

  /** Each affected person's user: their schools (and a student's grade) from every object naming them. */
  private async rebuildUsers(): Promise<void> {
    const persons = [...this.persons];
    if (persons.length === 0) return;
    await this.fetch(persons);
    const naming = await this.sources.naming(persons);
    for (const object of naming) this.records.set(object.refId, { objectName: object.objectName, record: object.record });
    await this.fetchParentsAndOwners();
    const old = new Map((await this.sources.entitiesByRefIds('user', persons)).map((user) => [user.refId as string, user]));
    const schools = new Map<string, Set<string>>();
    const schoolEnrollments = new Map<string, SchoolEnrollment[]>();
    const addSchool = (personRefId: string, schoolSisId: string) => {
      const set = schools.get(personRefId) ?? new Set<string>();
      set.add(schoolSisId);
      schools.set(personRefId, set);
    };
    for (const object of naming) {
      const record = object.record;
      if (record.objectName === 'StaffAssignment') {
        const assigned = buildStaffAssignment(record, this.context);
        if (assigned) addSchool(assigned.personRefId, assigned.schoolSisId);
      } else if (record.objectName === 'SectionInfo') {
        const built = this.context.builtSection(object.refId);
        for (const teacher of built?.teacherRefIds ?? []) addSchool(teacher, built?.section.schoolSisId ?? '');
      } else if (record.objectName === 'StudentSchoolEnrollment') {
        const built = buildStudentSchoolEnrollment(record, this.context);
        if (!built) continue;
        addSchool(built.studentRefId, built.enrollment.schoolSisId);
        schoolEnrollments.set(built.studentRefId, [...(schoolEnrollments.get(built.studentRefId) ?? []), built.enrollment]);
      } else if (record.objectName === 'StudentSectionEnrollment') {
        const built = buildStudentSectionEnrollment(record, this.context);
        if (built) addSchool(built.studentRefId, built.section.schoolSisId);
      }
    }
    for (const refId of persons) {
      const record = this.records.get(refId);
      const person =
        record?.objectName === 'StaffPersonal'
          ? this.context.staff(refId)
          : record?.objectName === 'StudentPersonal'
            ? this.context.student(refId)
            : undefined;
      const user = person ? buildUser(person, schools.get(refId), schoolEnrollments.get(refId) ?? [], this.context) : undefined;
      this.emit(old.get(refId), user);
    }
  }

  private emit(old: RosterEntity | undefined, entity: RosterEntity | undefined): void {
    if (entity) this.upserts.set(`${entity.kind}/${entity.sisId}`, entity);
    if (old && old.sisId !== entity?.sisId) this.remove(old);
  }

  private remove(entity: RosterEntity): void {
    this.removals.set(`${entity.kind}/${entity.sisId}`, { kind: entity.kind, sisId: entity.sisId });
  }

  /** The entities these objects made in the newest version, by RefId. */
  private async oldEntities(objectName: SifObjectName, refIds: readonly string[]): Promise<Map<string, RosterEntity>> {
    const kind = ENTITY_KIND[objectName];
    if (!kind) return new Map();
    const found = await this.sources.entitiesByRefIds(kind, refIds);
    const wanted = objectName === 'StaffPersonal' ? 'staff' : objectName === 'StudentPersonal' ? 'student' : undefined;
    return new Map(
      found
        .filter((entity) => !wanted || (entity.kind === 'user' && entity.personType === wanted))
        .filter((entity) => entity.kind !== 'enrollment' || entity.role === 'student')
        .map((entity) => [entity.refId as string, entity]),
    );
  }

  /** Fetches the current objects not known yet (null: not there). */
  private async fetch(refIds: readonly string[]): Promise<void> {
    const missing = [...new Set(refIds)].filter((refId) => !this.records.has(refId));
    if (missing.length === 0) return;
    const found = await this.sources.objects(missing);
    for (const refId of missing) this.records.set(refId, null);
    for (const object of found) this.records.set(object.refId, { objectName: object.objectName, record: object.record });
  }

  /** Every parent of every known object (up to the schools), and who holds the SIS ids they would all take. */
  private async fetchParentsAndOwners(): Promise<void> {
    for (;;) {
      const wanted = new Set<string>();
      for (const known of this.records.values())
        for (const refId of namedRefIds(known?.record)) if (!this.records.has(refId)) wanted.add(refId);
      if (wanted.size === 0) break;
      await this.fetch([...wanted]);
    }
    const asked = new Map<RosterKind, string[]>();
    for (const [refId, known] of this.records) {
      if (!known || this.ownersAsked.has(refId)) continue;
      this.ownersAsked.add(refId);
      const template = TEMPLATE[known.objectName];
      const kind = ENTITY_KIND[known.objectName];
      if (!template || !kind) continue;
      const id = sisIdOf(this.rules, template, known.record, known.objectName);
      if ('sisId' in id) asked.set(kind, [...(asked.get(kind) ?? []), id.sisId]);
    }
    for (const [kind, sisIds] of asked) {
      for (const entity of await this.sources.entitiesBySisIds(kind, sisIds)) {
        const objectName =
          entity.kind === 'user' ? (entity.personType === 'staff' ? 'StaffPersonal' : 'StudentPersonal') : OBJECT_NAME[entity.kind];
        if (entity.refId) this.owners.set(`${kind}/${entity.sisId}`, { refId: entity.refId, objectName });
      }
    }
  }
}

const OBJECT_NAME: Record<RosterKind, string> = {
  school: 'SchoolInfo',
  term: 'TermInfo',
  course: 'SchoolCourseInfo',
  section: 'SectionInfo',
  user: 'StaffPersonal',
  enrollment: 'StudentSectionEnrollment',
};

function teacherRefIds(record: SifRecord | undefined): string[] {
  return record?.objectName === 'SectionInfo' ? (record.scheduleInfo ?? []).flatMap((schedule) => schedule.teacherRefIds) : [];
}
