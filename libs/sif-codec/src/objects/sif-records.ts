/**
 * The SIF objects this agent reads, as records: the elements and attributes provisioning needs
 * (reference/sif.md §2.2), keyed by RefId. These are what sif-ingest stores as the raw objects
 * of a run. Every field is optional here because SIF_Message schemas make every element
 * optional (Change events carry partial objects); `validateRecord` says which mandatory ones a
 * whole object lacks.
 *
 * They hold names and e-mail addresses: they stay in Postgres, never in logs or payloads.
 */

export const SIF_OBJECT_NAMES = [
  'LEAInfo',
  'SchoolInfo',
  'TermInfo',
  'SchoolCourseInfo',
  'SectionInfo',
  'StaffPersonal',
  'StaffAssignment',
  'StudentPersonal',
  'StudentSchoolEnrollment',
  'StudentSectionEnrollment',
] as const;

export type SifObjectName = (typeof SIF_OBJECT_NAMES)[number];

export function isSifObjectName(name: string): name is SifObjectName {
  return (SIF_OBJECT_NAMES as readonly string[]).includes(name);
}

export interface SifNameRecord {
  type?: string;
  lastName?: string;
  firstName?: string;
  middleName?: string;
}

/** `EmailList/Email`, keyed by @Type. PowerSchool may put several addresses in one. */
export interface SifEmailRecord {
  type: string;
  address: string;
}

/** `ScheduleInfo`, keyed by @TermInfoRefId: the term and the teachers (lead first). */
export interface SifScheduleRecord {
  termInfoRefId: string;
  teacherRefIds: string[];
}

/** List items a Change event removes (`SIF_Action="Delete"`), by their key. */
export interface SifListDeletes {
  emails?: string[];
  extendedElements?: string[];
  scheduleInfo?: string[];
}

interface RecordBase {
  refId: string;
  /** SIF_ExtendedElements by @Name (the DCID and username elements are among them). */
  extendedElements?: Record<string, string>;
  /** Change events only. */
  deletes?: SifListDeletes;
}

export interface LeaInfoRecord extends RecordBase {
  objectName: 'LEAInfo';
  leaName?: string;
  localId?: string;
}

export interface SchoolInfoRecord extends RecordBase {
  objectName: 'SchoolInfo';
  schoolName?: string;
  localId?: string;
  stateProvinceId?: string;
  leaInfoRefId?: string;
}

export interface TermInfoRecord extends RecordBase {
  objectName: 'TermInfo';
  schoolInfoRefId?: string;
  schoolYear?: number;
  startDate?: string;
  endDate?: string;
  description?: string;
  termCode?: string;
}

export interface SchoolCourseInfoRecord extends RecordBase {
  objectName: 'SchoolCourseInfo';
  schoolInfoRefId?: string;
  schoolYear?: number;
  courseCode?: string;
  courseTitle?: string;
}

export interface SectionInfoRecord extends RecordBase {
  objectName: 'SectionInfo';
  schoolCourseInfoRefId?: string;
  schoolYear?: number;
  localId?: string;
  description?: string;
  scheduleInfo?: SifScheduleRecord[];
}

export interface StaffPersonalRecord extends RecordBase {
  objectName: 'StaffPersonal';
  localId?: string;
  name?: SifNameRecord;
  emails?: SifEmailRecord[];
}

export interface StudentPersonalRecord extends RecordBase {
  objectName: 'StudentPersonal';
  localId?: string;
  name?: SifNameRecord;
  emails?: SifEmailRecord[];
  /** MostRecent/GradeLevel/Code */
  gradeLevel?: string;
}

export interface StaffAssignmentRecord extends RecordBase {
  objectName: 'StaffAssignment';
  schoolInfoRefId?: string;
  schoolYear?: number;
  staffPersonalRefId?: string;
  primaryAssignment?: boolean;
}

export interface StudentSchoolEnrollmentRecord extends RecordBase {
  objectName: 'StudentSchoolEnrollment';
  studentPersonalRefId?: string;
  schoolInfoRefId?: string;
  membershipType?: string;
  timeFrame?: string;
  schoolYear?: number;
  entryDate?: string;
  exitDate?: string;
  gradeLevel?: string;
}

export interface StudentSectionEnrollmentRecord extends RecordBase {
  objectName: 'StudentSectionEnrollment';
  studentPersonalRefId?: string;
  sectionInfoRefId?: string;
  schoolYear?: number;
  entryDate?: string;
  exitDate?: string;
}

export type SifRecord =
  | LeaInfoRecord
  | SchoolInfoRecord
  | TermInfoRecord
  | SchoolCourseInfoRecord
  | SectionInfoRecord
  | StaffPersonalRecord
  | StaffAssignmentRecord
  | StudentPersonalRecord
  | StudentSchoolEnrollmentRecord
  | StudentSectionEnrollmentRecord;

export type SifRecordOf<N extends SifObjectName> = Extract<SifRecord, { objectName: N }>;
