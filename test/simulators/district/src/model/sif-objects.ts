/**
 * The SIF 2.x (US) objects a PowerSchool SIF agent publishes for provisioning, as plain typed
 * objects. Each holds the fields the reference lists (reference/sif.md §2), enough to write
 * faithful SIF XML: RefIds are 32 upper-case hex GUIDs, references between objects are RefIds,
 * dates are YYYY-MM-DD, and `dcid` is the PowerSchool DCID published as a SIF_ExtendedElement.
 */

/** A SIF GUID: 32 upper-case hexadecimal characters, no hyphens. */
export type RefId = string;

/** An xs:date, YYYY-MM-DD. */
export type IsoDate = string;

/** SIF US GradeLevel codes (PK, KG, 01–12, …). */
export type GradeLevelCode = 'PK' | 'KG' | '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | 'PG' | 'UN';

/** `Name` (PowerSchool always publishes Type 04, name of record). Children are written in this order. */
export interface SifName {
  type: string;
  prefix?: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  suffix?: string;
  preferredName?: string;
  sortName?: string;
  fullName?: string;
}

export type SifEmailType = 'Primary' | 'Alternate1' | 'Alternate2' | 'Alternate3' | 'Alternate4';

/**
 * `EmailList/Email`. PowerSchool's Primary e-mail of a student often holds guardian addresses,
 * several in one element separated by commas, so `address` is the element's text as published.
 */
export interface SifEmail {
  type: SifEmailType;
  address: string;
}

/** `OtherIdList/OtherId`, e.g. Type 9999 with `SCHOOL:<school_number>`. */
export interface SifOtherId {
  type: string;
  value: string;
}

/** `SIF_ExtendedElements/SIF_ExtendedElement` other than the DCID (which is `dcid`). */
export interface SifExtendedElement {
  name: string;
  value: string;
}

/**
 * A child element this model does not know, kept as written so a district read from a real
 * export is served back whole. It is written at its place in the object's schema order.
 */
export interface RawSifElement {
  name: string;
  /** The element serialized without a namespace declaration (it inherits the SIF namespace). */
  xml: string;
}

/** What every object carries. */
export interface SifObjectCommon {
  refId: RefId;
  /** The PowerSchool DCID behind this object (published as SIF_ExtendedElement Name="DCID"). */
  dcid: number;
  extendedElements?: SifExtendedElement[];
  otherElements?: RawSifElement[];
}

export interface LeaInfo extends SifObjectCommon {
  /** Prefs.DistrictNumber */
  localId?: string;
  stateProvinceId?: string;
  ncesId?: string;
  leaName: string;
  leaUrl?: string;
}

export interface SchoolInfo extends SifObjectCommon {
  /** Schools.School_Number, the "SchoolID" of most PowerSchool tables. */
  localId?: string;
  stateProvinceId?: string;
  ncesId?: string;
  schoolName: string;
  leaInfoRefId?: RefId;
  /** US code, e.g. 2402 high, 2400 middle, 1304 elementary. */
  schoolType?: string;
  schoolUrl?: string;
  gradeLevels: GradeLevelCode[];
}

export interface TermInfo extends SifObjectCommon {
  schoolInfoRefId: RefId;
  schoolYear: number;
  startDate: IsoDate;
  endDate: IsoDate;
  /** Terms.Name */
  description?: string;
  /** Terms.Portion as a decimal share of the year, e.g. "0.5000". */
  relativeDuration?: string;
  /** School_Number + '-' + Terms.Abbreviation */
  termCode?: string;
}

export interface CourseCredits {
  /** CreditType code; PowerSchool hard-codes 0586. */
  type: string;
  value: string;
}

export interface SchoolCourseInfo extends SifObjectCommon {
  schoolInfoRefId: RefId;
  schoolYear: number;
  /** Courses.Course_Number */
  courseCode?: string;
  stateCourseCode?: string;
  districtCourseCode?: string;
  courseTitle?: string;
  description?: string;
  courseCredits?: CourseCredits;
  department?: string;
}

export interface MeetingTime {
  timetableDay?: string;
  timetablePeriod?: string;
}

/** One `ScheduleInfo`: the term of the section and its teachers (lead teacher first). */
export interface ScheduleInfo {
  termInfoRefId: RefId;
  teacherRefIds: RefId[];
  roomRefIds?: RefId[];
  meetingTimes?: MeetingTime[];
}

export interface SectionInfo extends SifObjectCommon {
  schoolCourseInfoRefId: RefId;
  schoolYear: number;
  /** Course_Number-Section_Number */
  localId?: string;
  description?: string;
  scheduleInfoList: ScheduleInfo[];
  languageOfInstruction?: string;
  summerSchool?: boolean;
}

export interface StaffPersonal extends SifObjectCommon {
  /** Users.TeacherNumber */
  localId: string;
  stateProvinceId?: string;
  otherIds?: SifOtherId[];
  name: SifName;
  title?: string;
  emails?: SifEmail[];
}

export interface StaffAssignment extends SifObjectCommon {
  schoolInfoRefId: RefId;
  schoolYear: number;
  staffPersonalRefId: RefId;
  description?: string;
  primaryAssignment: boolean;
  jobStartDate?: IsoDate;
  jobEndDate?: IsoDate;
  /** JobFunction/Code (PowerSchool defaults to 9999). */
  jobFunctionCode?: string;
}

export interface StudentMostRecent {
  schoolLocalId?: string;
  homeroomLocalId?: string;
  gradeLevel?: GradeLevelCode;
}

export interface StudentPersonal extends SifObjectCommon {
  /** Students.Student_Number */
  localId: string;
  /** Students.State_StudentNumber */
  stateProvinceId?: string;
  otherIds?: SifOtherId[];
  name: SifName;
  emails?: SifEmail[];
  projectedGraduationYear?: number;
  onTimeGraduationYear?: number;
  mostRecent?: StudentMostRecent;
}

export type MembershipType = 'Home' | 'Concurrent' | 'Summer';
export type TimeFrame = 'Current' | 'Historical' | 'Future';

export interface StudentSchoolEnrollment extends SifObjectCommon {
  studentPersonalRefId: RefId;
  schoolInfoRefId: RefId;
  membershipType: MembershipType;
  timeFrame: TimeFrame;
  schoolYear: number;
  entryDate: IsoDate;
  gradeLevel?: GradeLevelCode;
  exitDate?: IsoDate;
  /** ExitType/Code */
  exitTypeCode?: string;
}

export interface StudentSectionEnrollment extends SifObjectCommon {
  studentPersonalRefId: RefId;
  sectionInfoRefId: RefId;
  schoolYear: number;
  /** CC.DateEnrolled */
  entryDate?: IsoDate;
  /** CC.DateLeft, published as the district's exit-date reading (see ExitDateSemantics). */
  exitDate?: IsoDate;
}

/** Each SIF object name and the type that holds it. */
export interface SifObjectTypes {
  LEAInfo: LeaInfo;
  SchoolInfo: SchoolInfo;
  TermInfo: TermInfo;
  SchoolCourseInfo: SchoolCourseInfo;
  SectionInfo: SectionInfo;
  StaffPersonal: StaffPersonal;
  StaffAssignment: StaffAssignment;
  StudentPersonal: StudentPersonal;
  StudentSchoolEnrollment: StudentSchoolEnrollment;
  StudentSectionEnrollment: StudentSectionEnrollment;
}

export type SifObjectName = keyof SifObjectTypes;
export type SifObject = SifObjectTypes[SifObjectName];
