/**
 * What grade passback reports, to the teacher (the LTI page, the API), to operators (CLI, Temporal
 * UI) and between workflow and activities. Assignment names and ids only: scores and students stay
 * in Postgres (per-score outcomes are stored per run, keyed by DCIDs).
 */

/** Each rule an assignment must pass before anything is sent to PowerTeacher Pro. */
export type PassbackRule =
  /** Longer than the district's limit (default 30, as Canvas's own integration; never over PTP's 50). */
  | 'name-too-long'
  /** Two post_to_sis assignments with one name in a section: PTP could not tell them apart. */
  | 'name-not-unique'
  | 'due-date-missing'
  /** The due date (or a section override's) is outside the section's term. */
  | 'due-date-outside-term'
  /** Assigned to individual students; PTP takes assignments for everyone or whole sections only. */
  | 'assigned-to-students'
  /** Its assignment group is not linked to a PTP category (not imported, or the link was removed). */
  | 'group-not-linked'
  | 'category-inactive'
  | 'category-excluded-for-section'
  /** Points possible over PTP's maximum (9,999), or negative. */
  | 'points-out-of-range'
  /** A section of the assignment was not provisioned from PowerSchool (no PTP section to write to). */
  | 'section-not-from-powerschool';

export interface ValidationProblem {
  rule: PassbackRule;
  /** The offending value as the teacher sees it in Canvas (a name, a date, a number of points). */
  value: string;
  /** What the teacher does in Canvas to fix it. */
  fix: string;
  /** The section it concerns, when only some sections fail. */
  sectionSisId?: string;
}

export interface AssignmentValidation {
  canvasAssignmentId: number;
  canvasCourseId: number;
  name: string;
  dueAt?: string;
  pointsPossible?: number;
  /** Sections (SIS ids) the assignment goes to. */
  sections: string[];
  valid: boolean;
  problems: ValidationProblem[];
}

/** Why a course's grades could not be read at all: each is a problem to fix, never a success. */
export type UnreadCourseRule =
  /** Canvas answers 400 `unpublished_course`: the SIS Integration API has no grade data for an unpublished course. */
  | 'course-unpublished'
  /** Canvas answers 400 `not_enabled`: no SIS integration (no post_grades tool, no Post Grades feature) for the course. */
  | 'grade-export-off'
  /** The teacher teaches PowerSchool sections this year, but Canvas lists them as the teacher of none of their courses. */
  | 'no-canvas-courses';

export interface UnreadCourse {
  rule: UnreadCourseRule;
  /** The course, when there is one to name (ids only). */
  canvasCourseId?: number;
  courseSisId?: string;
  /** What to do, in the teacher's words. */
  fix: string;
}

export interface PassbackReport {
  districtId: string;
  teacherSisId: string;
  courseSisId?: string;
  assignments: AssignmentValidation[];
  valid: number;
  invalid: number;
  /** Courses whose grades could not be read, with the rule and the fix (absent in reports of older runs). */
  unreadCourses?: UnreadCourse[];
}

export type AssignmentOutcomeStatus = 'sent' | 'unchanged' | 'invalid' | 'failed';

export interface AssignmentOutcome {
  canvasAssignmentId: number;
  name: string;
  status: AssignmentOutcomeStatus;
  /** PTP assignment created, updated, or left as it was (unchanged). */
  ptpAssignment?: 'created' | 'updated' | 'unchanged';
  scores: {
    written: number;
    unchanged: number;
    failed: number;
    /** Of the written, how many replaced a change made by hand in PTP (Canvas wins only when its grade changes). */
    replacedHandEdits?: number;
  };
  /** Why it failed or is invalid, with the fix (for invalid ones, the rules); for a sent one, what is worth knowing. */
  reason?: string;
  problems?: ValidationProblem[];
}

export type PassbackPhase = 'queued' | 'validating' | 'assignments' | 'scores' | 'compensating' | 'done' | 'failed';

export interface PassbackProgress {
  phase: PassbackPhase;
  percent: number;
  status: string;
  assignmentsDone: number;
  assignmentsTotal: number;
  scoresWritten: number;
  scoresUnchanged: number;
  scoresFailed: number;
}

export interface PassbackResult {
  runId: string;
  outcome: 'completed' | 'completed-with-errors' | 'failed';
  assignments: AssignmentOutcome[];
  totals: {
    assignmentsCreated: number;
    assignmentsUpdated: number;
    assignmentsUnchanged: number;
    assignmentsInvalid: number;
    assignmentsFailed: number;
    scoresWritten: number;
    scoresUnchanged: number;
    scoresFailed: number;
    /** Written scores that replaced a change made by hand in PTP. */
    scoresReplacingHandEdits?: number;
  };
  /** Courses whose grades could not be read: the run is never `completed` with any. */
  unreadCourses?: UnreadCourse[];
  /** When it failed and was compensated: what was undone. */
  compensation?: { assignmentsDeleted: number; scoresRestored: number; assignmentsRestored?: number; failures?: string[] };
  reason?: string;
  /**
   * PTP assignments by outcome: one per Canvas assignment and section it went to, so a teacher
   * with three sections has three PTP assignments per Canvas assignment (see the README).
   */
  ptpAssignmentSections?: { created: number; updated: number; unchanged: number; failed: number };
}
