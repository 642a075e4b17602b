import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  approveGuardSignal,
  DISTRICT_SYNC_WORKFLOW,
  districtSyncStartOptions,
  districtSyncStatusQuery,
  districtSyncWorkflowId,
  workflowIdPart,
  PROVISION_DISTRICT_WORKFLOW,
  sifEventsStoredSignal,
  TaskQueues,
  type DistrictSyncStatus,
  type IntradaySettings,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';
import { REPO_ROOT } from '@sisbridge/local-infra';
import { createTestNamespace, testClient, testEnv } from '@sisbridge/test-support';
import { Gate, standInActivities, type ActivityCall, type StandInOptions } from './activity-stand-ins';
import { until as waitFor } from './until';

const BUNDLE = join(REPO_ROOT, 'workflows/worker/dist/workflow-bundle.js');

/**
 * The district sync workflow on a real Temporal server, with the services' activities played by
 * stand-ins that record every call and wait on gates the test opens: the lease (one writer per
 * district), the window, pausing behind a guarded run, taking the lease back from a terminated
 * run, the pull-mode drain, and continue-as-new. Each test has its own district id.
 */
describe('district sync workflow (real Temporal, stand-in activities)', () => {
  let namespace: string;
  let client: Client;
  let connection: NativeConnection;
  const running: Array<{ worker: Worker; done: Promise<void> }> = [];
  const calls: ActivityCall[] = [];
  const options: Record<string, StandInOptions> = {};

  beforeAll(async () => {
    namespace = await createTestNamespace('district-sync');
    client = await testClient(namespace);
    connection = await NativeConnection.connect({ address: testEnv('temporalAddress') });
    // Each test has its own district; a workflow's id names it (`provision-<district>-…`, `intraday-<encoded district>-…`).
    const activities = standInActivities(
      client,
      (workflowId) => {
        const district = Object.keys(options).find((id) => namesDistrict(workflowId, id));
        if (!district) throw new Error(`no stand-in options for ${workflowId}`);
        return options[district] as StandInOptions;
      },
      calls,
    );
    const workers = await Promise.all([
      Worker.create({ connection, namespace, taskQueue: TaskQueues.orchestration, workflowBundle: { codePath: BUNDLE } }),
      Worker.create({ connection, namespace, taskQueue: TaskQueues.canvasProvisioner, activities: activities.canvas }),
      Worker.create({ connection, namespace, taskQueue: TaskQueues.sifIngest, activities: activities.sif }),
    ]);
    for (const worker of workers) running.push({ worker, done: worker.run() });
  });

  afterAll(async () => {
    for (const { worker } of running) worker.shutdown();
    await Promise.all(running.map(({ done }) => done.catch(() => undefined)));
    await connection?.close();
    await client?.connection.close();
  });

  function settings(overrides: Partial<IntradaySettings> = {}): IntradaySettings {
    return { enabled: true, windowSeconds: 1, mode: 'push', drainSeconds: 60, ...overrides };
  }

  /**
   * What sif-ingest would count as pending for a district: events stored (`eventsStored`) and not
   * yet taken in by an intra-day import (the stand-in applySifEvents takes them all).
   */
  const pendingSince: Record<string, string | undefined> = {};
  function ledgerOptions(district: string): Pick<StandInOptions, 'pending' | 'eventsPerApply'> {
    return {
      pending: () => {
        const since = pendingSince[district];
        return since ? { pending: 1, waiting: 0, oldestStoredAt: since } : { pending: 0, waiting: 0 };
      },
      eventsPerApply: () => {
        const had = pendingSince[district] ? 1 : 0;
        pendingSince[district] = undefined;
        return had;
      },
    };
  }

  async function eventsStored(districtId: string): Promise<void> {
    pendingSince[districtId] ??= new Date().toISOString();
    await client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
      ...districtSyncStartOptions(districtId),
      signal: sifEventsStoredSignal,
      signalArgs: [{ events: 1, firstStoredAt: new Date().toISOString() }],
    });
  }

  async function status(districtId: string): Promise<DistrictSyncStatus> {
    return client.workflow.getHandle(districtSyncWorkflowId(districtId)).query(districtSyncStatusQuery);
  }

  const until = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false) =>
    waitFor(what, probe, { timeoutMs: 60_000, explain: () => JSON.stringify(calls.map((c) => `${c.workflowId}:${c.activity}`)) });
  const callsOf = (districtId: string) => calls.filter((call) => namesDistrict(call.workflowId, districtId));
  const firstIndex = (districtId: string, predicate: (call: ActivityCall) => boolean) => callsOf(districtId).findIndex(predicate);

  function startProvisioning(districtId: string, suffix: string): Promise<WorkflowHandle<ProvisionDistrictWorkflow>> {
    return client.workflow.start<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `provision-${districtId}-${suffix}`,
      args: [{ districtId, trigger: 'operator' }],
    });
  }

  it('sends a window of events as one intra-day import, and a provisioning run that asks meanwhile waits for it', async () => {
    const district = 'lease-order';
    const gate = new Gate();
    options[district] = {
      ...ledgerOptions(district),
      settings: settings(),
      importGate: (workflowId) => (workflowId.startsWith('intraday-') ? gate : undefined),
    };
    await eventsStored(district);
    const intraday = await until('the intra-day import to reach Canvas', () =>
      callsOf(district).find((call) => call.activity === 'awaitSisImport' && call.workflowId.startsWith('intraday-')),
    );

    const operator = await startProvisioning(district, 'op');
    await until('the operator run to ask for the lease', () => callsOf(district).find((call) => call.activity === 'requestCanvasWriter'));
    const waiting = await until('the operator run to be queued', async () =>
      (await status(district)).waiting.length === 1 ? status(district) : undefined,
    );
    expect(waiting.holder?.workflowId).toBe(intraday.workflowId);
    expect(waiting.waiting.map((request) => request.workflowId)).toEqual([operator.workflowId]);
    expect(callsOf(district).some((call) => call.workflowId === operator.workflowId && call.activity === 'ingestDistrict')).toBe(false);

    gate.open();
    expect((await operator.result()).outcome).toBe('applied');
    const intradayEnd = firstIndex(district, (call) => call.workflowId === intraday.workflowId && call.activity === 'recordRunOutcome');
    const operatorStart = firstIndex(district, (call) => call.workflowId === operator.workflowId && call.activity === 'ingestDistrict');
    expect(intradayEnd).toBeGreaterThanOrEqual(0);
    expect(operatorStart).toBeGreaterThan(intradayEnd);

    const last = await until('the district sync to record the import', async () => (await status(district)).lastIntraday);
    expect(last).toMatchObject({ workflowId: intraday.workflowId, outcome: 'applied', eventsApplied: 1, rows: 3, canvasImportIds: [1] });
    const child = await client.workflow.getHandle(intraday.workflowId).describe();
    expect(child.searchAttributes['SisbridgeRunKind']).toEqual(['intraday']);
    expect(child.searchAttributes['SisbridgeDistrict']).toEqual([district]);
  });

  it('pauses intra-day imports while a guarded run holds Canvas, and sends them once it is decided', async () => {
    const district = 'lease-guard';
    options[district] = {
      ...ledgerOptions(district),
      settings: settings(),
      guardTrips: (workflowId) => workflowId.startsWith('provision-'),
    };
    const nightly = await startProvisioning(district, 'guarded');
    await until(
      'the guarded run to hold the lease',
      async () => (await status(district).catch(() => undefined))?.holder?.workflowId === nightly.workflowId || undefined,
    );
    await eventsStored(district);
    const paused = await until('the window to pass', async () => {
      const current = await status(district);
      return current.nextIntradayAt && Date.parse(current.nextIntradayAt) < Date.now() - 1_000 ? current : undefined;
    });
    expect(paused.paused).toContain(nightly.workflowId);
    expect(callsOf(district).some((call) => call.activity === 'applySifEvents')).toBe(false);

    await nightly.signal(approveGuardSignal, { by: 'test' });
    expect((await nightly.result()).outcome).toBe('applied');
    await until('the intra-day import after the guarded run', () => callsOf(district).find((call) => call.activity === 'applySifEvents'));
    expect(firstIndex(district, (call) => call.activity === 'applySifEvents')).toBeGreaterThan(
      firstIndex(district, (call) => call.workflowId === nightly.workflowId && call.activity === 'recordRunOutcome'),
    );
  });

  it('takes the lease back from a run terminated while it held Canvas', async () => {
    const district = 'lease-terminated';
    options[district] = {
      ...ledgerOptions(district),
      settings: settings(),
      guardTrips: (workflowId) => workflowId.startsWith('provision-'),
    };
    const stuck = await startProvisioning(district, 'stuck');
    await until(
      'the run to hold the lease',
      async () => (await status(district).catch(() => undefined))?.holder?.workflowId === stuck.workflowId || undefined,
    );
    await stuck.terminate('an operator gave up on it');
    await until('the lease to be taken back', async () => ((await status(district)).holder === undefined ? true : undefined));
    await eventsStored(district);
    await until('an intra-day import', () =>
      callsOf(district).find((call) => call.activity === 'markSnapshotApplied' && call.workflowId.startsWith('intraday-')),
    );
  });

  it('in pull mode drains the zone between runs, and stops draining before anyone else pulls', async () => {
    const district = 'pull-drain';
    let drains = 0;
    options[district] = {
      settings: settings({ mode: 'pull' }),
      drain: async (signal) => {
        drains++;
        if (drains === 1) return { stored: 2, firstStoredAt: new Date().toISOString(), zoneSleeping: false };
        await new Promise<void>((resolve) =>
          signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        return { stored: 0, zoneSleeping: false };
      },
    };
    await client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
      ...districtSyncStartOptions(district),
      signal: sifEventsStoredSignal,
      signalArgs: [{ events: 0, firstStoredAt: new Date().toISOString() }],
    });
    await until('the intra-day import of the drained events', () => callsOf(district).find((call) => call.activity === 'applySifEvents'));
    const operator = await startProvisioning(district, 'op');
    expect((await operator.result()).outcome).toBe('applied');

    const sequence = callsOf(district).map((call) => call.activity);
    // Every drain had ended before the intra-day import and before the operator run pulled from the zone.
    const ended = (before: number) => sequence.slice(0, before).filter((a) => a === 'drainSifEvents:ended').length;
    const started = (before: number) => sequence.slice(0, before).filter((a) => a === 'drainSifEvents').length;
    const apply = sequence.indexOf('applySifEvents');
    const ingest = sequence.indexOf('ingestDistrict');
    expect(started(apply)).toBeGreaterThanOrEqual(1);
    expect(ended(apply)).toBe(started(apply));
    expect(ended(ingest)).toBe(started(ingest));
  });

  it('continues as new after its runs per history, carrying what it knows', async () => {
    const district = 'continue-as-new';
    options[district] = { ...ledgerOptions(district), settings: settings() };
    pendingSince[district] = new Date().toISOString();
    await client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
      ...districtSyncStartOptions(district),
      args: [{ districtId: district, runsPerHistory: 2 }],
      signal: sifEventsStoredSignal,
      signalArgs: [{ events: 1, firstStoredAt: new Date().toISOString() }],
    });
    const first = (await client.workflow.getHandle(districtSyncWorkflowId(district)).describe()).runId;
    for (let run = 1; run <= 2; run++) {
      await until(`intra-day import ${run}`, async () => ((await status(district)).intradayRuns >= run ? true : undefined));
      if (run < 2) await eventsStored(district);
    }
    const after = await until('a new run of the district sync', async () => {
      const description = await client.workflow.getHandle(districtSyncWorkflowId(district)).describe();
      return description.runId !== first ? description : undefined;
    });
    expect(after.status.name).toBe('RUNNING');
    const carried = await status(district);
    expect(carried.intradayRuns).toBe(2);
    expect(carried.lastIntraday?.outcome).toBe('applied');
  });
});

/** Whether a workflow id names the district: the test's own ids as they are, sisbridge's encoded. */
function namesDistrict(workflowId: string, districtId: string): boolean {
  return workflowId.includes(districtId) || workflowId.includes(workflowIdPart(districtId));
}
