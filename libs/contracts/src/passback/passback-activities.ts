import type { PassbackInput } from './passback.workflow-contract';
import type { PassbackReport, PassbackResult } from './passback-types';

/** What the passback workflow hands `preparePassback`: the run, and whom it is for. */
export interface PreparePassbackInput extends PassbackInput {
  /** The run's id (the Temporal run id), under which everything of the run is stored. */
  runId: string;
  workflowId: string;
}

/** The validation report, and the ids the workflow needs for Temporal UI (no people, no scores). */
export interface PreparedPassback {
  report: PassbackReport;
  usersDcid: number;
  /** The teacher's schools (SIS ids), for the search attribute. */
  schoolSisIds: string[];
  /** Assignment sections (one Canvas assignment in one section) that passed validation. */
  sectionsToSync: number;
}

/** A step of a run that works through stored rows a slice at a time (so progress shows between slices). */
export interface PassbackStepProgress {
  /** Rows still to do after this slice. */
  remaining: number;
}

export interface AssignmentSyncProgress extends PassbackStepProgress {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ScoreWriteProgress extends PassbackStepProgress {
  written: number;
  unchanged: number;
  failed: number;
}

export interface PassbackCompensation {
  assignmentsDeleted: number;
  /** Assignments this run had changed, put back as they were. */
  assignmentsRestored: number;
  scoresRestored: number;
  /** What could not be undone, in words (ids only). */
  failures: string[];
}

/** How a run ended, for `finishPassback` to record and summarise. */
export interface FinishPassbackInput {
  runId: string;
  districtId: string;
  failed: boolean;
  reason?: string;
  compensation?: PassbackCompensation;
}

/** A teacher as the operator named them (PowerSchool DCID, SIS id or Canvas user id), resolved. */
export interface TeacherIdentity {
  teacherSisId: string;
  usersDcid?: number;
  canvasUserId?: number;
  matchedBy: 'sis-id' | 'dcid' | 'canvas-user-id';
}

/**
 * Activities on the `ptp-gradebook` task queue for one teacher's passback. Scores never pass
 * through here: they are read from Canvas and written to PTP by the activities, and stored per
 * run in ptp_gradebook keyed by DCIDs.
 */
export interface PassbackActivities {
  /** `dcid:8301`, `sis:T8301`, `canvas:42`, or a bare value tried as SIS id, DCID, then Canvas user id. */
  resolveTeacher(input: { districtId: string; teacher: string }): Promise<TeacherIdentity>;
  /** Reads the teacher's post_to_sis assignments, the roster and the PTP categories; validates each assignment; stores plan and report. */
  preparePassback(input: PreparePassbackInput): Promise<PreparedPassback>;
  /** Reads the planned assignments' submissions from Canvas and stores the scores to send (idempotent per run). */
  collectPassbackScores(input: { runId: string; districtId: string }): Promise<{ scores: number }>;
  /** Creates or updates the PTP assignment of up to `limit` planned assignment sections. */
  syncPtpAssignments(input: { runId: string; districtId: string; limit: number }): Promise<AssignmentSyncProgress>;
  /** Writes up to `limit` pending scores, in batches, skipping what the ledger says PTP already has. */
  writePtpScores(input: { runId: string; districtId: string; limit: number }): Promise<ScoreWriteProgress>;
  /** Undoes what the run did in PTP: deletes the assignments it created, puts back what it changed. */
  compensatePassback(input: { runId: string; districtId: string }): Promise<PassbackCompensation>;
  /** Records the outcome and returns the run's result, built from the stored per-item outcomes. */
  finishPassback(input: FinishPassbackInput): Promise<PassbackResult>;
}
