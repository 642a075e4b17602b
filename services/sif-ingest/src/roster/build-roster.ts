import {
  compareSisIds,
  enrollmentSisId,
  type RosterCourse,
  type RosterEnrollment,
  type RosterEntity,
  type RosterSchool,
  type RosterSection,
  type RosterTerm,
  type RosterUser,
} from '@sisbridge/roster';
import type { SifObjectName, SifRecordOf, StaffPersonalRecord, StudentPersonalRecord } from '@sisbridge/sif-codec';
import { isStillEnrolled, primaryEmail, type RosterRules } from './roster-rules';
import { sisIdOf, type SisIdResult } from './sis-ids';

/**
 * The raw objects of a run, one kind at a time in RefId order, each RefId once (the store
 * settles duplicates), in batches: a large district has about a million of them, and one
 * await per batch instead of one per object is most of the difference in speed.
 */
export interface RawObjectSource {
  objects<N extends SifObjectName>(objectName: N): AsyncIterable<ReadonlyArray<SifRecordOf<N>>>;
}

/** An object kept out of the roster, and why, in words an operator can act on. */
export interface Rejection {
  objectName: string;
  refId?: string;
  problem: string;
}

/** Objects skipped by the rules, not rejected: other school years, people without a school, exits. */
export interface SkippedCounts {
  otherSchoolYear: number;
  districtLevelStaff: number;
  studentsWithoutEnrollment: number;
  exitedEnrollments: number;
}

/**
 * Builds the canonical roster of a run from its raw SIF objects, following the mission's rules:
 * - only the current school year (objects of other years are skipped, not rejected);
 * - a section's terms and teachers come from its ScheduleInfo entries (several teachers allowed,
 *   lead first, no repeats); its school from its course;
 * - district-level staff (no StaffAssignment to a school of the roster and no section) are left out;
 * - students are in when they have a school or section enrollment not yet exited (ExitDate per
 *   `exitDateMeaning`); exited enrollments are dropped;
 * - a person's schools are every school of their assignments, enrollments and sections, in SIS id order.
 * Each reference must resolve to an object of the roster; an object whose reference dangles is
 * rejected (with the reference named), and what depends on it is rejected in turn.
 *
 * Pure apart from reading `source`: schools, terms, courses, sections and people are held in
 * maps (they fit), enrollments are streamed. The entities come out in batches, one per batch
 * of objects read (and one per 10,000 users at the end).
 */
export async function* buildRoster(
  source: RawObjectSource,
  rules: RosterRules,
  reject: (rejection: Rejection) => void,
  skipped: SkippedCounts = { otherSchoolYear: 0, districtLevelStaff: 0, studentsWithoutEnrollment: 0, exitedEnrollments: 0 },
): AsyncGenerator<RosterEntity[]> {
  let out: RosterEntity[] = [];
  const drain = (): RosterEntity[] => {
    const batch = out;
    out = [];
    return batch;
  };
  const usedSisIds = new Map<string, Map<string, string>>();
  /** Claims a SIS id for one object; a second object with the same id is rejected (it would overwrite the first in Canvas). */
  const claim = (kind: string, result: SisIdResult, objectName: string, refId: string): result is { sisId: string; dcid?: number } => {
    if ('problem' in result) {
      reject({ objectName, refId, problem: result.problem });
      return false;
    }
    const used = usedSisIds.get(kind) ?? new Map<string, string>();
    usedSisIds.set(kind, used);
    const owner = used.get(result.sisId);
    if (owner !== undefined) {
      reject({ objectName, refId, problem: `${objectName} would have SIS id ${result.sisId}, which ${owner} already has` });
      return false;
    }
    used.set(result.sisId, `${objectName} ${refId}`);
    return true;
  };
  const currentYear = (record: { schoolYear?: number }) => {
    if (record.schoolYear === rules.schoolYear) return true;
    skipped.otherSchoolYear++;
    return false;
  };

  const schools = new Map<string, RosterSchool>();
  for await (const batch of source.objects('SchoolInfo')) {
    for (const record of batch) {
      const id = sisIdOf(rules, 'school', record, 'SchoolInfo');
      if (!claim('school', id, 'SchoolInfo', record.refId)) continue;
      const school: RosterSchool = { kind: 'school', sisId: id.sisId, refId: record.refId, name: record.schoolName ?? id.sisId };
      if (id.dcid !== undefined) school.dcid = id.dcid;
      if (record.localId) school.schoolNumber = record.localId;
      if (record.stateProvinceId) school.stateId = record.stateProvinceId;
      schools.set(record.refId, school);
      out.push(school);
    }
    if (out.length > 0) yield drain();
  }

  const terms = new Map<string, RosterTerm>();
  for await (const batch of source.objects('TermInfo')) {
    for (const record of batch) {
      if (!currentYear(record)) continue;
      const school = schools.get(record.schoolInfoRefId ?? '');
      if (!school) {
        reject({
          objectName: 'TermInfo',
          refId: record.refId,
          problem: dangling('TermInfo', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
        });
        continue;
      }
      const id = sisIdOf(rules, 'term', record, 'TermInfo');
      if (!claim('term', id, 'TermInfo', record.refId)) continue;
      const term: RosterTerm = {
        kind: 'term',
        sisId: id.sisId,
        refId: record.refId,
        schoolSisId: school.sisId,
        name: record.description ?? record.termCode ?? id.sisId,
        startDate: record.startDate ?? '',
        endDate: record.endDate ?? '',
        schoolYear: rules.schoolYear,
      };
      if (id.dcid !== undefined) term.dcid = id.dcid;
      if (record.termCode) term.termCode = record.termCode;
      terms.set(record.refId, term);
      out.push(term);
    }
    if (out.length > 0) yield drain();
  }

  const courses = new Map<string, RosterCourse>();
  for await (const batch of source.objects('SchoolCourseInfo')) {
    for (const record of batch) {
      if (!currentYear(record)) continue;
      const school = schools.get(record.schoolInfoRefId ?? '');
      if (!school) {
        reject({
          objectName: 'SchoolCourseInfo',
          refId: record.refId,
          problem: dangling('SchoolCourseInfo', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
        });
        continue;
      }
      const id = sisIdOf(rules, 'course', record, 'SchoolCourseInfo');
      if (!claim('course', id, 'SchoolCourseInfo', record.refId)) continue;
      const course: RosterCourse = {
        kind: 'course',
        sisId: id.sisId,
        refId: record.refId,
        schoolSisId: school.sisId,
        title: record.courseTitle ?? record.courseCode ?? id.sisId,
      };
      if (id.dcid !== undefined) course.dcid = id.dcid;
      if (record.courseCode) course.courseCode = record.courseCode;
      courses.set(record.refId, course);
      out.push(course);
    }
    if (out.length > 0) yield drain();
  }

  // People first, as maps: sections name their teachers, enrollments their students.
  const staff = new Map<string, Person>();
  for await (const batch of source.objects('StaffPersonal')) {
    for (const record of batch) {
      const id = sisIdOf(rules, 'staff', record, 'StaffPersonal');
      if (!claim('user', id, 'StaffPersonal', record.refId)) continue;
      staff.set(record.refId, person(rules, record, 'staff', id));
    }
    if (out.length > 0) yield drain();
  }
  const personSchools = new Map<string, Set<string>>();
  const addSchool = (personRefId: string, schoolSisId: string) => {
    const set = personSchools.get(personRefId) ?? new Set<string>();
    set.add(schoolSisId);
    personSchools.set(personRefId, set);
  };
  for await (const batch of source.objects('StaffAssignment')) {
    for (const record of batch) {
      if (!currentYear(record)) continue;
      const school = schools.get(record.schoolInfoRefId ?? '');
      if (!school) {
        reject({
          objectName: 'StaffAssignment',
          refId: record.refId,
          problem: dangling('StaffAssignment', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
        });
        continue;
      }
      if (!staff.has(record.staffPersonalRefId ?? '')) {
        reject({
          objectName: 'StaffAssignment',
          refId: record.refId,
          problem: dangling('StaffAssignment', '@StaffPersonalRefId', record.staffPersonalRefId, 'StaffPersonal'),
        });
        continue;
      }
      addSchool(record.staffPersonalRefId ?? '', school.sisId);
    }
    if (out.length > 0) yield drain();
  }

  const sections = new Map<string, RosterSection>();
  for await (const batch of source.objects('SectionInfo')) {
    for (const record of batch) {
      if (!currentYear(record)) continue;
      const course = courses.get(record.schoolCourseInfoRefId ?? '');
      if (!course) {
        reject({
          objectName: 'SectionInfo',
          refId: record.refId,
          problem: dangling('SectionInfo', '@SchoolCourseInfoRefId', record.schoolCourseInfoRefId, 'SchoolCourseInfo'),
        });
        continue;
      }
      const termSisIds: string[] = [];
      const teacherRefIds: string[] = [];
      const problems: string[] = [];
      for (const schedule of record.scheduleInfo ?? []) {
        const term = terms.get(schedule.termInfoRefId);
        if (!term) problems.push(dangling('SectionInfo', 'ScheduleInfo/@TermInfoRefId', schedule.termInfoRefId, 'TermInfo'));
        else if (term.schoolSisId !== course.schoolSisId)
          problems.push(
            `SectionInfo's ScheduleInfo names TermInfo ${schedule.termInfoRefId} of school ${term.schoolSisId}, but its course is at school ${course.schoolSisId}`,
          );
        else if (!termSisIds.includes(term.sisId)) termSisIds.push(term.sisId);
        for (const teacherRefId of schedule.teacherRefIds) {
          if (!staff.has(teacherRefId))
            problems.push(dangling('SectionInfo', 'ScheduleInfo/TeacherList/StaffPersonalRefId', teacherRefId, 'StaffPersonal'));
          else if (!teacherRefIds.includes(teacherRefId)) teacherRefIds.push(teacherRefId);
        }
      }
      if (problems.length > 0) {
        reject({ objectName: 'SectionInfo', refId: record.refId, problem: problems.join('; ') });
        continue;
      }
      const id = sisIdOf(rules, 'section', record, 'SectionInfo');
      if (!claim('section', id, 'SectionInfo', record.refId)) continue;
      const teacherSisIds = teacherRefIds.map((refId) => staff.get(refId)?.sisId ?? '');
      const section: RosterSection = {
        kind: 'section',
        sisId: id.sisId,
        refId: record.refId,
        courseSisId: course.sisId,
        schoolSisId: course.schoolSisId,
        termSisIds,
        teacherSisIds,
      };
      if (id.dcid !== undefined) section.dcid = id.dcid;
      if (record.localId) section.sectionCode = record.localId;
      if (record.description) section.description = record.description;
      sections.set(record.refId, section);
      out.push(section);
      for (const [index, teacherRefId] of teacherRefIds.entries()) {
        addSchool(teacherRefId, course.schoolSisId);
        const teacherSisId = teacherSisIds[index] ?? '';
        const enrollment: RosterEnrollment = {
          kind: 'enrollment',
          sisId: enrollmentSisId(section.sisId, teacherSisId, 'teacher'),
          sectionSisId: section.sisId,
          userSisId: teacherSisId,
          role: 'teacher',
        };
        out.push(enrollment);
      }
    }
    if (out.length > 0) yield drain();
  }

  const students = new Map<string, Person>();
  for await (const batch of source.objects('StudentPersonal')) {
    for (const record of batch) {
      const id = sisIdOf(rules, 'student', record, 'StudentPersonal');
      if (!claim('user', id, 'StudentPersonal', record.refId)) continue;
      students.set(record.refId, person(rules, record, 'student', id));
    }
    if (out.length > 0) yield drain();
  }
  const schoolEnrollments = new Map<string, SchoolEnrollment[]>();
  for await (const batch of source.objects('StudentSchoolEnrollment')) {
    for (const record of batch) {
      if (!currentYear(record)) continue;
      const school = schools.get(record.schoolInfoRefId ?? '');
      if (!school) {
        reject({
          objectName: 'StudentSchoolEnrollment',
          refId: record.refId,
          problem: dangling('StudentSchoolEnrollment', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
        });
        continue;
      }
      const studentRefId = record.studentPersonalRefId ?? '';
      if (!students.has(studentRefId)) {
        reject({
          objectName: 'StudentSchoolEnrollment',
          refId: record.refId,
          problem: dangling('StudentSchoolEnrollment', '@StudentPersonalRefId', record.studentPersonalRefId, 'StudentPersonal'),
        });
        continue;
      }
      if (!isStillEnrolled(record.exitDate, rules.asOf, rules.exitDateMeaning)) {
        skipped.exitedEnrollments++;
        continue;
      }
      addSchool(studentRefId, school.sisId);
      const list = schoolEnrollments.get(studentRefId) ?? [];
      const enrollment: SchoolEnrollment = { home: record.membershipType === 'Home', schoolSisId: school.sisId };
      if (record.gradeLevel) enrollment.gradeLevel = record.gradeLevel;
      list.push(enrollment);
      schoolEnrollments.set(studentRefId, list);
    }
    if (out.length > 0) yield drain();
  }

  // Per section, the students enrolled so far: small sets of strings already hashed (the
  // students' SIS ids), where one set of every enrollment's SIS id would hash a new string per
  // enrollment and hold them all until the end.
  const sectionStudents = new Map<RosterSection, Set<string>>();
  for await (const batch of source.objects('StudentSectionEnrollment')) {
    for (const record of batch) {
      if (!currentYear(record)) continue;
      const section = sections.get(record.sectionInfoRefId ?? '');
      if (!section) {
        reject({
          objectName: 'StudentSectionEnrollment',
          refId: record.refId,
          problem: dangling('StudentSectionEnrollment', '@SectionInfoRefId', record.sectionInfoRefId, 'SectionInfo'),
        });
        continue;
      }
      const studentRefId = record.studentPersonalRefId ?? '';
      const student = students.get(studentRefId);
      if (!student) {
        reject({
          objectName: 'StudentSectionEnrollment',
          refId: record.refId,
          problem: dangling('StudentSectionEnrollment', '@StudentPersonalRefId', record.studentPersonalRefId, 'StudentPersonal'),
        });
        continue;
      }
      if (!isStillEnrolled(record.exitDate, rules.asOf, rules.exitDateMeaning)) {
        skipped.exitedEnrollments++;
        continue;
      }
      // The same student twice in one section (a schedule change re-entered): one enrollment, the first by RefId.
      let enrolled = sectionStudents.get(section);
      if (!enrolled) {
        enrolled = new Set<string>();
        sectionStudents.set(section, enrolled);
      }
      if (enrolled.has(student.sisId)) continue;
      enrolled.add(student.sisId);
      const sisId = enrollmentSisId(section.sisId, student.sisId, 'student');
      addSchool(studentRefId, section.schoolSisId);
      const enrollment: RosterEnrollment = {
        kind: 'enrollment',
        sisId,
        sectionSisId: section.sisId,
        userSisId: student.sisId,
        role: 'student',
        refId: record.refId,
      };
      if (record.entryDate) enrollment.entryDate = record.entryDate;
      if (record.exitDate) enrollment.exitDate = record.exitDate;
      out.push(enrollment);
    }
    if (out.length > 0) yield drain();
  }

  for (const [refId, person] of staff) {
    const schoolSet = personSchools.get(refId);
    if (!schoolSet) {
      skipped.districtLevelStaff++;
      continue;
    }
    out.push(user(person, schoolSet, undefined));
    if (out.length >= 10_000) yield drain();
  }
  for (const [refId, person] of students) {
    const schoolSet = personSchools.get(refId);
    if (!schoolSet) {
      skipped.studentsWithoutEnrollment++;
      continue;
    }
    out.push(user(person, schoolSet, studentGradeLevel(person.mostRecentGradeLevel, schoolEnrollments.get(refId) ?? [])));
    if (out.length >= 10_000) yield drain();
  }
  if (out.length > 0) yield drain();
}

/**
 * A staff member or student as the maps keep them: the user entity but for its schools and
 * grade, made as the person is read, so that the SIF record itself (names, e-mail list,
 * extended elements) is not kept: a large district has 100,000 students.
 */
interface Person {
  sisId: string;
  user: RosterUser;
  /** Students: StudentPersonal MostRecent/GradeLevel, the grade when no school enrollment gives one. */
  mostRecentGradeLevel?: string;
}

/** What a student's school enrollment says about their grade. */
interface SchoolEnrollment {
  home: boolean;
  schoolSisId: string;
  gradeLevel?: string;
}

function person(
  rules: RosterRules,
  record: StaffPersonalRecord | StudentPersonalRecord,
  personType: 'staff' | 'student',
  id: { sisId: string; dcid?: number },
): Person {
  const entity: RosterUser = {
    kind: 'user',
    sisId: id.sisId,
    refId: record.refId,
    personType,
    localId: record.localId ?? '',
    firstName: record.name?.firstName ?? '',
    lastName: record.name?.lastName ?? '',
    schoolSisIds: [],
  };
  if (id.dcid !== undefined) entity.dcid = id.dcid;
  const username = rules.usernameElement ? record.extendedElements?.[rules.usernameElement] : undefined;
  if (username) entity.username = username;
  if (record.name?.middleName) entity.middleName = record.name.middleName;
  const email = primaryEmail(record.emails);
  if (email) entity.email = email;
  const kept: Person = { sisId: id.sisId, user: entity };
  if (record.objectName === 'StudentPersonal' && record.gradeLevel) kept.mostRecentGradeLevel = record.gradeLevel;
  return kept;
}

function user(person: Person, schoolSet: ReadonlySet<string>, gradeLevel: string | undefined): RosterUser {
  const entity = person.user;
  entity.schoolSisIds = [...schoolSet].sort(compareSisIds);
  if (gradeLevel) entity.gradeLevel = gradeLevel;
  return entity;
}

/** The grade of the student's current home school enrollment (then any other, by school), else MostRecent/GradeLevel. */
function studentGradeLevel(mostRecent: string | undefined, enrollments: readonly SchoolEnrollment[]): string | undefined {
  const ordered = [...enrollments].sort((a, b) => Number(b.home) - Number(a.home) || compareSisIds(a.schoolSisId, b.schoolSisId));
  return ordered.find((enrollment) => enrollment.gradeLevel)?.gradeLevel ?? mostRecent;
}

function dangling(objectName: string, field: string, refId: string | undefined, target: string): string {
  return `${objectName}/${field} ${refId ?? '(empty)'} names no ${target} in the roster (missing from the feed, of another school year, or rejected)`;
}
