import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { GuardDecision, GuardVerdict, ProvisionProgress, SisImportCountsSummary } from './provisioning-types';

export const PROVISION_DISTRICT_WORKFLOW = 'provisionDistrictWorkflow';

export interface ProvisionDistrictInput {
  districtId: string;
  /** Build the CSVs and store them, but upload nothing. */
  dryRun?: boolean;
  /** Send the whole snapshot, not only the changes since the last applied one (a "remaster"). */
  full?: boolean;
  /**
   * `schedule` and `operator` runs pull the whole roster from the zone (a full reconciliation);
   * `intraday` runs (children of the district sync workflow) apply the SIF events stored since
   * the last snapshot instead, and send what they changed.
   */
  trigger: 'schedule' | 'operator' | 'intraday';
}

export type ProvisionOutcome = 'applied' | 'unchanged' | 'dry-run' | 'rejected' | 'failed';

export interface ProvisionDistrictResult {
  outcome: ProvisionOutcome;
  runId: string;
  snapshotId?: string;
  diffId?: string;
  buildId?: string;
  guard?: GuardVerdict;
  decision?: GuardDecision;
  counts?: SisImportCountsSummary;
  canvasImportIds: number[];
  /** Rows Canvas reported as warnings or errors (stored; see `sisbridge runs`). */
  canvasMessages?: { warnings: number; errors: number };
  /** Why the run failed or was rejected, in words an operator can act on. */
  reason?: string;
  /** Intra-day runs: the SIF events this run applied (and sent, when the outcome is applied). */
  eventsApplied?: number;
}

export type ProvisionDistrictWorkflow = (input: ProvisionDistrictInput) => Promise<ProvisionDistrictResult>;

/** An operator approves or rejects a run the delete guard stopped (`sisbridge approve RUN`). */
export const approveGuardSignal = defineSignal<[{ by: string; reason?: string }]>('approveGuard');
export const rejectGuardSignal = defineSignal<[{ by: string; reason?: string }]>('rejectGuard');
export const provisionProgressQuery = defineQuery<ProvisionProgress>('provisionProgress');

/** `provision-springfield-2026-11-29T02-00-00Z`: readable, sortable, unique per start. */
export function provisionWorkflowId(districtId: string, startedAt: Date): string {
  return `provision-${districtId}-${startedAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')}`;
}

/** One Temporal Schedule per district; its runs get `provision-{district}-{timestamp}` ids. */
export function provisionScheduleId(districtId: string): string {
  return `provision-${districtId}`;
}
