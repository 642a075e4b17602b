import { canvasTime } from '../http/canvas-time';
import type { Term } from '../model/entities';

/** The EnrollmentTerm object (Enrollment Terms API). */
export function termJson(term: Term): Record<string, unknown> {
  const overrides: Record<string, { start_at: string | null; end_at: string | null }> = {};
  for (const [type, override] of term.dateOverrides)
    overrides[type] = { start_at: canvasTime(override.startAt), end_at: canvasTime(override.endAt) };
  return {
    id: term.id,
    name: term.name,
    start_at: canvasTime(term.startAt),
    end_at: canvasTime(term.endAt),
    created_at: canvasTime(term.createdAt),
    workflow_state: term.workflowState,
    grading_period_group_id: null,
    sis_term_id: term.sisTermId,
    sis_import_id: term.sisBatchId,
    integration_id: term.integrationId,
    overrides,
  };
}
