import type { SeededRandom } from '@sisbridge/sim-common';
import { addDays, dayOfWeek, nextSchoolDay } from '../calendar/iso-dates';
import type { IsoDate, StudentSchoolEnrollment } from '../model/sif-objects';
import { enroll } from './build-schedule';
import { shuffle } from './shuffle';
import type { GenerationContext, SchoolPlan, SectionPlan, StudentPlan } from './generation-context';
import { MESS_RATES } from './size-profiles';
import type { StaffFactory } from './staff-factory';

/** How many objects get one kind of mess: the share, but never none. */
function atLeastOne(total: number, share: number): number {
  return total === 0 ? 0 : Math.max(1, Math.round(total * share));
}

/** A school day between `from + minDays` and `from + maxDays`. */
function schoolDayAfter(from: IsoDate, minDays: number, maxDays: number, random: SeededRandom): IsoDate {
  let day = addDays(from, random.int(minDays, maxDays));
  while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6) day = addDays(day, 1);
  return day;
}

/**
 * What makes a real district awkward, laid over the clean schedule: co-taught sections, staff
 * at two schools, students at two schools, students who withdrew mid-year, and schedule
 * changes (a section dropped and another of the same course added). Each appears at least once.
 */
export function applyRealWorldMess(
  context: GenerationContext,
  schools: SchoolPlan[],
  students: StudentPlan[],
  staff: StaffFactory,
): StudentSchoolEnrollment[] {
  const random = context.random('mess');
  coTeachSections(schools, random);
  if (schools.length > 1) placeStaffAtTwoSchools(context, schools, staff, random);
  const concurrent = schools.length > 1 ? enrollStudentsAtTwoSchools(context, schools, students, random) : [];
  const concurrentStudents = new Set(concurrent.map((enrollment) => enrollment.studentPersonalRefId));
  const sections = indexSections(schools);
  const withdrawn = withdrawStudents(
    context,
    students.filter((student) => !concurrentStudents.has(student.personal.refId)),
    sections,
    random,
  );
  changeSchedules(
    context,
    students.filter((student) => !withdrawn.has(student)),
    sections,
    random,
  );
  return concurrent;
}

function coTeachSections(schools: SchoolPlan[], random: SeededRandom): void {
  let first = true;
  for (const school of schools) {
    for (const section of school.sections) {
      if (!first && !random.chance(MESS_RATES.coTaughtSections)) continue;
      const schedule = section.info.scheduleInfoList[0];
      const lead = schedule?.teacherRefIds[0];
      const others = school.teachers.filter((teacher) => teacher.refId !== lead);
      if (!schedule || others.length === 0) continue;
      schedule.teacherRefIds.push(random.pick(others).refId);
      first = false;
    }
  }
}

function placeStaffAtTwoSchools(context: GenerationContext, schools: SchoolPlan[], staff: StaffFactory, random: SeededRandom): void {
  const teachers = schools.flatMap((school) => school.teachers.map((teacher) => ({ teacher, school })));
  for (const { teacher, school } of shuffle(teachers, random).slice(0, atLeastOne(teachers.length, MESS_RATES.staffAtTwoSchools))) {
    const other = random.pick(schools.filter((candidate) => candidate !== school && candidate.sections.length > 0));
    staff.assign(teacher, other, context.schoolYear, { primary: false, description: 'Teacher' });
    other.teachers.push(teacher);
    const schedule = random.pick(other.sections).info.scheduleInfoList[0];
    if (schedule) schedule.teacherRefIds[0] = teacher.refId;
  }
}

function enrollStudentsAtTwoSchools(
  context: GenerationContext,
  schools: SchoolPlan[],
  students: StudentPlan[],
  random: SeededRandom,
): StudentSchoolEnrollment[] {
  const enrollments: StudentSchoolEnrollment[] = [];
  const candidates = shuffle(
    students.filter((student) => student.school.level !== 'high'),
    random,
  );
  const pool = candidates.length > 0 ? candidates : shuffle([...students], random);
  for (const student of pool.slice(0, atLeastOne(students.length, MESS_RATES.studentsAtTwoSchools))) {
    const others = schools.filter((school) => school !== student.school && school.sections.length > 0);
    const other = random.pick(
      others.some((school) => school.level === 'high') ? others.filter((school) => school.level === 'high') : others,
    );
    const dcid = context.dcids.schoolEnrollments.next();
    const yearTerm = other.terms.get('year');
    const enrollment: StudentSchoolEnrollment = {
      refId: context.refId('StudentSchoolEnrollment', dcid),
      dcid,
      studentPersonalRefId: student.personal.refId,
      schoolInfoRefId: other.info.refId,
      membershipType: 'Concurrent',
      timeFrame: 'Current',
      schoolYear: context.schoolYear,
      entryDate: yearTerm?.startDate ?? student.enrollment.entryDate,
      gradeLevel: student.grade,
    };
    enrollments.push(enrollment);
    const section = random.pick(other.sections.filter((candidate) => candidate.course.catalog.term === 'year'));
    enroll(context, section, student, section.term.startDate, context.exitDateAtTermEnd(section.term.endDate));
  }
  return enrollments;
}

/** Students who left the district in the first weeks: their enrollments end, later terms never start. */
function withdrawStudents(
  context: GenerationContext,
  students: StudentPlan[],
  sections: SectionIndex,
  random: SeededRandom,
): Set<StudentPlan> {
  const withdrawn = new Set<StudentPlan>();
  for (const student of shuffle([...students], random).slice(0, atLeastOne(students.length, MESS_RATES.withdrawnStudents))) {
    const effective = schoolDayAfter(student.enrollment.entryDate, 14, 45, random);
    const exitDate = context.exitDateForDrop(effective);
    student.enrollment.exitDate = exitDate;
    student.enrollment.timeFrame = 'Historical';
    for (const enrollment of [...student.sectionEnrollments]) {
      const section = sections.byRefId.get(enrollment.sectionInfoRefId);
      if (section && section.term.startDate >= effective) {
        section.enrollments.splice(section.enrollments.indexOf(enrollment), 1);
        student.sectionEnrollments.splice(student.sectionEnrollments.indexOf(enrollment), 1);
      } else {
        enrollment.exitDate = exitDate;
      }
    }
    withdrawn.add(student);
  }
  return withdrawn;
}

/** A section dropped a few weeks in, and another section of the same course added that day. */
function changeSchedules(context: GenerationContext, students: StudentPlan[], sections: SectionIndex, random: SeededRandom): void {
  const total = students.reduce((sum, student) => sum + student.sectionEnrollments.length, 0);
  let changes = atLeastOne(total, MESS_RATES.scheduleChanges);
  for (const student of shuffle([...students], random)) {
    if (changes === 0) break;
    const candidates = student.sectionEnrollments.filter((enrollment) => {
      const section = sections.byRefId.get(enrollment.sectionInfoRefId);
      return (
        section &&
        ['year', 'S1', 'Q1'].includes(section.course.catalog.term) &&
        (sections.byCourse.get(section.course.current.refId)?.length ?? 0) > 1
      );
    });
    if (candidates.length === 0) continue;
    const enrollment = random.pick(candidates);
    const section = sections.byRefId.get(enrollment.sectionInfoRefId);
    if (!section) continue;
    const effective = nextSchoolDay(schoolDayAfter(section.term.startDate, 7, 30, random));
    if (effective >= section.term.endDate) continue;
    enrollment.exitDate = context.exitDateForDrop(effective);
    const replacement = random.pick((sections.byCourse.get(section.course.current.refId) ?? []).filter((other) => other !== section));
    enroll(context, replacement, student, effective, context.exitDateAtTermEnd(replacement.term.endDate));
    changes--;
  }
}

/** Sections by RefId and by course, so the passes above never scan a school's schedule. */
interface SectionIndex {
  byRefId: Map<string, SectionPlan>;
  byCourse: Map<string, SectionPlan[]>;
}

function indexSections(schools: SchoolPlan[]): SectionIndex {
  const index: SectionIndex = { byRefId: new Map(), byCourse: new Map() };
  for (const school of schools) {
    for (const section of school.sections) {
      index.byRefId.set(section.info.refId, section);
      const list = index.byCourse.get(section.course.current.refId) ?? [];
      list.push(section);
      index.byCourse.set(section.course.current.refId, list);
    }
  }
  return index;
}
