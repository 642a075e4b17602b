/**
 * The sandbox district as PowerTeacher Pro sees it (reference/powerteacher-pro.md §2.2, §4.4).
 * Field names are PowerSchool's own column and JSON names, so the PTP simulator can serve them
 * as they are: `users_dcid` is USERS.DCID (= the StaffPersonal DCID), `sectionsdcid` is
 * SECTIONS.DCID (= the SectionInfo DCID), `studentsdcid` is STUDENTS.DCID (= the StudentPersonal
 * DCID), `schoolid` is SCHOOLS.SCHOOL_NUMBER, and a term `id` is TERMS.ID = yearid × 100 + n.
 */
export interface PtpDistrict {
  seed: number;
  /** The SIF SchoolYear of the current year (the year it ends). */
  schoolYear: number;
  /** The current year's YEARID (start year − 1990). */
  yearid: number;
  schools: PtpSchool[];
  teachers: PtpTeacher[];
  students: PtpStudent[];
  terms: PtpTerm[];
  sections: PtpSection[];
  sectionEnrollments: PtpSectionEnrollment[];
  districtCategories: PtpDistrictTeacherCategory[];
  teacherCategories: PtpTeacherCategory[];
}

export interface PtpSchool {
  /** SCHOOLS.DCID (the SchoolInfo DCID) */
  dcid: number;
  /** SCHOOLS.SCHOOL_NUMBER: the "SchoolID" of most tables */
  school_number: number;
  name: string;
}

export interface PtpTeacher {
  /** USERS.DCID, the `users_dcid` every XTE call takes */
  users_dcid: number;
  /** USERS.TEACHERNUMBER */
  teachernumber: string;
  first_name: string;
  last_name: string;
  email: string | null;
  /** USERS.LOGINID, when published (the USERNAME extended element) */
  loginid: string | null;
  /** The home school (SCHOOL_NUMBER): the primary assignment's */
  schoolid: number;
  /** One SCHOOLSTAFF row per school the teacher is at (SCHOOLSTAFF.DCID = the StaffAssignment DCID). */
  schoolstaff: Array<{ schoolid: number; schoolstaffdcid: number }>;
}

export interface PtpStudent {
  studentsdcid: number;
  student_number: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  /** Home school (SCHOOL_NUMBER) */
  schoolid: number;
  /** STUDENTS.GRADE_LEVEL: 0 for kindergarten, -1 for pre-K */
  grade_level: number;
}

export interface PtpStoreCode {
  /** TermBins.StoreCode: Q1…Q4, S1/S2, Y1 */
  storecode: string;
  startdate: string;
  enddate: string;
}

export interface PtpTerm {
  /** TERMS.ID = yearid × 100 + n (the year is n = 0, then semesters, then quarters) */
  id: number;
  /** TERMS.DCID (the TermInfo DCID) */
  dcid: number;
  yearid: number;
  schoolid: number;
  name: string;
  abbreviation: string;
  firstday: string;
  lastday: string;
  /** TERMS.PORTION: 1 for the year, 2 for a semester, 4 for a quarter */
  portion: number;
  isyearrec: boolean;
  /** The grading bins a section in this term posts to, with their dates. */
  storecodes: PtpStoreCode[];
}

export interface PtpSection {
  sectionsdcid: number;
  schoolid: number;
  course_number: string;
  course_name: string;
  section_number: string;
  /** SECTIONS.TERMID: TERMS.ID, so floor(termid / 100) is the yearid */
  termid: number;
  /** The term's TERMS.DCID (what /ws/v1 calls term_id) */
  termdcid: number;
  yearid: number;
  expression: string | null;
  /** users_dcid of every teacher, the lead teacher first (SectionTeacher rows) */
  teachers: number[];
}

export interface PtpSectionEnrollment {
  /** CC.DCID (the StudentSectionEnrollment DCID) */
  dcid: number;
  sectionsdcid: number;
  studentsdcid: number;
  dateenrolled: string | null;
  /** CC.DateLeft: PowerSchool's exclusive date, the day after the last day attended */
  dateleft: string | null;
}

/** Fields a district category and a teacher category share (TEACHERCATEGORY / DISTRICTTEACHERCATEGORY). */
export interface PtpCategoryDefaults {
  name: string;
  description: string;
  /** A one-digit string, "1"…"9", as real payloads carry it */
  color: string;
  displayposition: number;
  isactive: boolean;
  isinfinalgrades: boolean;
  isusermodifiable: boolean;
  isdefaultpublishscores: boolean;
  defaultpublishoption: string;
  defaultscoretype: string;
  defaultscoreentrypoints: number;
  defaulttotalvalue: number;
  defaultweight: number;
  defaultextracreditpoints: number;
  defaultdaysbeforedue: number;
}

export interface PtpDistrictTeacherCategory extends PtpCategoryDefaults {
  districtteachercategoryid: number;
}

export interface PtpTeacherCategory extends PtpCategoryDefaults {
  teachercategoryid: number;
  /** Set for a teacher's copy of a district category; null for one the teacher made. */
  districtteachercategoryid: number | null;
  usersdcid: number;
  categorytype: 'district' | 'user';
  teachermodified: boolean;
  /** SECTIONS.DCID values this category is excluded from (TeacherCategorySectionExclude rows). */
  section_exclusions: number[];
}
