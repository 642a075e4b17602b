/** The Canvas JSON shapes sisbridge reads (canvas.md §2–§6); fields it does not use are omitted. */

export type SisImportState =
  | 'initializing'
  | 'created'
  | 'importing'
  | 'cleanup_batch'
  | 'imported'
  | 'imported_with_messages'
  | 'aborted'
  | 'failed'
  | 'failed_with_messages'
  | 'restoring'
  | 'partially_restored'
  | 'restored';

export const TERMINAL_SIS_IMPORT_STATES: ReadonlySet<SisImportState> = new Set([
  'imported',
  'imported_with_messages',
  'aborted',
  'failed',
  'failed_with_messages',
  'restored',
  'partially_restored',
]);

export interface SisImport {
  id: number;
  workflow_state: SisImportState;
  progress: number | string | null;
  created_at: string;
  ended_at: string | null;
  data?: { import_type?: string; supplied_batches?: string[]; counts?: Record<string, number> };
  processing_warnings?: Array<[string, string]>;
  processing_errors?: Array<[string, string]>;
  csv_attachments?: Array<{ id?: number; filename?: string; display_name?: string }>;
  batch_mode?: boolean | null;
  diffing_data_set_identifier?: string | null;
}

export interface SisImportErrorRow {
  sis_import_id: number;
  file: string;
  message: string;
  row?: number | null;
  row_info?: string | null;
}

export interface CanvasProgress {
  id: number;
  workflow_state: 'queued' | 'running' | 'completed' | 'failed';
  completion: number | null;
  message?: string | null;
  url?: string;
}

export interface CanvasAccount {
  id: number;
  name: string;
  parent_account_id: number | null;
  root_account_id: number | null;
  sis_account_id?: string | null;
  workflow_state?: string;
}

export interface CanvasTerm {
  id: number;
  name: string;
  sis_term_id?: string | null;
  start_at: string | null;
  end_at: string | null;
  workflow_state?: string;
}

export interface CanvasCourse {
  id: number;
  name: string;
  course_code: string;
  sis_course_id?: string | null;
  account_id: number;
  enrollment_term_id: number;
  workflow_state: string;
  grade_passback_setting?: string | null;
}

export interface CanvasSection {
  id: number;
  name: string;
  course_id: number;
  sis_section_id?: string | null;
  sis_course_id?: string | null;
}

export interface CanvasUser {
  id: number;
  name: string;
  sortable_name?: string;
  sis_user_id?: string | null;
  login_id?: string | null;
  email?: string | null;
}

export interface CanvasEnrollment {
  id: number;
  user_id: number;
  course_id: number;
  course_section_id: number;
  type: string;
  role: string;
  enrollment_state: string;
  sis_user_id?: string | null;
  sis_section_id?: string | null;
  sis_course_id?: string | null;
}

export interface CanvasAssignmentGroup {
  id: number;
  name: string;
  position: number;
  group_weight: number | null;
  sis_source_id?: string | null;
  integration_data?: Record<string, string> | null;
}

/** `GET /api/sis/courses/:id/assignments` (lib/api/v1/sis_assignment.rb). */
export interface SisAssignment {
  id: number;
  course_id: number;
  name: string;
  due_at: string | null;
  points_possible: number | null;
  submission_types?: string[];
  integration_id?: string | null;
  integration_data?: Record<string, unknown> | null;
  include_in_final_grade?: boolean;
  assignment_group?: { id: number; name: string; sis_source_id?: string | null; integration_data?: Record<string, unknown> | null } | null;
  sections: Array<{
    id: number;
    name: string;
    sis_id?: string | null;
    integration_id?: string | null;
    origin_course?: { id: number; name?: string; sis_id?: string | null };
    xlist_course?: { id: number; sis_id?: string | null };
    override?: { override_title?: string; due_at: string | null; unlock_at?: string | null; lock_at?: string | null };
  }>;
  user_overrides?: Array<{
    id: number;
    title?: string;
    due_at: string | null;
    students: Array<{ user_id: number; sis_user_id?: string | null }>;
  }>;
}

export interface CanvasSubmission {
  id?: number;
  assignment_id: number;
  user_id: number;
  score: number | null;
  grade?: string | null;
  excused: boolean | null;
  late: boolean;
  missing: boolean;
  late_policy_status?: 'late' | 'missing' | 'extended' | 'none' | null;
  workflow_state: 'graded' | 'submitted' | 'unsubmitted' | 'pending_review';
  graded_at?: string | null;
  posted_at?: string | null;
}

export interface GroupedSubmissions {
  user_id: number;
  section_id?: number;
  sis_user_id?: string | null;
  submissions: CanvasSubmission[];
}
