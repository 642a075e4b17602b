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
        'identity',
        'snapshot',
      ]);
      // Nothing leaked into public.
      const publicTables = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(publicTables.rows).toEqual([]);
    } finally {
      await pg.end();
    }
  });

  it('serves /healthz, /metrics and the OpenAPI document on every service', async () => {
    for (const name of ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const) {
      const service = system.get(name);
      expect(await (await fetch(service.url('/healthz'))).json()).toEqual({ status: 'ok' });
      const metrics = await (await fetch(service.url('/metrics'))).text();
      expect(metrics).toContain(`process_resident_memory_bytes{service="${name}"}`);
      const openapi = (await (await fetch(service.url('/docs/json'))).json()) as {
        info: { title: string };
        paths: Record<string, unknown>;
      };
      expect(openapi.info.title).toBe(`sisbridge ${name}`);
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
      expect((await fetch(service.url('/docs'))).status).toBe(200);
    }
    const worker = system.get('workflow-worker');
    expect((await fetch(worker.url('/readyz'))).status).toBe(200);
    expect(await (await fetch(worker.url('/metrics'))).text()).toContain('process_resident_memory_bytes{service="workflow-worker"}');
  });
});
