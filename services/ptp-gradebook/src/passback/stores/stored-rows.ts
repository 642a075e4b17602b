import type { PassbackCompensation, PassbackReport } from '@sisbridge/contracts';
import type { ScoreValue } from '../plan/score-value';
import type { SectionDefinition } from '../plan/section-definition';

/**
 * What a passback run stores in ptp_gradebook, as the code reads it, and the one place where the
 * rows Postgres answers (bigints as text, nulls) become those records.
 */

/** A run: whom it is for, the plan's ids once validated, and how it ended. */
export interface PassbackRunRecord {
  runId: string;
  workflowId: string;
  districtId: string;
  teacherSisId: string;
  courseSisId?: string;
  trigger: string;
  usersDcid?: number;
  yearId?: number;
  snapshotId?: string;
  report?: PassbackReport;
  outcome?: 'completed' | 'completed-with-errors' | 'failed';
  reason?: string;
  compensation?: PassbackCompensation;
  startedAt: Date;
  finishedAt?: Date;
}

export type SectionStatus = 'planned' | 'created' | 'updated' | 'unchanged' | 'failed';

/** One planned assignment section (a Canvas assignment in one PTP section) and what happened to it. */
export interface StoredSection {
  canvasAssignmentId: number;
  canvasCourseId: number;
  sectionsDcid: number;
  sectionSisId: string;
  /** As planned by validation; never changed afterwards. */
  definition: SectionDefinition;
  status: SectionStatus;
  ptpAssignmentId?: number;
  assignmentSectionId?: number;
  priorAssignment?: Record<string, unknown>;
  priorFingerprint?: string;
  reason?: string;
}

/** A score to send: one student's value for one planned assignment section. */
export interface ScoreToSend extends ScoreValue {
  canvasAssignmentId: number;
  sectionsDcid: number;
  studentsDcid: number;
}

/** A gradable Canvas score that has no PTP section to go to, with the reason (no student ids in it). */
export interface UnmatchedScore {
  canvasAssignmentId: number;
  canvasUserId: number;
  reason: string;
}

/** A score still to send, with its section's state in this run (where it may go, if anywhere). */
export interface PendingScore extends ScoreToSend {
  sectionStatus: SectionStatus;
  sectionReason?: string;
  ptpAssignmentId?: number;
  assignmentSectionId?: number;
}

export interface ScoreOutcome {
  canvasAssignmentId: number;
  sectionsDcid: number;
  studentsDcid: number;
  status: 'written' | 'unchanged' | 'failed';
  reason?: string;
}

export interface RunRow {
  run_id: string;
  workflow_id: string;
  district_id: string;
  teacher_sis_id: string;
  course_sis_id: string | null;
  trigger: string;
  users_dcid: string | null;
  year_id: number | null;
  snapshot_id: string | null;
  report: PassbackReport | null;
  outcome: PassbackRunRecord['outcome'] | null;
  reason: string | null;
  compensation: PassbackCompensation | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface SectionRow {
  canvas_assignment_id: string;
  canvas_course_id: string;
  sections_dcid: string;
  section_sis_id: string;
  definition: SectionDefinition;
  status: SectionStatus;
  ptp_assignment_id: string | null;
  assignment_section_id: string | null;
  prior_assignment: Record<string, unknown> | null;
  prior_fingerprint: string | null;
  reason: string | null;
}

export interface PendingScoreRow {
  canvas_assignment_id: string;
  sections_dcid: string;
  students_dcid: string;
  entered: string | null;
  is_exempt: boolean;
  is_late: boolean;
  is_missing: boolean;
  section_status: SectionStatus;
  section_reason: string | null;
  ptp_assignment_id: string | null;
  assignment_section_id: string | null;
}

export function toRun(row: RunRow): PassbackRunRecord {
  return {
    runId: row.run_id,
    workflowId: row.workflow_id,
    districtId: row.district_id,
    teacherSisId: row.teacher_sis_id,
    ...(row.course_sis_id ? { courseSisId: row.course_sis_id } : {}),
    trigger: row.trigger,
    ...(row.users_dcid === null ? {} : { usersDcid: Number(row.users_dcid) }),
    ...(row.year_id === null ? {} : { yearId: row.year_id }),
    ...(row.snapshot_id === null ? {} : { snapshotId: row.snapshot_id }),
    ...(row.report ? { report: row.report } : {}),
    ...(row.outcome ? { outcome: row.outcome } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.compensation ? { compensation: row.compensation } : {}),
    startedAt: row.started_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
  };
}

export function toSection(row: SectionRow): StoredSection {
  return {
    canvasAssignmentId: Number(row.canvas_assignment_id),
    canvasCourseId: Number(row.canvas_course_id),
    sectionsDcid: Number(row.sections_dcid),
    sectionSisId: row.section_sis_id,
    definition: row.definition,
    status: row.status,
    ...optionalNumber('ptpAssignmentId', row.ptp_assignment_id),
    ...optionalNumber('assignmentSectionId', row.assignment_section_id),
    ...(row.prior_assignment ? { priorAssignment: row.prior_assignment } : {}),
    ...(row.prior_fingerprint ? { priorFingerprint: row.prior_fingerprint } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}

export function toPendingScore(row: PendingScoreRow): PendingScore {
  return {
    canvasAssignmentId: Number(row.canvas_assignment_id),
    sectionsDcid: Number(row.sections_dcid),
    studentsDcid: Number(row.students_dcid),
    entered: row.entered,
    isExempt: row.is_exempt,
    isLate: row.is_late,
    isMissing: row.is_missing,
    sectionStatus: row.section_status,
    ...(row.section_reason ? { sectionReason: row.section_reason } : {}),
    ...optionalNumber('ptpAssignmentId', row.ptp_assignment_id),
    ...optionalNumber('assignmentSectionId', row.assignment_section_id),
  };
}

function optionalNumber<K extends string>(key: K, value: string | null): Partial<Record<K, number>> {
  return value === null ? {} : ({ [key]: Number(value) } as Record<K, number>);
}
