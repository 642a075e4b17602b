/**
 * PTP's XTE objects as sisbridge reads and writes them (powerteacher-pro.md §2–§3). JSON field
 * names stay PowerSchool's where they travel as they are; what is parsed gets camelCase.
 */

/** `GET /ws/xte/teacher_category`: one of a teacher's categories (a district copy or their own). */
export interface TeacherCategory {
  /** TEACHERCATEGORY.TEACHERCATEGORYID (`teachercategoryid`, `_id`, or MT-XTE's `id`). */
  teacherCategoryId: number;
  name: string;
  description: string;
  /** `district` (a teacher's copy of a district category) or `user` (the teacher's own). */
  categoryType: string;
  districtTeacherCategoryId: number | null;
  usersDcid: number | null;
  isActive: boolean;
  isInFinalGrades: boolean;
  displayPosition: number;
  defaultPublishOption: string | null;
  isDefaultPublishScores: boolean | null;
  /** SECTIONS.DCID of the sections the category is excluded from. */
  excludedSectionDcids: number[];
}

/** One section of an assignment we create or update (one per assignment: see the README). */
export interface AssignmentSectionInput {
  /** Present on an update: the assignment section being replaced. */
  assignmentSectionId?: number;
  sectionsDcid: number;
  yearId: number;
  name: string;
  description: string;
  /** YYYY-MM-DD, in the district's time zone. */
  dueDate: string;
  /** Points the score is entered out of (weight 1, so also the total point value). */
  points: number;
  extraCreditPoints: number;
  countsInFinalGrade: boolean;
  publishScores: boolean;
  publishOption: string;
  teacherCategoryId: number;
}

export interface AssignmentInput {
  yearId: number;
  sections: AssignmentSectionInput[];
}

/** What `POST /ws/xte/section/assignment/` answers, from its `Location` and `AssignmentSectionIds` headers. */
export interface CreatedAssignment {
  assignmentId: number;
  assignmentSectionIds: number[];
}

/** An assignment as PTP returns it: the few fields we use, and the whole JSON (to write it back). */
export interface PtpAssignment {
  assignmentId: number;
  createdByPlugin: string | null;
  sections: Array<{
    assignmentSectionId: number;
    sectionsDcid: number;
    name: string;
    dueDate: string | null;
    teacherCategoryId: number | null;
  }>;
  json: Record<string, unknown>;
}

/** A score as `POST /ws/xte/assignment_score` returns it. */
export interface PtpScore {
  assignmentScoreId: number | null;
  assignmentSectionId: number;
  studentsDcid: number;
  /** What was entered, as the string PTP keeps (`"34"`, `"8.5"`, a score code), or null. */
  actualScoreEntered: string | null;
  actualScoreKind: string | null;
  isExempt: boolean;
  isLate: boolean;
  isMissing: boolean;
  isAbsent: boolean;
  isIncomplete: boolean;
  isCollected: boolean;
}

/** A score to write: the entry and the flags sisbridge manages. */
export interface ScoreWrite {
  assignmentSectionId: number;
  studentsDcid: number;
  /** The score as entered (points, as text), or null for none (e.g. exempt without a score). */
  entered: string | null;
  isExempt: boolean;
  isLate: boolean;
  isMissing: boolean;
  /** The existing score's id, when known: needed where PTP updates only by id ([U]). */
  assignmentScoreId?: number;
  /** `REAL_SCORE` (the default for an entry) or, when putting a score back, what it was (e.g. `SCORE_CODE`). */
  kind?: string | null;
  /** Flags sisbridge does not manage, kept as the teacher set them (false when there was no score). */
  isAbsent?: boolean;
  isIncomplete?: boolean;
  isCollected?: boolean;
}

export type ScoreWriteOutcome =
  | { ok: true; assignmentScoreId?: number }
  | { ok: false; reason: string; problems: Array<{ resource?: string; field?: string; code: string }> };
