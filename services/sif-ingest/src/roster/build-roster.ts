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
import type {
  SifObjectName,
  SifRecordOf,
  StaffPersonalRecord,
  StudentPersonalRecord,
  StudentSchoolEnrollmentRecord,
} from '@sisbridge/sif-codec';
import { isStillEnrolled, primaryEmail, type RosterRules } from './roster-rules';
import { sisIdOf, type SisIdResult } from './sis-ids';

/** The raw objects of a run, one kind at a time, each RefId once (the store settles duplicates). */
export interface RawObjectSource {
  objects<N extends SifObjectName>(objectName: N): AsyncIterable<SifRecordOf<N>>;
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
 * maps (they fit), enrollments are streamed.
 */
export async function* buildRoster(
  source: RawObjectSource,
  rules: RosterRules,
  reject: (rejection: Rejection) => void,
  skipped: SkippedCounts = { otherSchoolYear: 0, districtLevelStaff: 0, studentsWithoutEnrollment: 0, exitedEnrollments: 0 },
): AsyncGenerator<RosterEntity> {
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
  for await (const record of source.objects('SchoolInfo')) {
    const id = sisIdOf(rules, 'school', record, 'SchoolInfo');
    if (!claim('school', id, 'SchoolInfo', record.refId)) continue;
    const school: RosterSchool = { kind: 'school', sisId: id.sisId, refId: record.refId, name: record.schoolName ?? id.sisId };
    if (id.dcid !== undefined) school.dcid = id.dcid;
    if (record.localId) school.schoolNumber = record.localId;
    if (record.stateProvinceId) school.stateId = record.stateProvinceId;
    schools.set(record.refId, school);
    yield school;
  }

  const terms = new Map<string, RosterTerm>();
  for await (const record of source.objects('TermInfo')) {
    if (!currentYear(record)) continue;
    const school = schools.get(record.schoolInfoRefId ?? '');
    if (!school) {
      reject({ objectName: 'TermInfo', refId: record.refId, problem: dangling('TermInfo', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo') });
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
    yield term;
  }

  const courses = new Map<string, RosterCourse>();
  for await (const record of source.objects('SchoolCourseInfo')) {
    if (!currentYear(record)) continue;
    const school = schools.get(record.schoolInfoRefId ?? '');
    if (!school) {
      reject({ objectName: 'SchoolCourseInfo', refId: record.refId, problem: dangling('SchoolCourseInfo', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo') });
      continue;
    }
    const id = sisIdOf(rules, 'course', record, 'SchoolCourseInfo');
    if (!claim('course', id, 'SchoolCourseInfo', record.refId)) continue;
    const course: RosterCourse = { kind: 'course', sisId: id.sisId, refId: record.refId, schoolSisId: school.sisId, title: record.courseTitle ?? record.courseCode ?? id.sisId };
    if (id.dcid !== undefined) course.dcid = id.dcid;
    if (record.courseCode) course.courseCode = record.courseCode;
    courses.set(record.refId, course);
    yield course;
  }

  // People first, as maps: sections name their teachers, enrollments their students.
  const staff = new Map<string, { record: StaffPersonalRecord; sisId: string; dcid?: number }>();
  for await (const record of source.objects('StaffPersonal')) {
    const id = sisIdOf(rules, 'staff', record, 'StaffPersonal');
    if (!claim('user', id, 'StaffPersonal', record.refId)) continue;
    staff.set(record.refId, { record, ...id });
  }
  const personSchools = new Map<string, Set<string>>();
  const addSchool = (personRefId: string, schoolSisId: string) => {
    const set = personSchools.get(personRefId) ?? new Set<string>();
    set.add(schoolSisId);
    personSchools.set(personRefId, set);
  };
  for await (const record of source.objects('StaffAssignment')) {
    if (!currentYear(record)) continue;
    const school = schools.get(record.schoolInfoRefId ?? '');
    if (!school) {
      reject({ objectName: 'StaffAssignment', refId: record.refId, problem: dangling('StaffAssignment', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo') });
      continue;
    }
    if (!staff.has(record.staffPersonalRefId ?? '')) {
      reject({ objectName: 'StaffAssignment', refId: record.refId, problem: dangling('StaffAssignment', '@StaffPersonalRefId', record.staffPersonalRefId, 'StaffPersonal') });
      continue;
    }
    addSchool(record.staffPersonalRefId ?? '', school.sisId);
  }

  const sections = new Map<string, RosterSection>();
  for await (const record of source.objects('SectionInfo')) {
    if (!currentYear(record)) continue;
    const course = courses.get(record.schoolCourseInfoRefId ?? '');
    if (!course) {
      reject({ objectName: 'SectionInfo', refId: record.refId, problem: dangling('SectionInfo', '@SchoolCourseInfoRefId', record.schoolCourseInfoRefId, 'SchoolCourseInfo') });
      continue;
    }
    const termSisIds: string[] = [];
    const teacherRefIds: string[] = [];
    const problems: string[] = [];
    for (const schedule of record.scheduleInfo ?? []) {
      const term = terms.get(schedule.termInfoRefId);
      if (!term) problems.push(dangling('SectionInfo', 'ScheduleInfo/@TermInfoRefId', schedule.termInfoRefId, 'TermInfo'));
      else if (term.schoolSisId !== course.schoolSisId) problems.push(`SectionInfo's ScheduleInfo names TermInfo ${schedule.termInfoRefId} of school ${term.schoolSisId}, but its course is at school ${course.schoolSisId}`);
      else if (!termSisIds.includes(term.sisId)) termSisIds.push(term.sisId);
      for (const teacherRefId of schedule.teacherRefIds) {
        if (!staff.has(teacherRefId)) problems.push(dangling('SectionInfo', 'ScheduleInfo/TeacherList/StaffPersonalRefId', teacherRefId, 'StaffPersonal'));
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
    yield section;
    for (const [index, teacherRefId] of teacherRefIds.entries()) {
      addSchool(teacherRefId, course.schoolSisId);
      const teacherSisId = teacherSisIds[index] ?? '';
      const enrollment: RosterEnrollment = { kind: 'enrollment', sisId: enrollmentSisId(section.sisId, teacherSisId, 'teacher'), sectionSisId: section.sisId, userSisId: teacherSisId, role: 'teacher' };
      yield enrollment;
    }
  }

  const students = new Map<string, { record: StudentPersonalRecord; sisId: string; dcid?: number }>();
  for await (const record of source.objects('StudentPersonal')) {
    const id = sisIdOf(rules, 'student', record, 'StudentPersonal');
    if (!claim('user', id, 'StudentPersonal', record.refId)) continue;
    students.set(record.refId, { record, ...id });
  }
  const schoolEnrollments = new Map<string, Array<{ record: StudentSchoolEnrollmentRecord; schoolSisId: string }>>();
  for await (const record of source.objects('StudentSchoolEnrollment')) {
    if (!currentYear(record)) continue;
    const school = schools.get(record.schoolInfoRefId ?? '');
    if (!school) {
      reject({ objectName: 'StudentSchoolEnrollment', refId: record.refId, problem: dangling('StudentSchoolEnrollment', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo') });
      continue;
    }
    const studentRefId = record.studentPersonalRefId ?? '';
    if (!students.has(studentRefId)) {
      reject({ objectName: 'StudentSchoolEnrollment', refId: record.refId, problem: dangling('StudentSchoolEnrollment', '@StudentPersonalRefId', record.studentPersonalRefId, 'StudentPersonal') });
      continue;
    }
    if (!isStillEnrolled(record.exitDate, rules.asOf, rules.exitDateMeaning)) {
      skipped.exitedEnrollments++;
      continue;
    }
    addSchool(studentRefId, school.sisId);
    const list = schoolEnrollments.get(studentRefId) ?? [];
    list.push({ record, schoolSisId: school.sisId });
    schoolEnrollments.set(studentRefId, list);
  }

  const studentEnrollmentIds = new Set<string>();
  for await (const record of source.objects('StudentSectionEnrollment')) {
    if (!currentYear(record)) continue;
    const section = sections.get(record.sectionInfoRefId ?? '');
    if (!section) {
      reject({ objectName: 'StudentSectionEnrollment', refId: record.refId, problem: dangling('StudentSectionEnrollment', '@SectionInfoRefId', record.sectionInfoRefId, 'SectionInfo') });
      continue;
    }
    const studentRefId = record.studentPersonalRefId ?? '';
    const student = students.get(studentRefId);
    if (!student) {
      reject({ objectName: 'StudentSectionEnrollment', refId: record.refId, problem: dangling('StudentSectionEnrollment', '@StudentPersonalRefId', record.studentPersonalRefId, 'StudentPersonal') });
      continue;
    }
    if (!isStillEnrolled(record.exitDate, rules.asOf, rules.exitDateMeaning)) {
      skipped.exitedEnrollments++;
      continue;
    }
    const sisId = enrollmentSisId(section.sisId, student.sisId, 'student');
    // The same student twice in one section (a schedule change re-entered): one enrollment, the first by RefId.
    if (studentEnrollmentIds.has(sisId)) continue;
    studentEnrollmentIds.add(sisId);
    addSchool(studentRefId, section.schoolSisId);
    const enrollment: RosterEnrollment = { kind: 'enrollment', sisId, sectionSisId: section.sisId, userSisId: student.sisId, role: 'student', refId: record.refId };
    if (record.entryDate) enrollment.entryDate = record.entryDate;
    if (record.exitDate) enrollment.exitDate = record.exitDate;
    yield enrollment;
  }

  for (const [refId, person] of staff) {
    const schoolSet = personSchools.get(refId);
    if (!schoolSet) {
      skipped.districtLevelStaff++;
      continue;
    }
    yield user(rules, person, 'staff', schoolSet, undefined);
  }
  for (const [refId, person] of students) {
    const schoolSet = personSchools.get(refId);
    if (!schoolSet) {
      skipped.studentsWithoutEnrollment++;
      continue;
    }
    yield user(rules, person, 'student', schoolSet, studentGradeLevel(person.record, schoolEnrollments.get(refId) ?? []));
  }
}

function user(
  rules: RosterRules,
  person: { record: StaffPersonalRecord | StudentPersonalRecord; sisId: string; dcid?: number },
  personType: 'staff' | 'student',
  schoolSet: ReadonlySet<string>,
  gradeLevel: string | undefined,
): RosterUser {
  const { record } = person;
  const entity: RosterUser = {
    kind: 'user',
    sisId: person.sisId,
    refId: record.refId,
    personType,
    localId: record.localId ?? '',
    firstName: record.name?.firstName ?? '',
    lastName: record.name?.lastName ?? '',
    schoolSisIds: [...schoolSet].sort(compareSisIds),
  };
  if (person.dcid !== undefined) entity.dcid = person.dcid;
  const username = rules.usernameElement ? record.extendedElements?.[rules.usernameElement] : undefined;
  if (username) entity.username = username;
  if (record.name?.middleName) entity.middleName = record.name.middleName;
  const email = primaryEmail(record.emails);
  if (email) entity.email = email;
  if (gradeLevel) entity.gradeLevel = gradeLevel;
  return entity;
}

/** The grade of the student's current home school enrollment (then any other, by school), else MostRecent/GradeLevel. */
function studentGradeLevel(record: StudentPersonalRecord, enrollments: ReadonlyArray<{ record: StudentSchoolEnrollmentRecord; schoolSisId: string }>): string | undefined {
  const ordered = [...enrollments].sort(
    (a, b) => Number(b.record.membershipType === 'Home') - Number(a.record.membershipType === 'Home') || compareSisIds(a.schoolSisId, b.schoolSisId),
  );
  return ordered.find((enrollment) => enrollment.record.gradeLevel)?.record.gradeLevel ?? record.gradeLevel;
}

function dangling(objectName: string, field: string, refId: string | undefined, target: string): string {
  return `${objectName}/${field} ${refId ?? '(empty)'} names no ${target} in the roster (missing from the feed, of another school year, or rejected)`;
}
