import { shuffle } from './shuffle';
import type { SectionInfo, StudentSectionEnrollment, TermInfo } from '../model/sif-objects';
import type { CoursePlan, GenerationContext, SchoolPlan, SectionPlan, StudentPlan } from './generation-context';
import type { StaffFactory } from './staff-factory';

const PERIODS_PER_DAY = 7;

/**
 * The current year's master schedule of every school: sections of each course sized to the
 * class size, every student of the course's grade in exactly one of them, and teachers given
 * runs of sections within their department.
 */
export function buildSchedule(context: GenerationContext, schools: SchoolPlan[], staff: StaffFactory): void {
  const random = context.random('schedule');
  for (const school of schools) {
    for (const course of school.courses) {
      const students = shuffle([...(school.studentsByGrade.get(course.catalog.grade) ?? [])], random);
      const term = school.terms.get(course.catalog.term);
      if (!term) throw new Error(`school ${school.schoolNumber} has no ${course.catalog.term} term`);
      const count = Math.max(1, Math.ceil(students.length / context.profile.classSize));
      const sections = Array.from({ length: count }, (_, index) => newSection(context, school, course, term, index + 1));
      students.forEach((student, index) =>
        enroll(context, sections[index % count] as SectionPlan, student, term.startDate, context.exitDateAtTermEnd(term.endDate)),
      );
      school.sections.push(...sections);
    }
    assignTeachers(context, school, staff);
    staff.assign(staff.person('Principal'), school, context.schoolYear, { primary: true, description: 'Principal' });
    staff.assign(staff.person('Counselor'), school, context.schoolYear, { primary: true, description: 'Counselor' });
  }
}

export function newSection(
  context: GenerationContext,
  school: SchoolPlan,
  course: CoursePlan,
  term: TermInfo,
  sectionNumber: number,
  schoolYear = context.schoolYear,
): SectionPlan {
  const dcid = context.dcids.sections.next();
  const period = ((sectionNumber - 1 + course.catalog.courseNumber.length) % PERIODS_PER_DAY) + 1;
  const schoolCourse = schoolYear === context.schoolYear ? course.current : course.previous;
  const info: SectionInfo = {
    refId: context.refId('SectionInfo', dcid),
    dcid,
    schoolCourseInfoRefId: schoolCourse.refId,
    schoolYear,
    localId: `${course.catalog.courseNumber}-${sectionNumber}`,
    description: `${course.catalog.title}, period ${period}`,
    scheduleInfoList: [{ termInfoRefId: term.refId, teacherRefIds: [], meetingTimes: [{ timetablePeriod: String(period) }] }],
  };
  return { info, course, school, term, enrollments: [] };
}

/** One CC row: the student in the section from `entryDate`, leaving with the published `exitDate`. */
export function enroll(
  context: GenerationContext,
  section: SectionPlan,
  student: StudentPlan,
  entryDate: string,
  exitDate: string,
): StudentSectionEnrollment {
  const dcid = context.dcids.cc.next();
  const enrollment: StudentSectionEnrollment = {
    refId: context.refId('StudentSectionEnrollment', dcid),
    dcid,
    studentPersonalRefId: student.personal.refId,
    sectionInfoRefId: section.info.refId,
    schoolYear: section.info.schoolYear,
    entryDate,
    exitDate,
  };
  section.enrollments.push(enrollment);
  student.sectionEnrollments.push(enrollment);
  return enrollment;
}

function assignTeachers(context: GenerationContext, school: SchoolPlan, staff: StaffFactory): void {
  const byDepartment = new Map<string, SectionPlan[]>();
  for (const section of school.sections) {
    const list = byDepartment.get(section.course.catalog.department) ?? [];
    list.push(section);
    byDepartment.set(section.course.catalog.department, list);
  }
  for (const sections of byDepartment.values()) {
    const teachers = Math.max(1, Math.round(sections.length / context.profile.sectionsPerTeacher));
    const perTeacher = Math.ceil(sections.length / teachers);
    for (let start = 0; start < sections.length; start += perTeacher) {
      const teacher = staff.person('Teacher');
      staff.assign(teacher, school, context.schoolYear, { primary: true, description: 'Teacher' });
      school.teachers.push(teacher);
      for (const section of sections.slice(start, start + perTeacher)) section.info.scheduleInfoList[0]?.teacherRefIds.push(teacher.refId);
    }
  }
}
