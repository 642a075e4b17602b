/**
 * What the simulator keeps for each Canvas object. Field names follow Canvas's own columns
 * (`workflow_state`, `sis_source_id`, `sis_batch_id`, `stuck_sis_fields`) in camelCase; the JSON
 * the API returns is built from these in `json/`.
 */

/** `sis_batch_id`: the last SIS import that touched the object; null for objects made by hand. */
export type SisBatchId = number | null;

export interface Account {
  id: number;
  name: string;
  parentAccountId: number | null;
  /** null for the root account itself. */
  rootAccountId: number | null;
  sisAccountId: string | null;
  integrationId: string | null;
  workflowState: 'active' | 'deleted';
  sisBatchId: SisBatchId;
  /** Fields changed through the API; SIS imports leave them alone unless told to override stickiness. */
  stuckFields: Set<string>;
  createdAt: Date;
  uuid: string;
  defaultTimeZone: string;
}

export const ENROLLMENT_TYPES = [
  'StudentEnrollment',
  'TeacherEnrollment',
  'TaEnrollment',
  'DesignerEnrollment',
  'ObserverEnrollment',
] as const;
export type EnrollmentType = (typeof ENROLLMENT_TYPES)[number];

export interface TermDateOverride {
  startAt: Date | null;
  endAt: Date | null;
}

export interface Term {
  id: number;
  rootAccountId: number;
  name: string;
  sisTermId: string | null;
  integrationId: string | null;
  workflowState: 'active' | 'deleted';
  startAt: Date | null;
  endAt: Date | null;
  /** `date_override_enrollment_type` rows: dates for one enrollment type only. */
  dateOverrides: Map<EnrollmentType, TermDateOverride>;
  sisBatchId: SisBatchId;
  stuckFields: Set<string>;
  createdAt: Date;
}

/** `created`/`claimed` show as `unpublished` in the API; `available` is published. */
export type CourseState = 'created' | 'claimed' | 'available' | 'completed' | 'deleted';

export interface Course {
  id: number;
  accountId: number;
  rootAccountId: number;
  termId: number;
  sisCourseId: string | null;
  integrationId: string | null;
  name: string;
  courseCode: string;
  workflowState: CourseState;
  startAt: Date | null;
  endAt: Date | null;
  restrictEnrollmentsToCourseDates: boolean;
  courseFormat: 'on_campus' | 'online' | 'blended' | null;
  /** `nightly_sync` or null (`not_set`). */
  gradePassbackSetting: string | null;
  blueprintCourseSisId: string | null;
  homeroomCourse: boolean;
  friendlyName: string | null;
  sisBatchId: SisBatchId;
  stuckFields: Set<string>;
  createdAt: Date;
  uuid: string;
}

export interface Section {
  id: number;
  courseId: number;
  name: string;
  sisSectionId: string | null;
  integrationId: string | null;
  workflowState: 'active' | 'deleted';
  startAt: Date | null;
  endAt: Date | null;
  restrictEnrollmentsToSectionDates: boolean;
  /** The section Canvas makes for a course when someone is enrolled without a section. */
  defaultSection: boolean;
  sisBatchId: SisBatchId;
  stuckFields: Set<string>;
  createdAt: Date;
}

export interface User {
  id: number;
  name: string;
  sortableName: string;
  shortName: string;
  email: string | null;
  pronouns: string | null;
  declaredUserType: string | null;
  workflowState: 'registered' | 'pre_registered' | 'deleted';
  stuckFields: Set<string>;
  createdAt: Date;
}

/** A pseudonym: a user's login in the root account. users.csv rows are logins. */
export interface Login {
  id: number;
  userId: number;
  accountId: number;
  uniqueId: string;
  sisUserId: string | null;
  integrationId: string | null;
  authenticationProviderId: string | null;
  workflowState: 'active' | 'suspended' | 'deleted';
  hasPassword: boolean;
  sisBatchId: SisBatchId;
  createdAt: Date;
}

export type EnrollmentState = 'active' | 'invited' | 'creation_pending' | 'inactive' | 'completed' | 'rejected' | 'deleted';

export interface Enrollment {
  id: number;
  userId: number;
  courseId: number;
  sectionId: number;
  type: EnrollmentType;
  roleId: number;
  workflowState: EnrollmentState;
  /** Observers: the observed student. */
  associatedUserId: number | null;
  limitPrivilegesToCourseSection: boolean;
  startAt: Date | null;
  endAt: Date | null;
  sisBatchId: SisBatchId;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssignmentGroup {
  id: number;
  courseId: number;
  name: string;
  position: number;
  groupWeight: number;
  sisSourceId: string | null;
  integrationData: Record<string, unknown>;
  rules: { drop_lowest?: number; drop_highest?: number; never_drop?: number[] };
  workflowState: 'available' | 'deleted';
  createdAt: Date;
}

export type GradingType = 'points' | 'percent' | 'pass_fail' | 'letter_grade' | 'gpa_scale' | 'not_graded';

export interface Assignment {
  id: number;
  courseId: number;
  assignmentGroupId: number;
  name: string;
  description: string | null;
  position: number;
  pointsPossible: number | null;
  gradingType: GradingType;
  submissionTypes: string[];
  dueAt: Date | null;
  unlockAt: Date | null;
  lockAt: Date | null;
  workflowState: 'published' | 'unpublished' | 'deleted';
  onlyVisibleToOverrides: boolean;
  postToSis: boolean;
  sisAssignmentId: string | null;
  integrationId: string | null;
  integrationData: Record<string, unknown>;
  omitFromFinalGrade: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssignmentOverride {
  id: number;
  assignmentId: number;
  /** A section override … */
  courseSectionId: number | null;
  /** … or an override for named students (an "adhoc" override). */
  studentIds: number[] | null;
  title: string;
  dueAt: Date | null;
  /** Whether this override sets its own due date (Canvas's `due_at_overridden`). */
  dueAtOverridden: boolean;
  unlockAt: Date | null;
  lockAt: Date | null;
  workflowState: 'active' | 'deleted';
  createdAt: Date;
}

export type LatePolicyStatus = 'late' | 'missing' | 'extended' | 'none';

export interface Submission {
  id: number;
  assignmentId: number;
  userId: number;
  score: number | null;
  grade: string | null;
  excused: boolean;
  latePolicyStatus: LatePolicyStatus | null;
  secondsLateOverride: number | null;
  submittedAt: Date | null;
  gradedAt: Date | null;
  graderId: number | null;
  postedAt: Date | null;
  submissionType: string | null;
  body: string | null;
  attempt: number | null;
  workflowState: 'unsubmitted' | 'submitted' | 'graded' | 'pending_review';
  createdAt: Date;
  updatedAt: Date;
}

export interface Progress {
  id: number;
  contextId: number;
  contextType: string;
  userId: number;
  tag: string;
  completion: number;
  workflowState: 'queued' | 'running' | 'completed' | 'failed';
  message: string | null;
  results: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored file: SIS import CSVs and their error reports, downloadable like Canvas attachments. */
export interface StoredFile {
  id: number;
  displayName: string;
  contentType: string;
  bytes: Buffer;
  createdAt: Date;
}
