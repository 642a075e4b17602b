import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  acquireCanvasWriterSignal,
  canvasWriterGrantedSignal,
  districtSettingsChangedSignal,
  districtSyncStatusQuery,
  intradayWorkflowId,
  PROVISION_DISTRICT_WORKFLOW,
  releaseCanvasWriterSignal,
  SearchAttributes,
  sifEventsStoredSignal,
  TaskQueues,
  type CanvasProvisionerActivities,
  type CanvasWriterRequest,
  type DistrictSyncInput,
  type DistrictSyncStatus,
  type IntradayRunSummary,
  type IntradaySettings,
  type ProvisionDistrictWorkflow,
  type SifIngestActivities,
} from '@sisbridge/contracts';
import { districtSyncDetails } from './district-sync-details';

const retry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 };

const settingsReader = proxyActivities<CanvasProvisionerActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '1 minute',
  retry,
});
const events = proxyActivities<SifIngestActivities>({ taskQueue: TaskQueues.sifIngest, startToCloseTimeout: '1 minute', retry });
// A drain waits for events for minutes and heartbeats; cancelled, it stops after the message in
// hand is stored and acked, and the workflow waits for that before anyone else pulls.
const drainer = proxyActivities<SifIngestActivities>({
  taskQueue: TaskQueues.sifIngest,
  startToCloseTimeout: '1 hour',
  // Cancellation reaches an activity with its heartbeats (sent at most every 80% of this): a
  // short timeout lets an import or a nightly run start pulling within seconds of asking.
  heartbeatTimeout: '5 seconds',
  retry: { ...retry, maximumAttempts: 3 },
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});
// Watches a run holding the lease, in case it closes without giving it back (terminated).
const watchdog = proxyActivities<CanvasProvisionerActivities>({
  taskQueue: TaskQueues.canvasProvisioner,
  startToCloseTimeout: '30 days',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  cancellationType: ActivityCancellationType.TRY_CANCEL,
});

const SETTINGS_REFRESH_MS = 10 * 60_000;
const DRAIN_RETRY_MS = 60_000;
const ZONE_SLEEPING_RETRY_MS = 5 * 60_000;
const RUNS_PER_HISTORY = 50;

/**
 * One per district, long-lived: the only writer to the district's Canvas (see
 * `district-sync.workflow-contract.ts`). It loops:
 * - lends the Canvas writer lease to the provisioning runs that ask (nightly, operator), one at a
 *   time, in the order they asked, and watches the holder in case it closes without giving it back;
 * - when intra-day sync is on and SIF events are pending, waits the window (default 2 minutes after
 *   the first unapplied one) and sends them as one intra-day import, a `provisionDistrictWorkflow`
 *   child with trigger `intraday` (same builders, guard, upload-once, poll, compensation, record);
 * - in pull mode, keeps draining the zone's queue (`drainSifEvents`) whenever nobody else pulls
 *   from it (the nightly ingest pulls itself), so events are stored as they are published.
 * While a run holds the lease (a nightly run waiting for an operator at the delete guard, for
 * instance), intra-day imports wait. It continues as new every 50 runs, or when Temporal suggests,
 * when idle.
 */
export async function districtSyncWorkflow(input: DistrictSyncInput): Promise<void> {
  const { districtId } = input;
  const carried = input.carried ?? { waiting: [], intradayRuns: 0 };
  const waiting: CanvasWriterRequest[] = [...carried.waiting];
  let holder: CanvasWriterRequest | undefined = carried.holder;
  let eventsPendingSince = carried.eventsPendingSince;
  let lastIntraday: IntradayRunSummary | undefined = carried.lastIntraday;
  let intradayRuns = carried.intradayRuns;
  let intradayFailuresInARow = 0;
  let settings: IntradaySettings | undefined;
  let settingsReadAt = 0;
  let settingsStale = true;
  let runsThisHistory = 0;
  let drainScope: CancellationScope | undefined;
  let drainDone: Promise<void> | undefined;
  let drainAgainAt = 0;
  let watchScope: CancellationScope | undefined;
  // A run that held the lease may have taken in pending events (a nightly run settles them all).
  let pendingStale = false;
  // Every signal and every background completion bumps this, so the loop wakes up.
  let changes = 0;
  const bump = () => void changes++;

  // Events signalled since the pending count was last read: the next count may have been taken before they were stored.
  let signalledDuringRefresh: string | undefined;
  const earliest = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a <= b ? a : b);
  const notePending = (storedAt: string) => {
    eventsPendingSince = earliest(eventsPendingSince, storedAt);
    signalledDuringRefresh = earliest(signalledDuringRefresh, storedAt);
  };

  setHandler(acquireCanvasWriterSignal, (request) => {
    if ((holder && sameRun(holder, request)) || waiting.some((w) => sameRun(w, request))) return;
    waiting.push(request);
    bump();
  });
  setHandler(releaseCanvasWriterSignal, (released) => {
    if (holder && sameRun(holder, released)) {
      holder = undefined;
      pendingStale = true;
      watchScope?.cancel();
    }
    const index = waiting.findIndex((w) => sameRun(w, released));
    if (index >= 0) waiting.splice(index, 1);
    bump();
  });
  setHandler(sifEventsStoredSignal, ({ firstStoredAt }) => {
    notePending(firstStoredAt);
    bump();
  });
  setHandler(districtSettingsChangedSignal, () => {
    settingsStale = true;
    bump();
  });
  const status = (): DistrictSyncStatus => ({
    districtId,
    intraday: settings ?? { enabled: false, windowSeconds: 0, mode: 'push', drainSeconds: 0 },
    holder,
    waiting: [...waiting],
    eventsPendingSince,
    nextIntradayAt: nextIntradayAt()?.toISOString(),
    lastIntraday,
    intradayRuns,
    paused: pausedReason(),
  });
  setHandler(districtSyncStatusQuery, status);

  /** When the pending events go to Canvas (the window after the oldest, later after failures in a row). */
  function nextIntradayAt(): Date | undefined {
    if (!settings?.enabled || !eventsPendingSince) return undefined;
    const backoff = Math.min(2 ** intradayFailuresInARow, 30);
    return new Date(Date.parse(eventsPendingSince) + settings.windowSeconds * 1000 * backoff);
  }
  function pausedReason(): string | undefined {
    if (settings && !settings.enabled)
      return 'intra-day sync is off for this district (schedules.intraday.enabled); the nightly run sends every change';
    if (holder && holder.purpose !== 'intraday')
      return `${holder.purpose} run ${holder.workflowId} is writing to Canvas; intra-day imports wait for it`;
    if (intradayFailuresInARow > 0) return `the last ${intradayFailuresInARow} intra-day imports failed; the next waits longer`;
    return undefined;
  }
  const report = () => setCurrentDetails(districtSyncDetails(status()));

  function startDrain(current: IntradaySettings): void {
    const scope = new CancellationScope();
    drainScope = scope;
    drainDone = scope
      .run(() => drainer.drainSifEvents({ districtId, maxWaitSeconds: current.drainSeconds }))
      .then((drained) => {
        if (drained.firstStoredAt) notePending(drained.firstStoredAt);
        if (drained.zoneSleeping) drainAgainAt = Date.now() + ZONE_SLEEPING_RETRY_MS;
      })
      .catch((error: unknown) => {
        if (isCancellation(error)) return;
        log.warn('Draining the SIF zone failed; trying again in a minute', { districtId, error: String(error) });
        drainAgainAt = Date.now() + DRAIN_RETRY_MS;
      })
      .finally(() => {
        drainScope = undefined;
        drainDone = undefined;
        bump();
      });
  }
  async function stopDrain(): Promise<void> {
    if (!drainScope) return;
    drainScope.cancel();
    await drainDone;
  }

  /** Tells the next waiting run it may write, and watches it until it gives the lease back. */
  async function grantNext(): Promise<void> {
    const next = waiting.shift();
    if (!next) return;
    try {
      await getExternalWorkflowHandle(next.workflowId, next.runId).signal(canvasWriterGrantedSignal, { districtId });
    } catch {
      log.warn('A run that asked for the Canvas writer lease is gone; the next one gets it', { districtId, workflowId: next.workflowId });
      return;
    }
    holder = next;
    const scope = new CancellationScope();
    watchScope = scope;
    void scope
      .run(() => watchdog.awaitWorkflowClosed({ workflowId: next.workflowId, runId: next.runId }))
      .then(() => {
        if (holder && sameRun(holder, next)) {
          log.warn('A run closed without giving the Canvas writer lease back; taking it back', { districtId, workflowId: next.workflowId });
          holder = undefined;
          pendingStale = true;
        }
      })
      .catch(() => undefined)
      .finally(() => {
        if (watchScope === scope) watchScope = undefined;
        bump();
      });
  }

  /** One window of events to Canvas, holding the lease itself. */
  async function runIntraday(): Promise<void> {
    const startedAt = new Date();
    const workflowId = intradayWorkflowId(districtId, startedAt);
    holder = { workflowId, runId: '', purpose: 'intraday' };
    // Events stored from now on open the next window.
    eventsPendingSince = undefined;
    signalledDuringRefresh = undefined;
    report();
    const summary: IntradayRunSummary = {
      workflowId,
      outcome: 'failed',
      eventsApplied: 0,
      rows: 0,
      canvasImportIds: [],
      startedAt: startedAt.toISOString(),
      finishedAt: '',
    };
    try {
      const result = await executeChild<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
        workflowId,
        taskQueue: TaskQueues.orchestration,
        args: [{ districtId, trigger: 'intraday' }],
        // An import once started finishes (or compensates) even if this workflow is terminated.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `Intra-day import of ${districtId}: the SIF events of the last window`,
        typedSearchAttributes: [
          { key: SearchAttributes.district, value: districtId },
          { key: SearchAttributes.runKind, value: 'intraday' },
        ],
      });
      summary.outcome = result.outcome;
      summary.eventsApplied = result.eventsApplied ?? 0;
      summary.rows = Object.values(result.counts ?? {}).reduce((sum, kind) => sum + kind.rows, 0);
      summary.canvasImportIds = result.canvasImportIds;
      summary.reason = result.reason;
      intradayFailuresInARow = 0;
    } catch (error) {
      summary.reason = failureReason(error);
      intradayFailuresInARow++;
    } finally {
      summary.finishedAt = new Date().toISOString();
      lastIntraday = summary;
      intradayRuns++;
      runsThisHistory++;
      holder = undefined;
    }
    // What the run did not take (it failed, or events came meanwhile) is still pending.
    await refreshPending();
  }

  /**
   * sif-ingest's count is the truth (a nightly run may have taken pending events in); signals that
   * came since the last count still count (among them those delivered with the workflow's start,
   * before the first count, and any stored while a lent run held the lease).
   */
  async function refreshPending(): Promise<void> {
    const pending = await events.pendingSifEvents({ districtId });
    eventsPendingSince = earliest(pending.oldestStoredAt, signalledDuringRefresh);
    signalledDuringRefresh = undefined;
  }

  await refreshPending();
  for (;;) {
    if (settingsStale || Date.now() - settingsReadAt >= SETTINGS_REFRESH_MS) {
      settings = await settingsReader.intradaySettings({ districtId });
      settingsReadAt = Date.now();
      settingsStale = false;
    }
    const current = settings as IntradaySettings;
    if (pendingStale && !holder) {
      pendingStale = false;
      await refreshPending();
    }
    report();

    if (!holder && waiting.length > 0) {
      await stopDrain();
      await grantNext();
      continue;
    }
    const due = nextIntradayAt();
    if (!holder && due && Date.now() >= due.getTime()) {
      await stopDrain();
      await runIntraday();
      continue;
    }
    const idle = !holder && waiting.length === 0;
    if (idle && (runsThisHistory >= (input.runsPerHistory ?? RUNS_PER_HISTORY) || workflowInfo().continueAsNewSuggested)) {
      await stopDrain();
      watchScope?.cancel();
      return continueAsNew<typeof districtSyncWorkflow>({
        districtId,
        runsPerHistory: input.runsPerHistory,
        carried: { waiting, holder, eventsPendingSince, lastIntraday, intradayRuns },
      });
    }
    if (idle && current.enabled && current.mode === 'pull' && !drainScope && Date.now() >= drainAgainAt) startDrain(current);

    const seen = changes;
    const wakeAt = Math.min(
      due?.getTime() ?? Infinity,
      settingsReadAt + SETTINGS_REFRESH_MS,
      drainScope || current.mode !== 'pull' ? Infinity : drainAgainAt,
    );
    await condition(() => changes !== seen, Math.max(wakeAt - Date.now(), 1_000));
  }
}

function sameRun(a: { workflowId: string; runId: string }, b: { workflowId: string; runId: string }): boolean {
  return a.workflowId === b.workflowId && a.runId === b.runId;
}

function failureReason(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
