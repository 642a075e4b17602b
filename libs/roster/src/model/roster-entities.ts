/**
 * The canonical roster: what sif-ingest makes of a district's SIF objects, and what the Canvas
 * provisioner and the passback read. Every entity has a `sisId`, unique within its kind, built
 * from the PowerSchool DCID by the district's SIS id templates; `refId` and `dcid` keep the link
 * back to PowerSchool. Dates are `YYYY-MM-DD`. Arrays are ordered (first teacher = lead).
 *
 * These rows hold names and e-mails of students: they live in Postgres only, never in Temporal
 * payloads, logs or error messages.
 */

export interface RosterSchool {
  kind: 'school';
  sisId: string;
  refId: string;
  dcid?: number;
  name: string;
  /** PowerSchool `Schools.School_Number` (SchoolInfo/LocalId). */
  schoolNumber?: string;
  stateId?: string;
}

export interface RosterTerm {
  kind: 'term';
  sisId: string;
  refId: string;
  dcid?: number;
  /** Terms are per school in PowerSchool. */
  schoolSisId: string;
  name: string;
  startDate: string;
  endDate: string;
  termCode?: string;
  schoolYear: number;
}

export interface RosterCourse {
  kind: 'course';
  sisId: string;
  refId: string;
  dcid?: number;
  schoolSisId: string;
  courseCode?: string;
  /** SchoolCourseInfo/CourseTitle, or the course code when PowerSchool sends no title. */
  title: string;
}

export interface RosterSection {
  kind: 'section';
  sisId: string;
  refId: string;
  dcid?: number;
  courseSisId: string;
  schoolSisId: string;
  /** SectionInfo/LocalId: PowerSchool's course and section numbers. */
  sectionCode?: string;
  description?: string;
  /** From ScheduleInfo/@TermInfoRefId, in document order; a year-long section may span two terms. */
  termSisIds: string[];
  /** From ScheduleInfo/TeacherList, lead first, without repeats (co-taught sections have several). */
  teacherSisIds: string[];
}

export type PersonType = 'student' | 'staff';

export interface RosterUser {
  kind: 'user';
  sisId: string;
  refId: string;
  dcid?: number;
  personType: PersonType;
  /** Student number or teacher number (LocalId). */
  localId: string;
  /** The PowerSchool username when the agent publishes it (an extended element), for SSO login ids. */
  username?: string;
  firstName: string;
  lastName: string;
  middleName?: string;
  /** One address, or none: PowerSchool's Primary e-mail often holds several guardian addresses. */
  email?: string;
  schoolSisIds: string[];
  gradeLevel?: string;
}

export type EnrollmentRole = 'student' | 'teacher';

export interface RosterEnrollment {
  kind: 'enrollment';
  /** `{sectionSisId}|{userSisId}|{role}`: one enrollment per person, section and role. */
  sisId: string;
  sectionSisId: string;
  userSisId: string;
  role: EnrollmentRole;
  /** The StudentSectionEnrollment RefId (students only). */
  refId?: string;
  entryDate?: string;
  exitDate?: string;
}

export type RosterEntity = RosterSchool | RosterTerm | RosterCourse | RosterSection | RosterUser | RosterEnrollment;

export type RosterEntityOf<K extends RosterEntity['kind']> = Extract<RosterEntity, { kind: K }>;

export function enrollmentSisId(sectionSisId: string, userSisId: string, role: EnrollmentRole): string {
  return `${sectionSisId}|${userSisId}|${role}`;
}
