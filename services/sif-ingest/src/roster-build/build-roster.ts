import type { RosterEntity, RosterSection } from '@sisbridge/roster';
import type { SifObjectName, SifRecordOf } from '@sisbridge/sif-codec';
import { buildCourse } from './course.builder';
import { FullBuildContext } from './full-build-context';
import type { SchoolEnrollment } from './person';
import { noneSkipped, type Rejection, type SkippedCounts } from './rejection';
import type { RosterRules } from './roster-rules';
import { buildSchool } from './school.builder';
import { buildSection } from './section.builder';
import { buildStaffAssignment } from './staff-assignment.builder';
import { buildStaff } from './staff.builder';
import { buildStudentSchoolEnrollment } from './student-school-enrollment.builder';
import { buildStudentSectionEnrollment } from './student-section-enrollment.builder';
import { buildStudent } from './student.builder';
import { buildTerm } from './term.builder';
import { buildUser } from './user.builder';

/**
 * The objects of a district, one kind at a time in RefId order, each RefId once (the store
 * settles duplicates), in batches: a large district has about a million of them, and one
 * await per batch instead of one per object is most of the difference in speed.
 */
export interface RawObjectSource {
  objects<N extends SifObjectName>(objectName: N): AsyncIterable<ReadonlyArray<SifRecordOf<N>>>;
}

/**
 * Builds the canonical roster of a district from all its SIF objects, kind by kind in
 * dependency order, with one builder per kind (`*.builder.ts`, which hold the mission's rules)
 * and a `FullBuildContext` that keeps schools, terms, courses, sections and people in maps;
 * enrollments are streamed. Each reference must resolve to an object of the roster; an object
 * whose reference dangles is rejected (with the reference named), and what depends on it is
 * rejected in turn. The entities come out in batches, one per batch of objects read (and one
 * per 10,000 users at the end).
 */
export async function* buildRoster(
  source: RawObjectSource,
  rules: RosterRules,
  reject: (rejection: Rejection) => void,
  skipped: SkippedCounts = noneSkipped(),
): AsyncGenerator<RosterEntity[]> {
  const context = new FullBuildContext(rules, reject, skipped);
  let out: RosterEntity[] = [];
  const drain = (): RosterEntity[] => {
    const batch = out;
    out = [];
    return batch;
  };

  for await (const batch of source.objects('SchoolInfo')) {
    for (const record of batch) {
      const school = buildSchool(record, context);
      if (!school) continue;
      context.schools.set(record.refId, school);
      out.push(school);
    }
    if (out.length > 0) yield drain();
  }
  for await (const batch of source.objects('TermInfo')) {
    for (const record of batch) {
      const term = buildTerm(record, context);
      if (!term) continue;
      context.terms.set(record.refId, term);
      out.push(term);
    }
    if (out.length > 0) yield drain();
  }
  for await (const batch of source.objects('SchoolCourseInfo')) {
    for (const record of batch) {
      const course = buildCourse(record, context);
      if (!course) continue;
      context.courses.set(record.refId, course);
      out.push(course);
    }
    if (out.length > 0) yield drain();
  }

  // People first, as maps: sections name their teachers, enrollments their students.
  for await (const batch of source.objects('StaffPersonal')) {
    for (const record of batch) {
      const staff = buildStaff(record, context);
      if (staff) context.staffMembers.set(record.refId, staff);
    }
  }
  const personSchools = new Map<string, Set<string>>();
  const addSchool = (personRefId: string, schoolSisId: string) => {
    const set = personSchools.get(personRefId) ?? new Set<string>();
    set.add(schoolSisId);
    personSchools.set(personRefId, set);
  };
  for await (const batch of source.objects('StaffAssignment')) {
    for (const record of batch) {
      const assigned = buildStaffAssignment(record, context);
      if (assigned) addSchool(assigned.personRefId, assigned.schoolSisId);
    }
  }

  for await (const batch of source.objects('SectionInfo')) {
    for (const record of batch) {
      const built = buildSection(record, context);
      if (!built) continue;
      context.sections.set(record.refId, built.section);
      out.push(built.section);
      for (const teacherRefId of built.teacherRefIds) addSchool(teacherRefId, built.section.schoolSisId);
      out.push(...built.teacherEnrollments);
    }
    if (out.length > 0) yield drain();
  }

  for await (const batch of source.objects('StudentPersonal')) {
    for (const record of batch) {
      const student = buildStudent(record, context);
      if (student) context.students.set(record.refId, student);
    }
  }
  const schoolEnrollments = new Map<string, SchoolEnrollment[]>();
  for await (const batch of source.objects('StudentSchoolEnrollment')) {
    for (const record of batch) {
      const built = buildStudentSchoolEnrollment(record, context);
      if (!built) continue;
      addSchool(built.studentRefId, built.enrollment.schoolSisId);
      const list = schoolEnrollments.get(built.studentRefId) ?? [];
      list.push(built.enrollment);
      schoolEnrollments.set(built.studentRefId, list);
    }
  }

  // Per section, the students enrolled so far: small sets of strings already hashed (the
  // students' SIS ids), where one set of every enrollment's SIS id would hash a new string per
  // enrollment and hold them all until the end.
  const sectionStudents = new Map<RosterSection, Set<string>>();
  for await (const batch of source.objects('StudentSectionEnrollment')) {
    for (const record of batch) {
      const built = buildStudentSectionEnrollment(record, context);
      if (!built) continue;
      // The same student twice in one section (a schedule change re-entered): one enrollment, the first by RefId.
      let enrolled = sectionStudents.get(built.section);
      if (!enrolled) {
        enrolled = new Set<string>();
        sectionStudents.set(built.section, enrolled);
      }
      if (enrolled.has(built.enrollment.userSisId)) continue;
      enrolled.add(built.enrollment.userSisId);
      addSchool(built.studentRefId, built.section.schoolSisId);
      out.push(built.enrollment);
    }
    if (out.length > 0) yield drain();
  }

  for (const [refId, person] of context.staffMembers) {
    const user = buildUser(person, personSchools.get(refId), [], context);
    if (!user) continue;
    out.push(user);
    if (out.length >= 10_000) yield drain();
  }
  for (const [refId, person] of context.students) {
    const user = buildUser(person, personSchools.get(refId), schoolEnrollments.get(refId) ?? [], context);
    if (!user) continue;
    out.push(user);
    if (out.length >= 10_000) yield drain();
  }
  if (out.length > 0) yield drain();
}

export type { Rejection, SkippedCounts } from './rejection';
