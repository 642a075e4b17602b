import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { TaskQueues, WIRING_CHECK_WORKFLOW, type WiringCheckWorkflow } from '@sisbridge/contracts';
import { freePort, startComponent, type ComponentName } from '@sisbridge/local-infra';
import {
  componentEnv,
  createTestDatabase,
  createTestNamespace,
  RunningSystem,
  TcpProxy,
  testClient,
  testEnv,
  type TestDatabase,
} from '@sisbridge/test-support';

/** What the platform team sees when a service is misconfigured, a dependency fails, or a pod stops. */
describe('service start-up, readiness and shutdown', () => {
  let database: TestDatabase;
  let namespace: string;

  beforeAll(async () => {
    database = await createTestDatabase('startup');
    namespace = await createTestNamespace('startup');
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function runToExit(name: ComponentName, env: Record<string, string>) {
    const child = startComponent(name, { port: await freePort(), env });
    const status = await child.waitForExit();
    return { code: status.code, output: child.output() };
  }

  function expectOneLine(output: string, pattern: RegExp): void {
    const lines = output.split('\n').filter((line) => line.trim().length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(output).not.toMatch(/\n\s+at /);
  }

  it.each(['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'] as const)(
    '%s exits with one line naming a malformed DATABASE_URL',
    async (name) => {
      const { code, output } = await runToExit(name, { ...componentEnv({ databaseUrl: 'not-a-url', namespace }) });
      expect(code).toBe(78);
      expectOneLine(output, new RegExp(`^${name}: invalid configuration: DATABASE_URL must be a postgres:// URL .*\\(got "not-a-url"\\)$`));
    },
  );

  it('exits with one line naming a bad METRICS_PORT, or one equal to PORT (HEALTH_PORT for the worker)', async () => {
    const env = componentEnv({ databaseUrl: database.url, namespace });
    const malformed = await runToExit('ptp-gradebook', { ...env, METRICS_PORT: '70000' });
    expect(malformed.code).toBe(78);
    expectOneLine(
      malformed.output,
      /^ptp-gradebook: invalid configuration: METRICS_PORT must be a TCP port number between 1 and 65535, or 0 for any free port \(got "70000"\)$/,
    );
    const port = await freePort();
    const child = startComponent('sif-ingest', { port, env: { ...env, METRICS_PORT: String(port) } });
    expect((await child.waitForExit()).code).toBe(78);
    expectOneLine(child.output(), /^sif-ingest: invalid configuration: METRICS_PORT must differ from PORT/);
    const worker = startComponent('workflow-worker', { port, env: { ...env, METRICS_PORT: String(port) } });
    expect((await worker.waitForExit()).code).toBe(78);
    expectOneLine(worker.output(), /^workflow-worker: invalid configuration: METRICS_PORT must differ from HEALTH_PORT/);
  });

  it('exits with one line naming an unreachable Postgres, without echoing its password', async () => {
    const closedPort = await freePort();
    const { code, output } = await runToExit('sif-ingest', {
      ...componentEnv({ databaseUrl: `postgres://sisbridge:hunter2@127.0.0.1:${closedPort}/sisbridge`, namespace }),
      DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
    });
    expect(code).toBe(69);
    expectOneLine(
      output,
      new RegExp(
        `^sif-ingest: cannot start: Postgres at 127.0.0.1:${closedPort}/sisbridge is not reachable \\(waited 1 s\\): .*ECONNREFUSED`,
      ),
    );
    expect(output).not.toContain('hunter2');
  });

  it('exits with one line for a malformed or unreachable TEMPORAL_ADDRESS', async () => {
    const malformed = await runToExit('canvas-provisioner', {
      ...componentEnv({ databaseUrl: database.url, namespace }),
      TEMPORAL_ADDRESS: 'temporal.internal',
    });
    expect(malformed.code).toBe(78);
    expectOneLine(
      malformed.output,
      /^canvas-provisioner: invalid configuration: TEMPORAL_ADDRESS must be host:port of the Temporal frontend, e\.g\. 127\.0\.0\.1:7233 \(got "temporal\.internal"\)$/,
    );

    const closedPort = await freePort();
    const unreachable = await runToExit('canvas-provisioner', {
      ...componentEnv({ databaseUrl: database.url, namespace }),
      TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}`,
      TEMPORAL_CONNECT_TIMEOUT_SECONDS: '1',
    });
    expect(unreachable.code).toBe(69);
    expectOneLine(
      unreachable.output,
      new RegExp(
        `^canvas-provisioner: cannot start: Temporal at 127.0.0.1:${closedPort} is not reachable \\(waited 1 s\\): Connection refused$`,
      ),
    );

    const worker = await runToExit('workflow-worker', {
      TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}`,
      TEMPORAL_CONNECT_TIMEOUT_SECONDS: '1',
    });
    expect(worker.code).toBe(69);
    expectOneLine(worker.output, /^workflow-worker: cannot start: Temporal at .* is not reachable/);
  });

  describe('/readyz', () => {
    let system: RunningSystem;
    let postgresProxy: TcpProxy;
    let temporalProxy: TcpProxy;

    beforeEach(async () => {
      const pg = new URL(database.url);
      postgresProxy = await TcpProxy.start(pg.hostname, Number(pg.port || 5432));
      const [temporalHost, temporalPort] = testEnv('temporalAddress').split(':');
      temporalProxy = await TcpProxy.start(temporalHost ?? '127.0.0.1', Number(temporalPort));
      const proxied = new URL(database.url);
      proxied.port = String(postgresProxy.port);
      system = new RunningSystem({
        databaseUrl: proxied.toString(),
        namespace,
        extra: { TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}` },
      });
      await system.start('ptp-gradebook');
    });

    afterEach(async () => {
      await system.stopAll();
      await postgresProxy.cut().catch(() => undefined);
      await temporalProxy.cut().catch(() => undefined);
    });

    async function readiness() {
      const response = await fetch(system.get('ptp-gradebook').url('/readyz'));
      return {
        status: response.status,
        body: (await response.json()) as Record<string, Record<string, { status: string; message?: string }>>,
      };
    }

    it('names Postgres as down while Temporal is up', async () => {
      expect((await readiness()).status).toBe(200);
      await postgresProxy.cut();
      const { status, body } = await readiness();
      expect(status).toBe(503);
      expect(body['error']?.['postgres']?.status).toBe('down');
      expect(body['info']?.['temporal']).toEqual({ status: 'up' });
      expect(body['info']?.['postgres']).toBeUndefined();
    });

    it('names Temporal as down while Postgres is up', async () => {
      expect((await readiness()).status).toBe(200);
      await temporalProxy.cut();
      const { status, body } = await readiness();
      expect(status).toBe(503);
      expect(body['error']?.['temporal']?.status).toBe('down');
      expect(body['info']?.['postgres']).toEqual({ status: 'up' });
      // Liveness is not readiness: the process is still up and says so.
      expect((await fetch(system.get('ptp-gradebook').url('/healthz'))).status).toBe(200);
    });
  });

  it('on SIGTERM stops polling, finishes the in-flight activity, closes its pools and exits 0', async () => {
    const pg = new URL(database.url);
    const slowPostgres = await TcpProxy.start(pg.hostname, Number(pg.port || 5432));
    const proxied = new URL(database.url);
    proxied.port = String(slowPostgres.port);
    const system = new RunningSystem({ databaseUrl: proxied.toString(), namespace });
    const plain = new RunningSystem({ databaseUrl: database.url, namespace });
    let client: Client | undefined;
    try {
      await Promise.all([plain.start('sif-ingest'), plain.start('canvas-provisioner'), plain.start('workflow-worker')]);
      const ptp = await system.start('ptp-gradebook');
      client = await testClient(namespace);

      // Every Postgres answer to ptp-gradebook now takes 1.5 s: its activity will be in flight.
      slowPostgres.setLatency(1_500);
      const handle = await client.workflow.start<WiringCheckWorkflow>(WIRING_CHECK_WORKFLOW, {
        taskQueue: TaskQueues.orchestration,
        workflowId: `wiring-check-sigterm-${Date.now()}`,
        args: [{ reason: 'graceful shutdown test' }],
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        const history = await handle.fetchHistory();
        const started = (history.events ?? []).filter((event) => event.activityTaskStartedEventAttributes).length;
        if (started === 3) break;
        if (Date.now() > deadline) throw new Error('ptp-gradebook never started its activity');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const exit = await ptp.process.stop(30_000);
      expect(exit).toEqual({ code: 0, signal: null });
      const output = ptp.process.output();
      expect(output.indexOf('Stopping Temporal worker')).toBeGreaterThan(-1);
      expect(output.indexOf('Temporal worker stopped')).toBeGreaterThan(output.indexOf('Stopping Temporal worker'));

      // The activity that was running when SIGTERM arrived completed on its first attempt.
      const result = await handle.result();
      expect(result.receipts.find((receipt) => receipt.service === 'ptp-gradebook')?.timesRecorded).toBe(1);
      const history = await handle.fetchHistory();
      const ptpAttempts = (history.events ?? [])
        .map((event) => event.activityTaskStartedEventAttributes?.attempt)
        .filter((attempt) => attempt !== undefined && attempt !== null);
      expect(ptpAttempts).toEqual([1, 1, 1]);

      // Its pool is closed: no session of ptp-gradebook is left on the server.
      const admin = new PgClient({ connectionString: database.url });
      await admin.connect();
      const sessions = await admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ptp-gradebook' AND datname = $1`,
        [pg.pathname.slice(1)],
      );
      await admin.end();
      expect(sessions.rows[0]).toEqual({ n: 0 });
    } finally {
      await system.stopAll();
      await plain.stopAll();
      await client?.connection.close();
      await slowPostgres.cut();
    }
  });
});
