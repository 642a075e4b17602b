import { LEVEL_GRADES } from './course-catalog';
import { enroll, newSection } from './build-schedule';
import { shuffle } from './shuffle';
import type { GenerationContext, SchoolPlan, SectionPlan, StudentPlan } from './generation-context';
import type { StudentSchoolEnrollment } from '../model/sif-objects';
import { MESS_RATES } from './size-profiles';
import type { StaffFactory } from './staff-factory';

export interface PreviousYear {
  sections: SectionPlan[];
  schoolEnrollments: StudentSchoolEnrollment[];
}

/**
 * Objects of the previous school year that a PowerSchool zone still publishes (its terms and
 * courses are built with the schools): some sections with their enrollments, students'
 * enrollments of last year, and last year's staff assignments. A consumer filtering on
 * @SchoolYear must leave them out.
 */
export function buildPreviousYear(
  context: GenerationContext,
  schools: SchoolPlan[],
  students: StudentPlan[],
  staff: StaffFactory,
): PreviousYear {
  const random = context.random('previous-year');
  const previousYear = context.schoolYear - 1;
  const sections: SectionPlan[] = [];
  for (const school of schools) {
    const picks = shuffle([...school.sections], random).slice(
      0,
      Math.max(1, Math.round(school.sections.length * MESS_RATES.previousYearSections)),
    );
    const schoolStudents = [...school.studentsByGrade.values()].flat();
    for (const current of picks) {
      const term = school.previousTerms.get(current.course.catalog.term);
      if (!term) continue;
      const section = newSection(
        context,
        school,
        current.course,
        term,
        Number(current.info.localId?.split('-').pop() ?? '1'),
        previousYear,
      );
      const lead = current.info.scheduleInfoList[0]?.teacherRefIds[0];
      if (lead) section.info.scheduleInfoList[0]?.teacherRefIds.push(lead);
      for (const student of shuffle([...schoolStudents], random).slice(0, context.profile.classSize)) {
        enroll(context, section, student, term.startDate, context.exitDateAtTermEnd(term.endDate));
      }
      sections.push(section);
    }
  }

  const schoolEnrollments: StudentSchoolEnrollment[] = [];
  for (const student of students) {
    const grades = LEVEL_GRADES[student.school.level];
    const gradeIndex = grades.indexOf(student.grade);
    if (gradeIndex <= 0 || (schoolEnrollments.length > 0 && !random.chance(MESS_RATES.previousYearSchoolEnrollments))) continue;
    const yearTerm = student.school.previousTerms.get('year');
    if (!yearTerm) continue;
    const dcid = context.dcids.schoolEnrollments.next();
    schoolEnrollments.push({
      refId: context.refId('StudentSchoolEnrollment', dcid),
      dcid,
      studentPersonalRefId: student.personal.refId,
      schoolInfoRefId: student.school.info.refId,
      membershipType: 'Home',
      timeFrame: 'Historical',
      schoolYear: previousYear,
      entryDate: yearTerm.startDate,
      gradeLevel: grades[gradeIndex - 1],
      exitDate: context.exitDateAtTermEnd(yearTerm.endDate),
    });
  }

  const currentAssignments = staff.assignments.filter(
    (assignment) => assignment.schoolYear === context.schoolYear && assignment.primaryAssignment,
  );
  const schoolsByRefId = new Map(schools.map((school) => [school.info.refId, school]));
  currentAssignments.forEach((assignment, index) => {
    if (index > 0 && !random.chance(MESS_RATES.previousYearStaffAssignments)) return;
    const school = schoolsByRefId.get(assignment.schoolInfoRefId);
    const person = staff.staff.find((candidate) => candidate.refId === assignment.staffPersonalRefId);
    if (school && person) staff.assign(person, school, previousYear, { primary: true, description: assignment.description ?? 'Teacher' });
  });
  return { sections, schoolEnrollments };
}
