/** The states a SIS import (Canvas's SisBatch) moves through (canvas.md §2.2). */
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

export const SIS_IMPORT_STATES: readonly SisImportState[] = [
  'initializing',
  'created',
  'importing',
  'cleanup_batch',
  'imported',
  'imported_with_messages',
  'aborted',
  'failed',
  'failed_with_messages',
  'restoring',
  'partially_restored',
  'restored',
];

/** States in which the import has not finished yet (Canvas's `not_completed` scope). */
export const UNFINISHED_STATES: readonly SisImportState[] = ['initializing', 'created', 'importing', 'cleanup_batch'];

export type EnrollmentDropStatus = 'deleted' | 'completed' | 'inactive' | 'deleted_last_completed';

/** What the POST asked for (canvas.md §2.1, §1.9). */
export interface SisImportOptions {
  batchMode: boolean;
  batchModeTermId: number | null;
  multiTermBatchMode: boolean;
  batchModeEnrollmentDropStatus: 'deleted' | 'completed' | 'inactive';
  skipDeletes: boolean;
  overrideSisStickiness: boolean;
  addSisStickiness: boolean;
  clearSisStickiness: boolean;
  updateSisIdIfLoginClaimed: boolean;
  diffingDataSetIdentifier: string | null;
  diffingRemaster: boolean;
  diffingDropStatus: EnrollmentDropStatus | null;
  diffingUserRemoveStatus: 'deleted' | 'suspended' | null;
  changeThreshold: number | null;
  diffRowCountThreshold: number | null;
}

/** One row of `/sis_imports/:id/errors`. `failure` errors fail the import; the others are warnings. */
export interface SisImportError {
  file: string | null;
  message: string;
  /** 1-based, counting the header row. */
  row: number | null;
  rowInfo: string | null;
  failure: boolean;
  createdAt: Date;
}

/** The Canvas class names restore data and statistics use. */
export type RollBackContextType = 'Account' | 'EnrollmentTerm' | 'Course' | 'CourseSection' | 'Pseudonym' | 'Enrollment';

/**
 * One workflow_state change the import made, kept so `restore_states` can put it back
 * (Canvas's SisBatchRollBackData). `previous` is `non-existent` for objects the import created.
 */
export interface RollBackEntry {
  contextType: RollBackContextType;
  contextId: number;
  previous: string;
  updated: string;
  batchModeDelete: boolean;
  restored: boolean;
}

export interface SisImport {
  id: number;
  accountId: number;
  userId: number;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  updatedAt: Date;
  workflowState: SisImportState;
  /** Percent done of the current stage (it starts again at 0 for the batch cleanup). */
  progress: number;
  options: SisImportOptions;
  /** The uploaded file, kept for diffing later imports against it. */
  attachment: { fileName: string; bytes: Buffer };
  suppliedBatches: string[];
  counts: Record<string, number>;
  errors: SisImportError[];
  rollBack: RollBackEntry[];
  diffedAgainstImportId: number | null;
  /** The file sizes differed by more than change_threshold, so this import was applied in full. */
  diffingThresholdExceeded: boolean;
  /** Whether this import may serve as the base of a later diff (applied diffed, or a remaster). */
  usableAsDiffBase: boolean;
  /** Why an import that could not even be opened failed (Canvas's `data.error_message`). */
  fatalError: string | null;
  csvFileIds: number[];
  errorsFileId: number | null;
  statistics: Record<string, unknown> | null;
}
