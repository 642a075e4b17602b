import { addDays, nextSchoolDay } from '../calendar/iso-dates';
import { yearIdOf } from '../calendar/school-year';
import type { SandboxDistrict } from '../model/sandbox-district';
import type { GradeLevelCode, SchoolInfo, StaffPersonal, TermInfo } from '../model/sif-objects';
import { ptpCategories } from './ptp-categories';
import type { PtpDistrict, PtpSection, PtpSectionEnrollment, PtpStudent, PtpTeacher, PtpTerm } from './ptp-district';
import { ptpTermsOfSchoolYear } from './ptp-terms';

function schoolNumberOf(school: SchoolInfo): number {
  const number = Number(school.localId);
  // A school published without a LocalId still needs a SchoolID; its DCID stands in.
  return Number.isInteger(number) && school.localId !== undefined ? number : school.dcid;
}

function gradeNumber(code: GradeLevelCode | undefined): number {
  if (code === 'KG') return 0;
  if (code === 'PK') return -1;
  const number = Number(code);
  return Number.isInteger(number) ? number : 0;
}

/**
 * The same district as PowerTeacher Pro sees it: the ids PTP's API takes (users_dcid,
 * sectionsdcid, studentsdcid, TERMS.ID and yearid, store codes) and the district's and teachers'
 * categories. Every id comes from the SIF objects' DCIDs, so the two views always agree.
 */
export function toPtpDistrict(district: SandboxDistrict): PtpDistrict {
  const schoolsByRefId = new Map(district.schools.map((school) => [school.refId, school]));
  const schoolIdOf = (refId: string | undefined) => {
    const school = refId === undefined ? undefined : schoolsByRefId.get(refId);
    return school ? schoolNumberOf(school) : 0;
  };

  const terms: PtpTerm[] = [];
  const termsBySchoolYear = new Map<string, TermInfo[]>();
  for (const term of district.terms) {
    const key = `${term.schoolInfoRefId} ${term.schoolYear}`;
    termsBySchoolYear.set(key, [...(termsBySchoolYear.get(key) ?? []), term]);
  }
  for (const group of termsBySchoolYear.values()) terms.push(...ptpTermsOfSchoolYear(group, schoolIdOf(group[0]?.schoolInfoRefId)));
  const ptpTermByDcid = new Map(terms.map((term) => [term.dcid, term]));
  const termInfoByRefId = new Map(district.terms.map((term) => [term.refId, term]));

  const staffByRefId = new Map(district.staff.map((person) => [person.refId, person]));
  const coursesByRefId = new Map(district.courses.map((course) => [course.refId, course]));
  const sections: PtpSection[] = district.sections.map((section) => {
    const course = coursesByRefId.get(section.schoolCourseInfoRefId);
    const courseNumber = course?.courseCode ?? '';
    const termInfo = termInfoByRefId.get(section.scheduleInfoList[0]?.termInfoRefId ?? '');
    const term = termInfo ? ptpTermByDcid.get(termInfo.dcid) : undefined;
    const teachers = [...new Set(section.scheduleInfoList.flatMap((schedule) => schedule.teacherRefIds))]
      .map((refId) => staffByRefId.get(refId)?.dcid)
      .filter((dcid): dcid is number => dcid !== undefined);
    const localId = section.localId ?? '';
    const period = section.scheduleInfoList[0]?.meetingTimes?.[0]?.timetablePeriod;
    return {
      sectionsdcid: section.dcid,
      schoolid: schoolIdOf(course?.schoolInfoRefId),
      course_number: courseNumber,
      course_name: course?.courseTitle ?? courseNumber,
      section_number: courseNumber !== '' && localId.startsWith(`${courseNumber}-`) ? localId.slice(courseNumber.length + 1) : localId,
      termid: term?.id ?? yearIdOf(section.schoolYear) * 100,
      termdcid: term?.dcid ?? 0,
      yearid: yearIdOf(section.schoolYear),
      expression: period === undefined ? null : `${period}(A)`,
      teachers,
    };
  });

  const assignmentsByStaff = new Map<string, typeof district.staffAssignments>();
  for (const assignment of district.staffAssignments) {
    if (assignment.schoolYear !== district.schoolYear) continue;
    assignmentsByStaff.set(assignment.staffPersonalRefId, [...(assignmentsByStaff.get(assignment.staffPersonalRefId) ?? []), assignment]);
  }
  const teaching = new Set(sections.flatMap((section) => section.teachers));
  const teachers: PtpTeacher[] = district.staff
    .filter((person) => assignmentsByStaff.has(person.refId) || teaching.has(person.dcid))
    .map((person) => teacherOf(person, assignmentsByStaff.get(person.refId) ?? [], schoolIdOf));

  const homeSchool = new Map<string, { schoolid: number; grade: GradeLevelCode | undefined }>();
  for (const enrollment of district.schoolEnrollments) {
    const current = homeSchool.get(enrollment.studentPersonalRefId);
    const better = !current || (enrollment.schoolYear === district.schoolYear && enrollment.membershipType === 'Home');
    if (better)
      homeSchool.set(enrollment.studentPersonalRefId, { schoolid: schoolIdOf(enrollment.schoolInfoRefId), grade: enrollment.gradeLevel });
  }
  const students: PtpStudent[] = district.students.map((student) => {
    const home = homeSchool.get(student.refId);
    return {
      studentsdcid: student.dcid,
      student_number: student.localId,
      first_name: student.name.firstName,
      middle_name: student.name.middleName ?? null,
      last_name: student.name.lastName,
      schoolid: home?.schoolid ?? Number(student.mostRecent?.schoolLocalId ?? 0),
      grade_level: gradeNumber(home?.grade ?? student.mostRecent?.gradeLevel),
    };
  });

  const studentDcid = new Map(district.students.map((student) => [student.refId, student.dcid]));
  const sectionDcid = new Map(district.sections.map((section) => [section.refId, section.dcid]));
  const sectionTermEnd = new Map(
    district.sections.map((section) => [section.refId, termInfoByRefId.get(section.scheduleInfoList[0]?.termInfoRefId ?? '')?.endDate]),
  );
  // CC.DateLeft is PowerSchool's exclusive date. ExitDates published as the last day attended are
  // turned back into it: the day after a term's last day, or the next school day after a drop.
  const toDateLeft = (exitDate: string | undefined, sectionRefId: string) => {
    if (exitDate === undefined) return null;
    if (district.exitDateSemantics !== 'last-attended') return exitDate;
    return exitDate === sectionTermEnd.get(sectionRefId) ? addDays(exitDate, 1) : nextSchoolDay(exitDate);
  };
  // A CC row needs its student and its section: in a real export either may be missing (an object
  // the model could not read), and PowerTeacher Pro has no row for such an enrollment.
  const sectionEnrollments: PtpSectionEnrollment[] = [];
  for (const enrollment of district.sectionEnrollments) {
    const sectionsdcid = sectionDcid.get(enrollment.sectionInfoRefId);
    const studentsdcid = studentDcid.get(enrollment.studentPersonalRefId);
    if (sectionsdcid === undefined || studentsdcid === undefined) continue;
    sectionEnrollments.push({
      dcid: enrollment.dcid,
      sectionsdcid,
      studentsdcid,
      dateenrolled: enrollment.entryDate ?? null,
      dateleft: toDateLeft(enrollment.exitDate, enrollment.sectionInfoRefId),
    });
  }

  return {
    seed: district.seed,
    schoolYear: district.schoolYear,
    yearid: yearIdOf(district.schoolYear),
    schools: district.schools.map((school) => ({ dcid: school.dcid, school_number: schoolNumberOf(school), name: school.schoolName })),
    teachers,
    students,
    terms,
    sections,
    sectionEnrollments,
    ...ptpCategories(
      district.seed,
      teachers,
      sections.filter((section) => section.yearid === yearIdOf(district.schoolYear)),
    ),
  };
}

function teacherOf(
  person: StaffPersonal,
  assignments: SandboxDistrict['staffAssignments'],
  schoolIdOf: (refId: string | undefined) => number,
): PtpTeacher {
  const home = assignments.find((assignment) => assignment.primaryAssignment) ?? assignments[0];
  return {
    users_dcid: person.dcid,
    teachernumber: person.localId,
    first_name: person.name.firstName,
    last_name: person.name.lastName,
    email: person.emails?.find((email) => email.type === 'Primary')?.address ?? null,
    loginid: person.extendedElements?.find((element) => element.name === 'USERNAME')?.value ?? null,
    schoolid: schoolIdOf(home?.schoolInfoRefId),
    schoolstaff: assignments.map((assignment) => ({ schoolid: schoolIdOf(assignment.schoolInfoRefId), schoolstaffdcid: assignment.dcid })),
  };
}
