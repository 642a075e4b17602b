import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  acquireCanvasWriterSignal,
  DISTRICT_SYNC_WORKFLOW,
  districtSyncStartOptions,
  type CanvasProvisionerActivities,
  type IntradaySettings,
  type SifIngestActivities,
} from '@sisbridge/contracts';

/** Something a test opens on purpose, so a stand-in activity waits exactly until the test says so. */
export class Gate {
  private opened = false;
  private waiters: Array<() => void> = [];
  open(): void {
    this.opened = true;
    for (const wake of this.waiters.splice(0)) wake();
  }
  async passed(): Promise<void> {
    if (!this.opened) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/** What the stand-ins were asked, in order, so a test can check who ran when. */
export interface ActivityCall {
  activity: string;
  workflowId: string;
  input: unknown;
}

export interface StandInOptions {
  settings: IntradaySettings;
  /** How many events applySifEvents reports, per call (0: nothing pending). */
  eventsPerApply?: () => number;
  /** Opened before an import of the given workflow is reported imported. */
  importGate?: (workflowId: string) => Gate | undefined;
  /** What drainSifEvents does; default: waits until cancelled. */
  drain?: (signal: AbortSignal) => Promise<{ stored: number; firstStoredAt?: string; zoneSleeping: boolean }>;
  pending?: () => { pending: number; waiting: number; oldestStoredAt?: string };
  /** The delete guard trips for these workflows. */
  guardTrips?: (workflowId: string) => boolean;
}

/**
 * The two services' activities as the district sync and provisioning workflows see them, played
 * by functions that record each call: the workflows' ordering and the lease are what the tests
 * check, not the services (their own tests, and the end-to-end suites, cover those).
 */
export function standInActivities(client: Client, optionsFor: (workflowId: string) => StandInOptions, calls: ActivityCall[]) {
  let snapshot = 0;
  const workflowIdOf = () => Context.current().info.workflowExecution?.workflowId ?? '';
  const options = new Proxy({} as StandInOptions, { get: (_target, key) => optionsFor(workflowIdOf())[key as keyof StandInOptions] });
  const record = (activity: string, input: unknown) => calls.push({ activity, workflowId: workflowIdOf(), input });
  const canvas: Partial<CanvasProvisionerActivities> = {
    async provisioningSettings() {
      return { schoolYear: 2027, deleteThreshold: 0.1, guardTimeoutHours: 20, courseMode: 'course-per-section' as const };
    },
    async intradaySettings() {
      return options.settings;
    },
    async requestCanvasWriter({ districtId, request }) {
      record('requestCanvasWriter', request);
      await client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
        ...districtSyncStartOptions(districtId),
        signal: acquireCanvasWriterSignal,
        signalArgs: [request],
      });
    },
    async awaitWorkflowClosed({ workflowId, runId }) {
      for (;;) {
        const description = await client.workflow.getHandle(workflowId, runId).describe();
        if (description.status.name !== 'RUNNING') return { status: description.status.name };
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async lastAppliedSnapshot() {
      return {};
    },
    async evaluateDeleteGuard() {
      const tripped = options.guardTrips?.(workflowIdOf()) ?? false;
      return {
        tripped,
        threshold: 0.1,
        kinds: tripped ? [{ kind: 'enrollment' as const, removing: 50, existing: 100, share: 0.5, over: true }] : [],
      };
    },
    async buildSisImport(input) {
      record('buildSisImport', input);
      const rows = { rows: 3, created: 3, updated: 0, deleted: 0 };
      const none = { rows: 0, created: 0, updated: 0, deleted: 0 };
      return {
        buildId: `build-${input.runId}`,
        counts: { accounts: none, terms: none, courses: none, sections: none, users: none, enrollments: rows },
        totalRows: 3,
        problems: 0,
        changes: 3,
      };
    },
    async uploadSisImport(input) {
      record('uploadSisImport', input);
      return { canvasImportId: calls.filter((call) => call.activity === 'uploadSisImport').length };
    },
    async awaitSisImport(input) {
      record('awaitSisImport', input);
      await options.importGate?.(workflowIdOf())?.passed();
      return { state: 'imported', warnings: 0, errors: 0, applied: true };
    },
    async markSnapshotApplied(input) {
      record('markSnapshotApplied', input);
    },
    async recordRunOutcome(input) {
      record('recordRunOutcome', input);
    },
  };
  const sif: Partial<SifIngestActivities> = {
    async ingestDistrict(input) {
      record('ingestDistrict', input);
      snapshot++;
      return { runId: input.runId, snapshotId: `snapshot-${snapshot}`, schoolYear: 2027, counts: {}, rejected: 0 };
    },
    async applySifEvents(input) {
      record('applySifEvents', input);
      const events = options.eventsPerApply?.() ?? 1;
      if (events === 0)
        return { snapshotId: `snapshot-${snapshot}`, baseSnapshotId: `snapshot-${snapshot}`, eventsApplied: 0, counts: {}, rejected: 0 };
      snapshot++;
      return {
        snapshotId: `snapshot-${snapshot}`,
        baseSnapshotId: `snapshot-${snapshot - 1}`,
        eventsApplied: events,
        counts: {},
        rejected: 0,
      };
    },
    async diffSnapshots(input) {
      record('diffSnapshots', input);
      const one = { add: 1, change: 0, remove: 0, before: 0, after: 1 };
      return { diffId: `diff-${input.toSnapshotId}`, counts: { enrollment: one } };
    },
    async drainSifEvents(input) {
      record('drainSifEvents', input);
      const context = Context.current();
      const beat = setInterval(() => context.heartbeat(), 200);
      try {
        return await (options.drain ?? waitUntilCancelled)(context.cancellationSignal);
      } finally {
        clearInterval(beat);
        record('drainSifEvents:ended', input);
      }
    },
    async pendingSifEvents() {
      return options.pending?.() ?? { pending: 0, waiting: 0 };
    },
    async recordEventsImported(input) {
      record('recordEventsImported', input);
      return { events: 1 };
    },
  };
  return { canvas, sif };
}

async function waitUntilCancelled(signal: AbortSignal): Promise<{ stored: number; zoneSleeping: boolean }> {
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  return { stored: 0, zoneSleeping: false };
}
