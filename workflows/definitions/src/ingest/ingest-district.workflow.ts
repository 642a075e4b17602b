import { ApplicationFailure, proxyActivities, setCurrentDetails, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  IngestFailureTypes,
  SearchAttributes,
  TaskQueues,
  type DiffSnapshotsResult,
  type IngestDistrictResult,
  type IngestDistrictWorkflowInput,
  type IngestDistrictWorkflowResult,
  type SifIngestActivities,
} from '@sisbridge/contracts';

/**
 * The ingest runs for a long time and heartbeats: a worker that dies is noticed within the
 * heartbeat timeout and the activity is retried, on any pod, resuming the same run (same id).
 */
const { ingestDistrict } = proxyActivities<SifIngestActivities>({
  taskQueue: TaskQueues.sifIngest,
  startToCloseTimeout: '4 hours',
  // sif-ingest heartbeats at least every 5 s in every phase.
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [IngestFailureTypes.configuration, IngestFailureTypes.brokenFeed],
  },
});

const { diffSnapshots } = proxyActivities<SifIngestActivities>({
  taskQueue: TaskQueues.sifIngest,
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
});

/**
 * A district's roster out of PowerSchool into a snapshot, then the diff against the district's
 * previous snapshot of the same school year. The run id is chosen here, once, so every retry of
 * the activity continues the same run. Rosters never pass through here: only ids and counts.
 */
export async function ingestDistrictWorkflow(input: IngestDistrictWorkflowInput): Promise<IngestDistrictWorkflowResult> {
  const runId = uuid4();
  upsertSearchAttributes([
    { key: SearchAttributes.district, value: input.districtId },
    { key: SearchAttributes.runKind, value: 'ingest' },
  ]);
  setCurrentDetails(progress(input.districtId, runId, 'Pulling the roster from the SIF zone…'));
  let ingest: IngestDistrictResult;
  try {
    ingest = await ingestDistrict({ districtId: input.districtId, runId });
  } catch (error) {
    setCurrentDetails(progress(input.districtId, runId, `**Failed**: ${failureMessage(error)}`));
    throw error;
  }
  upsertSearchAttributes([{ key: SearchAttributes.schoolYear, value: ingest.schoolYear }]);
  const summary = `Snapshot \`${ingest.snapshotId}\` (school year ${ingest.schoolYear}): ${describeCounts(ingest.counts)}; ${ingest.rejected} objects rejected.`;
  if (input.skipDiff) {
    setCurrentDetails(progress(input.districtId, runId, summary));
    return { ingest };
  }
  setCurrentDetails(
    progress(
      input.districtId,
      runId,
      `${summary}\n\nDiffing against ${ingest.previousSnapshotId ? `\`${ingest.previousSnapshotId}\`` : 'nothing (first run)'}…`,
    ),
  );
  const diff: DiffSnapshotsResult = await diffSnapshots({
    districtId: input.districtId,
    fromSnapshotId: ingest.previousSnapshotId,
    toSnapshotId: ingest.snapshotId,
  });
  setCurrentDetails(progress(input.districtId, runId, `${summary}\n\nDiff \`${diff.diffId}\`: ${describeDiff(diff)}.`));
  return { ingest, diff };
}

function progress(districtId: string, runId: string, body: string): string {
  return [`**Ingest** of district \`${districtId}\` (run \`${runId}\`, workflow \`${workflowInfo().workflowId}\`)`, '', body].join('\n');
}

function describeCounts(counts: IngestDistrictResult['counts']): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

function describeDiff(diff: DiffSnapshotsResult): string {
  return Object.entries(diff.counts)
    .map(([kind, c]) => `${kind} +${c.add} ~${c.change} -${c.remove}`)
    .join(', ');
}

function failureMessage(error: unknown): string {
  const cause = error instanceof Error && 'cause' in error ? (error as { cause?: unknown }).cause : undefined;
  if (cause instanceof ApplicationFailure) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
