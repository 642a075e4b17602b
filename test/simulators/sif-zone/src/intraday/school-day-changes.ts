import type { SeededRandom } from '@sisbridge/sim-common';
import {
  localToday,
  refIdFor,
  type GradeLevelCode,
  type SectionInfo,
  type SifObjectName,
  type StudentPersonal,
  type StudentSchoolEnrollment,
  type StudentSectionEnrollment,
} from '@sisbridge/sandbox-district';
import type { DistrictChanges } from '../admin/district-changes';
import { redeliverEvent, type PublishedEvent } from '../dataset/event-publisher';
import type { ZoneContext } from '../zone/zone-context';
import type { ChangeKind } from './change-mix';

/** An object a change is about, for finding its effect downstream (in sisbridge's roster, in Canvas). */
export interface ChangedObject {
  objectName: SifObjectName;
  refId: string;
  dcid: number;
  /** What it is to this change: `student`, `section`, `school-enrollment`, `section-enrollment`, `new-teacher`, … */
  role: string;
}

/** One change made in the zone, with the SIF_Events it published. */
export interface MadeChange {
  kind: ChangeKind;
  objects: ChangedObject[];
  events: PublishedEvent[];
  /** What the change did, in words (a new description, the teacher replaced). */
  note?: string;
}

/** Tries to find something to change this many times before saying the kind cannot be made now. */
const PICK_ATTEMPTS = 50;
/** The last events published, for `duplicate` to deliver one again (a long stream keeps memory flat). */
const REDELIVERABLE = 1_000;

/**
 * Makes the changes a school day brings, one at a time, through the admin operations (so each is
 * checked and published exactly as a change made by hand), choosing what to change with a seeded
 * random generator: the same seed on the same district makes the same changes.
 */
export class SchoolDayChanges {
  private readonly published: PublishedEvent[] = [];

  constructor(
    private readonly context: ZoneContext,
    private readonly changes: DistrictChanges,
    private readonly random: SeededRandom,
    private readonly options: { seed: number; sectionsPerNewStudent: number },
  ) {}

  /** Makes one change of this kind, or returns undefined when the district offers nothing to make it on. */
  make(kind: ChangeKind): MadeChange | undefined {
    const made = this.attempt(kind);
    if (made) this.published.push(...made.events.filter((event) => event.msgId !== null && event.deliveredTo.length > 0));
    if (this.published.length > REDELIVERABLE) this.published.splice(0, this.published.length - REDELIVERABLE);
    return made;
  }

  private attempt(kind: ChangeKind): MadeChange | undefined {
    switch (kind) {
      case 'new-student':
        return this.newStudent(false);
      case 'enrollment-before-student':
        return this.newStudent(true);
      case 'drop':
        return this.drop();
      case 'teacher-change':
        return this.teacherChange();
      case 'section-rename':
        return this.sectionRename();
      case 'duplicate':
        return this.duplicate();
    }
  }

  private get dataset() {
    return this.context.dataset;
  }

  /** A student enrols at a school and in sections there; with `enrollmentsFirst`, the section enrollments are published first. */
  private newStudent(enrollmentsFirst: boolean): MadeChange | undefined {
    const year = this.dataset.schoolYear;
    const sectionsBySchool = new Map<string, SectionInfo[]>();
    for (const section of this.dataset.list('SectionInfo')) {
      if (section.schoolYear !== year) continue;
      const school = this.dataset.get('SchoolCourseInfo', section.schoolCourseInfoRefId)?.schoolInfoRefId;
      if (school) sectionsBySchool.set(school, [...(sectionsBySchool.get(school) ?? []), section]);
    }
    const schools = [...sectionsBySchool.keys()].filter((school) => (sectionsBySchool.get(school)?.length ?? 0) > 0);
    if (schools.length === 0) return undefined;
    const school = this.random.pick(schools);
    const sections = this.distinct(sectionsBySchool.get(school) ?? [], this.options.sectionsPerNewStudent);
    const existing = this.dataset.list('StudentPersonal');
    if (existing.length === 0) return undefined;
    const today = localToday();

    const studentDcid = this.dataset.nextDcid('StudentPersonal');
    const student: StudentPersonal = {
      refId: this.newRefId('StudentPersonal', studentDcid),
      dcid: studentDcid,
      localId: String(this.nextLocalId(existing)),
      // Names recombined from the district's own students: nothing of a real person.
      name: { type: '04', firstName: this.random.pick(existing).name.firstName, lastName: this.random.pick(existing).name.lastName },
    };
    const grades = this.dataset.get('SchoolInfo', school)?.gradeLevels ?? [];
    const gradeLevel: GradeLevelCode | undefined = grades.length > 0 ? this.random.pick(grades) : undefined;
    const schoolEnrollmentDcid = this.dataset.nextDcid('StudentSchoolEnrollment');
    const schoolEnrollment: StudentSchoolEnrollment = {
      refId: this.newRefId('StudentSchoolEnrollment', schoolEnrollmentDcid),
      dcid: schoolEnrollmentDcid,
      studentPersonalRefId: student.refId,
      schoolInfoRefId: school,
      membershipType: 'Home',
      timeFrame: 'Current',
      schoolYear: year,
      entryDate: today,
      ...(gradeLevel ? { gradeLevel } : {}),
    };
    let nextEnrollmentDcid = this.dataset.nextDcid('StudentSectionEnrollment');
    const sectionEnrollments: StudentSectionEnrollment[] = sections.map((section) => {
      const dcid = nextEnrollmentDcid++;
      return {
        refId: this.newRefId('StudentSectionEnrollment', dcid),
        dcid,
        studentPersonalRefId: student.refId,
        sectionInfoRefId: section.refId,
        schoolYear: year,
        entryDate: today,
      };
    });

    const people = [
      () => this.changes.add('StudentPersonal', { json: student }),
      () => this.changes.add('StudentSchoolEnrollment', { json: schoolEnrollment }),
    ];
    const enrollments = sectionEnrollments.map((enrollment) => () => this.changes.add('StudentSectionEnrollment', { json: enrollment }));
    const events = (enrollmentsFirst ? [...enrollments, ...people] : [...people, ...enrollments]).flatMap((add) => add().events);
    return {
      kind: enrollmentsFirst ? 'enrollment-before-student' : 'new-student',
      objects: [
        { objectName: 'StudentPersonal', refId: student.refId, dcid: student.dcid, role: 'student' },
        { objectName: 'StudentSchoolEnrollment', refId: schoolEnrollment.refId, dcid: schoolEnrollment.dcid, role: 'school-enrollment' },
        ...sectionEnrollments.map((enrollment) => ({
          objectName: 'StudentSectionEnrollment' as const,
          refId: enrollment.refId,
          dcid: enrollment.dcid,
          role: 'section-enrollment',
        })),
        ...sections.map((section) => ({ objectName: 'SectionInfo' as const, refId: section.refId, dcid: section.dcid, role: 'section' })),
      ],
      events,
    };
  }

  /** A student leaves one section today: the enrollment gets its ExitDate. */
  private drop(): MadeChange | undefined {
    const enrollments = this.dataset.list('StudentSectionEnrollment');
    const today = localToday();
    for (let attempt = 0; attempt < PICK_ATTEMPTS && enrollments.length > 0; attempt++) {
      const enrollment = this.random.pick(enrollments);
      if (enrollment.schoolYear !== this.dataset.schoolYear || (enrollment.exitDate !== undefined && enrollment.exitDate <= today))
        continue;
      const result = this.changes.drop('StudentSectionEnrollment', enrollment.refId, {});
      if (result.events.length === 0) continue;
      const section = this.dataset.get('SectionInfo', enrollment.sectionInfoRefId);
      const student = this.dataset.get('StudentPersonal', enrollment.studentPersonalRefId);
      return {
        kind: 'drop',
        objects: [
          { objectName: 'StudentSectionEnrollment', refId: enrollment.refId, dcid: enrollment.dcid, role: 'section-enrollment' },
          ...(student ? [{ objectName: 'StudentPersonal' as const, refId: student.refId, dcid: student.dcid, role: 'student' }] : []),
          ...(section ? [{ objectName: 'SectionInfo' as const, refId: section.refId, dcid: section.dcid, role: 'section' }] : []),
        ],
        events: result.events,
      };
    }
    return undefined;
  }

  /** A section's lead teacher is replaced by another teacher of the same school. */
  private teacherChange(): MadeChange | undefined {
    const year = this.dataset.schoolYear;
    const teachersBySchool = new Map<string, Set<string>>();
    for (const assignment of this.dataset.list('StaffAssignment')) {
      if (assignment.schoolYear !== year) continue;
      const teachers = teachersBySchool.get(assignment.schoolInfoRefId) ?? new Set<string>();
      teachers.add(assignment.staffPersonalRefId);
      teachersBySchool.set(assignment.schoolInfoRefId, teachers);
    }
    const sections = this.dataset.list('SectionInfo');
    for (let attempt = 0; attempt < PICK_ATTEMPTS && sections.length > 0; attempt++) {
      const section = this.random.pick(sections);
      const [schedule, ...otherSchedules] = section.scheduleInfoList;
      const school = this.dataset.get('SchoolCourseInfo', section.schoolCourseInfoRefId)?.schoolInfoRefId;
      if (section.schoolYear !== year || !schedule || !school) continue;
      const candidates = [...(teachersBySchool.get(school) ?? [])].filter((refId) => !schedule.teacherRefIds.includes(refId)).sort();
      if (candidates.length === 0) continue;
      const teacher = this.random.pick(candidates);
      const replaced = schedule.teacherRefIds[0];
      const result = this.changes.change('SectionInfo', section.refId, {
        scheduleInfoList: [{ ...schedule, teacherRefIds: [teacher, ...schedule.teacherRefIds.slice(1)] }, ...otherSchedules],
      });
      const staff = this.dataset.get('StaffPersonal', teacher);
      const before = replaced === undefined ? undefined : this.dataset.get('StaffPersonal', replaced);
      return {
        kind: 'teacher-change',
        objects: [
          { objectName: 'SectionInfo', refId: section.refId, dcid: section.dcid, role: 'section' },
          ...(staff ? [{ objectName: 'StaffPersonal' as const, refId: staff.refId, dcid: staff.dcid, role: 'new-teacher' }] : []),
          ...(before ? [{ objectName: 'StaffPersonal' as const, refId: before.refId, dcid: before.dcid, role: 'replaced-teacher' }] : []),
        ],
        events: result.events,
      };
    }
    return undefined;
  }

  /** A section's description changes (what Canvas shows as the section's name). */
  private sectionRename(): MadeChange | undefined {
    const sections = this.dataset.list('SectionInfo').filter((section) => section.schoolYear === this.dataset.schoolYear);
    if (sections.length === 0) return undefined;
    const section = this.random.pick(sections);
    const course = this.dataset.get('SchoolCourseInfo', section.schoolCourseInfoRefId);
    const description = `${course?.courseTitle ?? section.localId ?? 'Section'} · room ${this.random.int(100, 399)}`;
    const result = this.changes.change('SectionInfo', section.refId, { description });
    if (result.events.length === 0) return undefined;
    return {
      kind: 'section-rename',
      objects: [{ objectName: 'SectionInfo', refId: section.refId, dcid: section.dcid, role: 'section' }],
      events: result.events,
      note: `Description "${description}"`,
    };
  }

  /** An event delivered before is delivered again, unchanged. */
  private duplicate(): MadeChange | undefined {
    if (this.published.length === 0) return undefined;
    const original = this.random.pick(this.published);
    const again = redeliverEvent(this.context, original);
    if (again.deliveredTo.length === 0) return undefined;
    const object = this.dataset.get(original.objectName, original.refId);
    return {
      kind: 'duplicate',
      objects: [{ objectName: original.objectName, refId: original.refId, dcid: object?.dcid ?? 0, role: 'redelivered' }],
      events: [again],
      note: `SIF_MsgId ${original.msgId ?? ''} again`,
    };
  }

  private distinct<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(this.random.int(0, pool.length - 1), 1)[0] as T);
    return chosen;
  }

  /** A RefId made as the generator makes them (from a seed, the kind and the DCID), never one the zone holds already. */
  private newRefId(objectName: SifObjectName, dcid: number): string {
    for (let salt = 0; ; salt++) {
      const refId = refIdFor(this.options.seed + salt, objectName, dcid);
      if (!this.dataset.get(objectName, refId)) return refId;
    }
  }

  private nextLocalId(students: readonly StudentPersonal[]): number {
    return students.reduce((max, student) => Math.max(max, Number(student.localId) || 0), 0) + 1;
  }
}
