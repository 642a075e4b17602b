import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { TaskQueues, WIRING_CHECK_WORKFLOW, type WiringCheckWorkflow } from '@sisbridge/contracts';
import {
  createTestDatabase,
  createTestNamespace,
  RunningSystem,
  testClient,
  type HistoryEvent,
  type TestDatabase,
} from '@sisbridge/test-support';

/** Temporal's promise to operators: a worker that dies mid-run loses nothing. */
describe('orchestration worker killed in the middle of a workflow', () => {
  let database: TestDatabase;
  let system: RunningSystem;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('worker_restart');
    const namespace = await createTestNamespace('worker-restart');
    system = new RunningSystem({ databaseUrl: database.url, namespace });
    client = await testClient(namespace);
  });

  afterAll(async () => {
    await system?.stopAll();
    await client?.connection.close();
    await database?.drop();
  });

  async function completedActivities(handle: WorkflowHandle): Promise<number> {
    const history = await handle.fetchHistory();
    return (history.events ?? []).filter((event) => event.activityTaskCompletedEventAttributes).length;
  }

  /** The history after the third activity completed, once it has. */
  async function eventsAfterThirdActivity(handle: WorkflowHandle): Promise<HistoryEvent[] | undefined> {
    const events = (await handle.fetchHistory()).events ?? [];
    const third = events.filter((event) => event.activityTaskCompletedEventAttributes)[2];
    return third ? events.slice(events.indexOf(third) + 1) : undefined;
  }

  it('finishes the workflow after the worker is started again', async () => {
    // ptp-gradebook is not up yet, so the workflow stops after its second step and waits there.
    await Promise.all([system.start('sif-ingest'), system.start('canvas-provisioner')]);
    const worker = await system.start('workflow-worker');

    const handle = await client.workflow.start<WiringCheckWorkflow>(WIRING_CHECK_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `wiring-check-restart-${Date.now()}`,
      args: [{ reason: 'worker restart test' }],
    });
    // Generous: on a busy two-core machine the services answer slowly; the test waits for a step, not a time.
    const deadline = Date.now() + 120_000;
    while ((await completedActivities(handle)) < 2) {
      if (Date.now() > deadline) throw new Error('the workflow did not reach its third step');
      await sleep(200);
    }

    // Crash the worker (SIGKILL: no drain), then bring up the missing service.
    await worker.process.kill();
    await system.start('ptp-gradebook');

    // The third activity completes and the workflow task that would take its result in is scheduled,
    // but with no workflow worker nobody starts it: read from the history, not waited out on a clock.
    let afterThird: HistoryEvent[] | undefined;
    while (!(afterThird = await eventsAfterThirdActivity(handle))?.some((event) => event.workflowTaskScheduledEventAttributes)) {
      await sleep(200);
    }
    expect(afterThird.some((event) => event.workflowTaskStartedEventAttributes)).toBe(false);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await system.start('workflow-worker');
    const result = await handle.result();
    expect(result.receipts.map((receipt) => [receipt.service, receipt.timesRecorded])).toEqual([
      ['sif-ingest', 1],
      ['canvas-provisioner', 1],
      ['ptp-gradebook', 1],
    ]);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  }, 300_000);
});
