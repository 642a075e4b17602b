import {
  ApplicationFailure,
  CancellationScope,
  condition,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  approveGuardSignal,
  provisionProgressQuery,
  rejectGuardSignal,
  SearchAttributes,
  TaskQueues,
  type CanvasProvisionerActivities,
  type DiffCountsSummary,
  type GuardDecision,
  type ProvisionDistrictInput,
  type ProvisionDistrictResult,
  type ProvisionOutcome,
  type ProvisionProgress,
  type ProvisionStep,
  type SifIngestActivities,
} from '@sisbridge/contracts';
import { startDistrictCategorySync } from '../categories/start-district-category-sync';
import { CanvasWriterLease } from '../district-sync/canvas-writer-lease';
import { guardSummary, provisionDetails } from './provision-details';

const retry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 };

const roster = proxyActivities<SifIngestActivities>({
  taskQueue: TaskQueues.sifIngest,
  startToCloseTimeout: '6 hours',
  // Every long activity heartbeats at least every few seconds: a dead worker is noticed in 30 s.
  heartbeatTimeout: '30 seconds',
  retry,
});
const rosterBookkeeping = proxyActivities<SifIngestActivities>({
  taskQueue: TaskQueues.sifIngest,
  startToCloseTimeout: '5 minutes',
  retry: { ...retry, maximumAttempts: 5 },
});
// Settings, the guard and bookkeeping: a few statements each, so a lost worker costs minutes, not half an hour.
const canvas = proxyActivities<CanvasProvisionerActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '10 minutes',
  retry,
});
// Building a large district's import and uploading it take minutes; both heartbeat, so a worker
// killed in the middle is noticed in 30 s (the upload's retry then finds the import Canvas took).
const canvasWork = proxyActivities<CanvasProvisionerActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '30 seconds',
  retry,
});
const canvasLong = proxyActivities<CanvasProvisionerActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '12 hours',
  // Every long activity heartbeats at least every few seconds: a dead worker is noticed in 30 s.
  heartbeatTimeout: '30 seconds',
  retry,
});

/**
 * Provisioning of one district: ingest → diff → guard → build → upload → poll → record.
 * Nightly and operator runs pull the whole roster (a full reconciliation); intra-day runs, the
 * children of the district sync workflow, apply the SIF events stored since the last snapshot
 * instead. Only ids and counts pass through here; rosters stay in Postgres. A run that would
 * delete too much waits for an operator. A failure after Canvas took an import in is compensated
 * with Canvas's own `restore_states`, and the run fails with the reason.
 *
 * One writer per district: a run writes to Canvas only while it holds the district's Canvas
 * writer lease, which the district sync workflow lends one run at a time (an intra-day import
 * holds its parent's). Nightly and intra-day runs therefore never overlap, and each diffs against
 * what Canvas last took in.
 */
export async function provisionDistrictWorkflow(input: ProvisionDistrictInput): Promise<ProvisionDistrictResult> {
  const lease = new CanvasWriterLease(input.districtId);
  try {
    return await provision(input, lease);
  } finally {
    await CancellationScope.nonCancellable(() => lease.release());
  }
}

async function provision(input: ProvisionDistrictInput, lease: CanvasWriterLease): Promise<ProvisionDistrictResult> {
  const { districtId } = input;
  const runId = uuid4();
  const { workflowId } = workflowInfo();
  const progress: ProvisionProgress = { step: 'settings', percent: 0, status: 'Reading the district settings', canvasImportIds: [] };
  const result: ProvisionDistrictResult = { outcome: 'failed', runId, canvasImportIds: progress.canvasImportIds };
  let decision: GuardDecision | undefined;
  let awaitingDecision = false;

  setHandler(provisionProgressQuery, () => progress);
  setHandler(approveGuardSignal, ({ by, reason }) => {
    if (awaitingDecision && !decision) decision = { decision: 'approved', by, reason };
  });
  setHandler(rejectGuardSignal, ({ by, reason }) => {
    if (awaitingDecision && !decision) decision = { decision: 'rejected', by, reason };
  });

  const step = (name: ProvisionStep, percent: number, status: string) => {
    progress.step = name;
    progress.percent = percent;
    progress.status = status;
    setCurrentDetails(provisionDetails(districtId, progress));
  };
  const finish = async (outcome: ProvisionOutcome, reason?: string): Promise<ProvisionDistrictResult> => {
    result.outcome = outcome;
    result.reason = reason;
    step('done', 100, reason ? `${outcome}: ${reason}` : outcome);
    await canvas.recordRunOutcome({
      runId,
      districtId,
      workflowId,
      outcome,
      reason,
      dryRun: Boolean(input.dryRun),
      trigger: input.trigger,
      snapshotId: result.snapshotId,
      diffId: result.diffId,
      buildId: result.buildId,
    });
    // Canvas has tonight's roster (markSnapshotApplied ran): every teacher's categories follow, on their own.
    // (Intra-day imports are small and frequent: the teachers' categories follow at night.)
    if ((outcome === 'applied' || outcome === 'unchanged') && input.trigger !== 'intraday')
      await startDistrictCategorySync(districtId, runId);
    return result;
  };

  const intraday = input.trigger === 'intraday';
  step('settings', 1, 'Reading the district settings');
  const settings = await canvas.provisioningSettings({ districtId });
  upsertSearchAttributes([
    { key: SearchAttributes.district, value: districtId },
    { key: SearchAttributes.schoolYear, value: settings.schoolYear },
    { key: SearchAttributes.runKind, value: runKindOf(input) },
  ]);

  await lease.acquire(input.trigger === 'schedule' ? 'nightly' : 'operator', () =>
    step('settings', 2, "Waiting for the district's Canvas: another provisioning run or an intra-day import is writing to it"),
  );

  let ingest: { snapshotId: string; schoolYear: number };
  if (intraday) {
    step('ingest', 5, 'Applying the SIF events PowerSchool published since the last snapshot');
    const applied = await roster.applySifEvents({ districtId, runId });
    result.eventsApplied = applied.eventsApplied;
    if (!applied.snapshotId || applied.snapshotId === applied.baseSnapshotId) {
      return finish(
        'unchanged',
        applied.eventsApplied === 0 ? 'no SIF events to apply' : `${applied.eventsApplied} SIF events changed nothing`,
      );
    }
    ingest = { snapshotId: applied.snapshotId, schoolYear: settings.schoolYear };
  } else {
    step('ingest', 5, 'Pulling the roster from PowerSchool over SIF');
    ingest = await roster.ingestDistrict({ districtId, runId });
  }
  result.snapshotId = progress.snapshotId = ingest.snapshotId;

  step('diff', 40, 'Comparing with the roster Canvas last took in');
  const base = input.full ? undefined : (await canvas.lastAppliedSnapshot({ districtId, schoolYear: ingest.schoolYear })).snapshotId;
  const diff = await roster.diffSnapshots({ districtId, fromSnapshotId: base, toSnapshotId: ingest.snapshotId });
  result.diffId = progress.diffId = diff.diffId;
  if (changeCount(diff.counts) === 0 && !input.dryRun) {
    await canvas.markSnapshotApplied({ runId, districtId, snapshotId: ingest.snapshotId, diffId: diff.diffId });
    await eventsImported(districtId, ingest.snapshotId);
    return finish('unchanged');
  }

  step('guard', 45, 'Checking how much this run would delete');
  const guard = await canvas.evaluateDeleteGuard({ districtId, diffId: diff.diffId });
  result.guard = progress.guard = guard;
  if (guard.tripped && !input.dryRun) {
    awaitingDecision = true;
    step(
      'guard',
      45,
      `Stopped by the delete guard (${guardSummary(guard)}). Waiting for an operator: sisbridge approve ${workflowId} | sisbridge reject ${workflowId}`,
    );
    const decided = await condition(() => decision !== undefined, `${settings.guardTimeoutHours} hours`);
    awaitingDecision = false;
    result.decision =
      decided && decision
        ? decision
        : { decision: 'rejected', by: 'timeout', reason: `no decision within ${settings.guardTimeoutHours} hours` };
    if (result.decision.decision === 'rejected') {
      return finish(
        'rejected',
        `the delete guard stopped it (${guardSummary(guard)}) and ${result.decision.by} rejected it${result.decision.reason ? `: ${result.decision.reason}` : ''}; Canvas was not changed`,
      );
    }
  }

  step('build', 55, 'Building the SIS Import files');
  const build = await canvasWork.buildSisImport({ runId, districtId, diffId: diff.diffId, dryRun: Boolean(input.dryRun) });
  result.buildId = build.buildId;
  result.counts = build.counts;
  if (input.dryRun) return finish('dry-run');
  if (build.totalRows === 0) {
    await canvas.markSnapshotApplied({ runId, districtId, snapshotId: ingest.snapshotId, diffId: diff.diffId });
    await eventsImported(districtId, ingest.snapshotId);
    return finish('unchanged');
  }

  try {
    step('upload', 65, `Uploading ${build.totalRows} rows to Canvas`);
    const { canvasImportId } = await canvasWork.uploadSisImport({ runId, districtId, buildId: build.buildId });
    progress.canvasImportIds.push(canvasImportId);
    step('poll', 70, `Canvas is importing (SIS import ${canvasImportId})`);
    const imported = await canvasLong.awaitSisImport({ runId, districtId, canvasImportId });
    result.canvasMessages = { warnings: imported.warnings, errors: imported.errors };
    if (!imported.applied) {
      throw ApplicationFailure.nonRetryable(
        `Canvas SIS import ${canvasImportId} ended ${imported.state} (${imported.errors} errors, see sisbridge runs)`,
        'CanvasImportFailed',
      );
    }
    step('record', 95, 'Recording the snapshot as applied');
    await canvas.markSnapshotApplied({ runId, districtId, snapshotId: ingest.snapshotId, diffId: diff.diffId });
  } catch (error) {
    const reason = error instanceof Error ? describeFailure(error) : String(error);
    await compensate(
      progress,
      () =>
        step(
          'compensate',
          96,
          progress.canvasImportIds.length > 0
            ? `Restoring Canvas (restore_states on SIS imports ${progress.canvasImportIds.join(', ')})`
            : 'Restoring Canvas (restore_states on any import Canvas took from this run)',
        ),
      runId,
      districtId,
    );
    await finish('failed', reason);
    throw ApplicationFailure.nonRetryable(`Provisioning ${districtId} failed: ${reason}`, 'ProvisioningFailed');
  }
  await eventsImported(districtId, ingest.snapshotId);
  return finish('applied');
}

/**
 * The SIF events this snapshot took in are now in Canvas: sif-ingest records when, for the
 * event-to-Canvas latency. Never fails the run (it is bookkeeping for operators).
 */
async function eventsImported(districtId: string, snapshotId: string): Promise<void> {
  if (!patched('record-events-imported')) return;
  try {
    await rosterBookkeeping.recordEventsImported({ districtId, snapshotId });
  } catch {
    // Logged by the activity; the import itself stands.
  }
}

function runKindOf(input: ProvisionDistrictInput): string {
  if (input.dryRun) return 'dry-run';
  if (input.trigger === 'schedule') return 'nightly';
  return input.trigger === 'intraday' ? 'intraday' : 'manual';
}

/**
 * Undo what this run did in Canvas, even if the workflow is being cancelled. canvas-provisioner
 * restores every import of the run, including one Canvas took from an upload that then gave up
 * before its id was known here (patched: older runs compensated only the imports they knew).
 */
async function compensate(progress: ProvisionProgress, announce: () => void, runId: string, districtId: string): Promise<void> {
  if (progress.canvasImportIds.length === 0 && !patched('restore-unknown-imports')) return;
  announce();
  await CancellationScope.nonCancellable(() => canvasLong.restoreRunImports({ runId, districtId }));
}

function changeCount(counts: Partial<DiffCountsSummary>): number {
  return Object.values(counts).reduce((sum, kind) => sum + kind.add + kind.change + kind.remove, 0);
}

function describeFailure(error: Error): string {
  // Activity failures wrap the cause that says what went wrong.
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
