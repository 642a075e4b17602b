import type { WiringCheckReceipt } from './wiring-check';

/**
 * The wiring check proves the deployment end to end: the orchestration worker runs the
 * workflow, and each service's worker answers an activity that round-trips its own schema.
 */
export const WIRING_CHECK_WORKFLOW = 'wiringCheckWorkflow';

export interface WiringCheckWorkflowInput {
  /** Free text shown in Temporal UI, e.g. "local stack start-up". */
  reason: string;
}

export interface WiringCheckWorkflowResult {
  receipts: WiringCheckReceipt[];
}

export type WiringCheckWorkflow = (input: WiringCheckWorkflowInput) => Promise<WiringCheckWorkflowResult>;

/** Readable, unique per start: operators find it in Temporal UI by the `wiring-check-` prefix. */
export function wiringCheckWorkflowId(startedAtIso: string): string {
  return `wiring-check-${startedAtIso.replace(/[:.]/g, '-')}`;
}
