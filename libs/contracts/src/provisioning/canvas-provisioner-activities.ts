import type { AssignmentGroupActivities } from '../categories/categories-types';
import type { GuardVerdict, SisImportCountsSummary } from './provisioning-types';
import type { WiringCheckInput, WiringCheckReceipt } from '../wiring/wiring-check';
import type { CanvasWriterRequest, IntradaySettings } from './district-sync.workflow-contract';

export interface ProvisioningSettings {
  schoolYear: number;
  deleteThreshold: number;
  /** How long a guarded run waits for an operator before it rejects itself. */
  guardTimeoutHours: number;
  courseMode: 'course-per-section' | 'course-per-offering';
}

export interface BuildSisImportInput {
  runId: string;
  districtId: string;
  diffId: string;
  dryRun: boolean;
}

export interface BuildSisImportResult {
  buildId: string;
  counts: SisImportCountsSummary;
  totalRows: number;
  /** Changes that became no row, with a stored reason (see `sisbridge runs --errors`). */
  problems: number;
  /** Roster changes considered: rows per changed row = totalRows / changes. */
  changes: number;
}

export interface AwaitSisImportResult {
  state: string;
  warnings: number;
  errors: number;
  /** Whether Canvas applied the import (imported or imported_with_messages). */
  applied: boolean;
}

export interface RunOutcomeRecord {
  runId: string;
  districtId: string;
  workflowId: string;
  outcome: string;
  reason?: string;
  snapshotId?: string;
  diffId?: string;
  buildId?: string;
  dryRun: boolean;
  trigger: string;
}

/** Activities served by canvas-provisioner on the `canvas-provisioner` task queue. */
export interface CanvasProvisionerActivities extends AssignmentGroupActivities, DistrictSyncLeaseActivities {
  canvasProvisionerWiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt>;
  provisioningSettings(input: { districtId: string }): Promise<ProvisioningSettings>;
  /** The snapshot Canvas last took in completely, the base of tonight's diff. */
  lastAppliedSnapshot(input: { districtId: string; schoolYear: number }): Promise<{ snapshotId?: string }>;
  evaluateDeleteGuard(input: { districtId: string; diffId: string }): Promise<GuardVerdict>;
  buildSisImport(input: BuildSisImportInput): Promise<BuildSisImportResult>;
  /** Uploads a build; idempotent: a retried upload finds the import it already created. */
  uploadSisImport(input: { runId: string; districtId: string; buildId: string }): Promise<{ canvasImportId: number }>;
  /** Polls (heartbeating) until Canvas finishes the import, storing every warning and error row. */
  awaitSisImport(input: { runId: string; districtId: string; canvasImportId: number }): Promise<AwaitSisImportResult>;
  markSnapshotApplied(input: { runId: string; districtId: string; snapshotId: string; diffId: string }): Promise<void>;
  /** Compensation: `restore_states` on every import this run created, waiting for each Progress. */
  restoreRunImports(input: {
    runId: string;
    districtId: string;
  }): Promise<{ restored: number[]; failed: Array<{ canvasImportId: number; reason: string }> }>;
  recordRunOutcome(input: RunOutcomeRecord): Promise<void>;
}

/** canvas-provisioner's side of the district sync workflow: its settings and the Canvas writer lease. */
export interface DistrictSyncLeaseActivities {
  /** The district's intra-day sync settings, from the districts file. */
  intradaySettings(input: { districtId: string }): Promise<IntradaySettings>;
  /** Asks the district sync workflow for the Canvas writer lease (signal-with-start: it starts it if it is not running). */
  requestCanvasWriter(input: { districtId: string; request: CanvasWriterRequest }): Promise<void>;
  /** Waits (heartbeating) until a workflow run has closed, however it ended; returns how it ended. */
  awaitWorkflowClosed(input: { workflowId: string; runId: string }): Promise<{ status: string }>;
}
