import { hostname } from 'node:os';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TaskQueues, WIRING_CHECK_WORKFLOW, type WiringCheckWorkflow } from '@sisbridge/contracts';
import { createTestDatabase, createTestNamespace, ReplicatedComponent, testClient, type TestDatabase } from '@sisbridge/test-support';

const REPLICAS = 2;
const SERVICES = ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const;

/**
 * Several replicas of every service and of the workflow worker, as in a deployment with several
 * pods: each its own process and port, all polling the same task queues, and any of them can
 * take a task.
 */
describe('replicas of every service and of the workflow worker', () => {
  let database: TestDatabase;
  let namespace: string;
  let client: Client;
  const running: ReplicatedComponent[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('replicas');
    namespace = await createTestNamespace('replicas');
    const system = { databaseUrl: database.url, namespace };
    running.push(...(await Promise.all(SERVICES.map((name) => ReplicatedComponent.start(system, name, REPLICAS)))));
    running.push(await ReplicatedComponent.start(system, 'workflow-worker', REPLICAS));
    client = await testClient(namespace);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(running.map((component) => component.stop()));
    await client?.connection.close();
    await database?.drop();
  });

  /** The identities polling a task queue, as Temporal has seen them (`pid@host`); waits until `count` have polled. */
  async function pollers(taskQueue: string, type: temporal.api.enums.v1.TaskQueueType, count: number): Promise<string[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const described = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: type });
      const identities = (described.pollers ?? []).map((poller) => poller.identity ?? '').sort();
      if (identities.length >= count || Date.now() > deadline) return identities;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const identities = (component: ReplicatedComponent | undefined) => (component?.pids ?? []).map((pid) => `${pid}@${hostname()}`).sort();

  it('each on its own port, all polling the same task queues', async () => {
    const [sifIngest, canvasProvisioner, ptpGradebook, worker] = running;
    for (const component of running) expect(new Set(component.replicas.map((replica) => replica.port)).size).toBe(REPLICAS);
    const activity = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
    const workflow = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW;
    expect(await pollers(TaskQueues.sifIngest, activity, REPLICAS)).toEqual(identities(sifIngest));
    expect(await pollers(TaskQueues.canvasProvisioner, activity, REPLICAS)).toEqual(identities(canvasProvisioner));
    expect(await pollers(TaskQueues.ptpGradebook, activity, REPLICAS)).toEqual(identities(ptpGradebook));
    expect(await pollers(TaskQueues.orchestration, workflow, REPLICAS)).toEqual(identities(worker));
  });

  it('any replica takes the work: with one replica of each service stopped, a workflow still completes', async () => {
    await Promise.all(running.slice(0, SERVICES.length).map((component) => component.replicas[0]?.process.stop(15_000)));
    const handle = await client.workflow.start<WiringCheckWorkflow>(WIRING_CHECK_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `wiring-check-replicas-${Date.now()}`,
      args: [{ reason: 'replicas' }],
    });
    const result = await handle.result();
    expect(result.receipts.map((receipt) => receipt.service)).toEqual([...SERVICES]);
  });
});
