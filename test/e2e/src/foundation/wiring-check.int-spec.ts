import { Client as PgClient } from 'pg';
import { TaskQueues, WIRING_CHECK_WORKFLOW, type WiringCheckWorkflow } from '@sisbridge/contracts';
import { createTestDatabase, createTestNamespace, RunningSystem, testClient, type TestDatabase } from '@sisbridge/test-support';
import type { Client } from '@temporalio/client';

/**
 * The foundation end to end: the compiled services and the orchestration worker as processes,
 * the real Temporal dev server, a real Postgres database.
 */
describe('wiring check workflow', () => {
  let database: TestDatabase;
  let system: RunningSystem;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('wiring');
    const namespace = await createTestNamespace('wiring');
    system = new RunningSystem({ databaseUrl: database.url, namespace });
    await Promise.all([system.start('sif-ingest'), system.start('canvas-provisioner'), system.start('ptp-gradebook')]);
    await system.start('workflow-worker');
    client = await testClient(namespace);
  });

  afterAll(async () => {
    await system?.stopAll();
    await client?.connection.close();
    await database?.drop();
  });

  it('runs one activity on each service queue, and each writes and reads a row in its own schema', async () => {
    const workflowId = `wiring-check-int-${Date.now()}`;
    const handle = await client.workflow.start<WiringCheckWorkflow>(WIRING_CHECK_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId,
      args: [{ reason: 'integration test' }],
    });
    const result = await handle.result();
    const checkId = `${workflowId}/${handle.firstExecutionRunId}`;

    expect(result.receipts.map(({ service, schema, checkId: id, timesRecorded }) => ({ service, schema, id, timesRecorded }))).toEqual([
      { service: 'sif-ingest', schema: 'sif_ingest', id: checkId, timesRecorded: 1 },
      { service: 'canvas-provisioner', schema: 'canvas_provisioner', id: checkId, timesRecorded: 1 },
      { service: 'ptp-gradebook', schema: 'ptp_gradebook', id: checkId, timesRecorded: 1 },
    ]);

    // Each activity ran on its own service's task queue.
    const history = await handle.fetchHistory();
    const scheduledOn = (history.events ?? [])
      .map((event) => event.activityTaskScheduledEventAttributes)
      .filter((attributes) => attributes)
      .map((attributes) => `${attributes?.activityType?.name}@${attributes?.taskQueue?.name}`);
    expect(scheduledOn).toEqual([
      'sifIngestWiringCheck@sif-ingest',
      'canvasProvisionerWiringCheck@canvas-provisioner',
      'ptpGradebookWiringCheck@ptp-gradebook',
    ]);

    // The rows are really there, each in its service's schema, written by that service.
    const pg = new PgClient({ connectionString: database.url });
    await pg.connect();
    try {
      for (const [schema, service] of [
        ['sif_ingest', 'sif-ingest'],
        ['canvas_provisioner', 'canvas-provisioner'],
        ['ptp_gradebook', 'ptp-gradebook'],
      ]) {
        const rows = await pg.query(`SELECT service, times_recorded FROM "${schema}".wiring_check WHERE check_id = $1`, [checkId]);
        expect(rows.rows).toEqual([{ service, times_recorded: 1 }]);
      }
    } finally {
      await pg.end();
    }
  });

  it('gave each service its own schema through migrations, never synchronize', async () => {
    const pg = new PgClient({ connectionString: database.url });
    await pg.connect();
    try {
      // Each service has its own schema, with its migrations table and the wiring check's table
      // (each service's other tables grow with its issues, through its migrations).
      for (const schema of ['sif_ingest', 'canvas_provisioner', 'ptp_gradebook']) {
        const tables = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
        expect(tables.rows.map((row: { table_name: string }) => row.table_name)).toEqual(
          expect.arrayContaining(['migrations', 'wiring_check']),
        );
        const applied = await pg.query(`SELECT name FROM "${schema}".migrations`);
        expect(applied.rows.map((row: { name: string }) => row.name)).toContain('CreateWiringCheck1764374400000');
      }
      // sif-ingest also owns the published roster schema that the other services read.
      const sifMigrations = await pg.query('SELECT name FROM sif_ingest.migrations ORDER BY id');
      expect(sifMigrations.rows.map((row: { name: string }) => row.name)).toEqual(
        expect.arrayContaining(['CreateWiringCheck1764374400000', 'CreateRosterSchema1764460800000']),
      );
      const roster = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'roster' ORDER BY 1`);
      expect(roster.rows.map((row: { table_name: string }) => row.table_name)).toEqual([
        'diff',
        'diff_change',
        'entity',
        'entity_version',
        'identity',
        'identity_map',
        'snapshot',
      ]);
      // Nothing leaked into public.
      const publicTables = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(publicTables.rows).toEqual([]);
    } finally {
      await pg.end();
    }
  });

  it('serves /healthz and the OpenAPI document on every service, and /metrics on its own port only', async () => {
    for (const name of ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const) {
      const service = system.get(name);
      expect(await (await fetch(service.url('/healthz'))).json()).toEqual({ status: 'ok' });
      expect((await fetch(service.url('/metrics'))).status).toBe(404);
      const metrics = await (await fetch(service.metricsUrl())).text();
      expect(metrics).toContain(`process_resident_memory_bytes{service="${name}"}`);
      expect((await fetch(`http://127.0.0.1:${service.metricsPort}/healthz`)).status).toBe(404);
      const openapi = (await (await fetch(service.url('/docs/json'))).json()) as {
        info: { title: string };
        paths: Record<string, unknown>;
      };
      expect(openapi.info.title).toBe(`sisbridge ${name}`);
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
      expect(Object.keys(openapi.paths)).not.toContain('/metrics');
      expect((await fetch(service.url('/docs'))).status).toBe(200);
    }
    const worker = system.get('workflow-worker');
    expect((await fetch(worker.url('/readyz'))).status).toBe(200);
    expect((await fetch(worker.url('/metrics'))).status).toBe(404);
    expect(await (await fetch(worker.metricsUrl())).text()).toContain('process_resident_memory_bytes{service="workflow-worker"}');
  });

  it("exports the Temporal SDK's metrics next to sisbridge's: schedule-to-start latencies of the activities each service ran, and of the worker's workflow tasks", async () => {
    // The first test ran a wiring check: one activity on each service's queue, workflow tasks on the worker's.
    const series = (text: string, name: string) =>
      text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
    for (const [name, queue] of [
      ['sif-ingest', TaskQueues.sifIngest],
      ['canvas-provisioner', TaskQueues.canvasProvisioner],
      ['ptp-gradebook', TaskQueues.ptpGradebook],
    ] as const) {
      const text = await (await fetch(system.get(name).metricsUrl())).text();
      expect(text).toContain('# TYPE temporal_activity_schedule_to_start_latency histogram');
      const count = series(text, 'temporal_activity_schedule_to_start_latency_count').find((line) =>
        line.includes(`task_queue="${queue}"`),
      );
      expect(count).toMatch(new RegExp(`service="${name}"`));
      expect(Number(count?.split(' ').pop())).toBeGreaterThanOrEqual(1);
      // …next to sisbridge's own histogram of the same activity.
      expect(text).toMatch(/sisbridge_activity_duration_seconds_count\{[^}]*outcome="completed"[^}]*\} [1-9]/);
    }
    const worker = await (await fetch(system.get('workflow-worker').metricsUrl())).text();
    const workflowTasks = series(worker, 'temporal_workflow_task_schedule_to_start_latency_count').find((line) =>
      line.includes(`task_queue="${TaskQueues.orchestration}"`),
    );
    expect(Number(workflowTasks?.split(' ').pop())).toBeGreaterThanOrEqual(1);
    expect(worker).toMatch(/temporal_workflow_completed\{[^}]*workflow_type="[^"]+"[^}]*service="workflow-worker"[^}]*\} [1-9]/);
  });
});
