import { canvasTime } from '../http/canvas-time';
import type { CanvasStore } from '../model/canvas-store';
import { UNFINISHED_STATES, type SisImport, type SisImportError } from '../sis-import/sis-import';
import { fileJson } from './file-json';
import { userDisplayJson } from './user-json';

/** `processing_errors` and `processing_warnings` carry the first 24 of each; the rest are on `/errors`. */
const MESSAGES_INLINE = 24;

/**
 * The SisImport object (canvas.md §2.2). Options that were not sent are null, as Canvas reports
 * them; `processing_errors`/`processing_warnings` and `errors_attachment` appear once the import
 * has finished and only when there is something to report.
 */
export function sisImportJson(store: CanvasStore, sisImport: SisImport, baseUrl: string): Record<string, unknown> {
  const { options } = sisImport;
  const user = store.users.get(sisImport.userId);
  const data: Record<string, unknown> = {
    import_type: 'instructure_csv',
    supplied_batches: sisImport.suppliedBatches,
    counts: sisImport.counts,
  };
  if (sisImport.diffedAgainstImportId !== null) data['diffed_against_sis_batch_id'] = sisImport.diffedAgainstImportId;
  if (sisImport.fatalError !== null) data['error_message'] = sisImport.fatalError;
  if (sisImport.statistics) data['statistics'] = sisImport.statistics;
  const json: Record<string, unknown> = {
    id: sisImport.id,
    created_at: canvasTime(sisImport.createdAt),
    started_at: canvasTime(sisImport.startedAt),
    ended_at: canvasTime(sisImport.endedAt),
    updated_at: canvasTime(sisImport.updatedAt),
    progress: sisImport.progress,
    workflow_state: sisImport.workflowState,
    data,
    statistics: sisImport.statistics,
    batch_mode: options.batchMode ? true : null,
    batch_mode_term_id: options.batchModeTermId,
    multi_term_batch_mode: options.multiTermBatchMode ? true : null,
    override_sis_stickiness: options.overrideSisStickiness ? true : null,
    add_sis_stickiness: options.addSisStickiness ? true : null,
    clear_sis_stickiness: options.clearSisStickiness ? true : null,
    diffing_data_set_identifier: options.diffingDataSetIdentifier,
    diffing_remaster: options.diffingRemaster ? true : null,
    diffed_against_import_id: sisImport.diffedAgainstImportId,
    diffing_drop_status: options.diffingDropStatus,
    diffing_threshold_exceeded: sisImport.diffingThresholdExceeded,
    skip_deletes: options.skipDeletes,
    change_threshold: options.changeThreshold,
    user: user ? userDisplayJson(store, user) : null,
    csv_attachments: sisImport.csvFileIds.flatMap((id) => {
      const file = store.files.get(id);
      return file ? [fileJson(file, baseUrl)] : [];
    }),
  };
  const finished = !UNFINISHED_STATES.includes(sisImport.workflowState);
  if (finished) {
    const failures = sisImport.errors.filter((e) => e.failure);
    const warnings = sisImport.errors.filter((e) => !e.failure);
    if (failures.length > 0) json['processing_errors'] = inline(failures, 'errors');
    if (warnings.length > 0) json['processing_warnings'] = inline(warnings, 'warnings');
    const errorsFile = sisImport.errorsFileId === null ? undefined : store.files.get(sisImport.errorsFileId);
    if (errorsFile) json['errors_attachment'] = fileJson(errorsFile, baseUrl);
  }
  return json;
}

function inline(errors: SisImportError[], noun: 'errors' | 'warnings'): Array<[string | null, string]> {
  const pairs: Array<[string | null, string]> = errors.slice(0, MESSAGES_INLINE).map((e) => [e.file, e.message]);
  if (errors.length > MESSAGES_INLINE) {
    pairs.push([
      `and ${errors.length - MESSAGES_INLINE} more ${noun} that were not included`,
      `Download the error file to see all ${noun}.`,
    ]);
  }
  return pairs;
}

/** The SisImportError object (`/sis_imports/:id/errors`). */
export function sisImportErrorJson(sisImportId: number, error: SisImportError): Record<string, unknown> {
  return { sis_import_id: sisImportId, file: error.file, message: error.message, row_info: error.rowInfo, row: error.row };
}
