import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import {
  PROVISION_DISTRICT_WORKFLOW,
  TaskQueues,
  type ProvisionDistrictResult,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';
import { dropDatabase, ensureDatabase } from '@sisbridge/persistence';
import {
  freePort,
  REPO_ROOT,
  resolveTemporalCli,
  startComponent,
  startTemporalDevServer,
  waitForHttp,
  type ComponentName,
  type ManagedProcess,
} from '@sisbridge/local-infra';
import { generateDistrict, type DistrictSize } from '@sisbridge/sandbox-district';
import { RssSampler } from './rss-sampler';
import { argument, firstLine, inParallel, MiB, print, runBench, seconds } from './bench-cli';

/**
 * `npm run bench:provision -- --size large`: the nightly provisioning of a generated district,
 * end to end, with every part a process of its own — the SIF zone and Canvas simulators, the
 * compiled sif-ingest, canvas-provisioner and workflow worker, a Temporal dev server, Postgres.
 * Prints, for a first run, a night with 1% changes and a night with none: wall time and peak RSS
 * per step, CSV rows uploaded per changed roster entity, and the rows Postgres wrote in sif_ingest and roster. Loopback only; asserts nothing.
 */
const STEPS: Record<string, { step: string; process: ComponentName }> = {
  ingestDistrict: { step: 'ingest', process: 'sif-ingest' },
  diffSnapshots: { step: 'diff', process: 'sif-ingest' },
  evaluateDeleteGuard: { step: 'guard', process: 'canvas-provisioner' },
  buildSisImport: { step: 'build', process: 'canvas-provisioner' },
  uploadSisImport: { step: 'upload', process: 'canvas-provisioner' },
  awaitSisImport: { step: 'poll', process: 'canvas-provisioner' },
  markSnapshotApplied: { step: 'record', process: 'canvas-provisioner' },
};
const SEED = 42;

async function main(): Promise<void> {
  const size = (argument('--size') ?? 'small') as DistrictSize;
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/sisbridge_bench_provision';
  await dropDatabase(databaseUrl).catch(() => undefined);
  await ensureDatabase(databaseUrl);
  const children: ChildProcess[] = [];
  const components = new Map<ComponentName, ManagedProcess>();
  const source = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const temporal = await startTemporalDevServer({ source });
  const sampler = new RssSampler(() => [...components.entries()].map(([name, p]) => ({ name, pid: p.child.pid })));
  try {
    const zone = spawn(process.execPath, [join(__dirname, 'zone-process.js'), size], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(zone);
    const { zoneUrl, schoolYear } = JSON.parse(await firstLine(zone.stdout)) as { zoneUrl: string; schoolYear: number };
    const canvasPort = await freePort();
    const canvas = spawn(
      process.execPath,
      [
        resolve(REPO_ROOT, 'test/simulators/canvas/dist/cli.js'),
        '--port',
        String(canvasPort),
        '--processing-time',
        '1000',
        '--throttle',
        'off',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(canvas);
    await firstLine(canvas.stdout);
    const canvasUrl = `http://127.0.0.1:${canvasPort}`;

    const districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-bench-provision-')), 'districts.json');
    writeFileSync(
      districtsFile,
      JSON.stringify({
        districts: [
          {
            id: 'bench',
            name: 'Bench',
            timeZone: 'America/Chicago',
            schoolYear,
            sif: { zoneUrl, pollIntervalSeconds: 0.05, maxBufferSize: 1_048_576 },
            canvas: { baseUrl: canvasUrl, rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_BENCH', deleteThreshold: 1 },
          },
        ],
      }),
    );
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      DISTRICTS_FILE: districtsFile,
      CANVAS_TOKEN_BENCH: 'canvas-simulator-token',
      RUN_MIGRATIONS_ON_START: 'true',
      LOG_LEVEL: 'warn',
      CANVAS_POLL_INTERVAL_MS: '500',
    };
    for (const name of ['sif-ingest', 'canvas-provisioner', 'workflow-worker'] as const) {
      const port = await freePort();
      const component = startComponent(name, { port, env });
      components.set(name, component);
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 120_000, process: component });
    }
    sampler.start();
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();

    print(`district ${size} (seed ${SEED}), SchoolYear ${schoolYear}`);
    let written = await rowsWritten(pg);
    await report('first run', await provision(client), client, pg, sampler);
    written = await printRowsWritten(pg, written);

    // A night with 1% changes: 1% of students renamed, 1% of section enrollments dropped.
    const district = generateDistrict({ size, seed: SEED });
    const admin = new URL(zoneUrl).origin;
    const students = district.students.filter((_, i) => i % 100 === 0);
    const enrollments = district.sectionEnrollments.filter((e, i) => i % 100 === 0 && e.schoolYear === schoolYear);
    const today = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Chicago',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
    await inParallel(8, [
      ...students.map(
        (s) => () =>
          adminCall(`${admin}/__admin/objects/StudentPersonal/${s.refId}`, 'PATCH', {
            name: { ...s.name, lastName: `${s.name.lastName}-Renamed` },
          }),
      ),
      ...enrollments.map(
        (e) => () => adminCall(`${admin}/__admin/objects/StudentSectionEnrollment/${e.refId}/drop`, 'POST', { exitDate: today }),
      ),
    ]);
    print(`changed ${students.length} students and dropped ${enrollments.length} section enrollments (1%)`);
    written = await rowsWritten(pg);
    await report('1% night', await provision(client), client, pg, sampler);
    written = await printRowsWritten(pg, written);

    // A night on which nothing changed in PowerSchool.
    await report('no-change night', await provision(client), client, pg, sampler);
    await printRowsWritten(pg, written);

    await pg.end();
    await client.connection.close();
  } finally {
    sampler.stop();
    for (const component of components.values()) await component.stop(30_000);
    for (const child of children) child.kill('SIGTERM');
    await temporal.teardown();
  }
}

async function provision(client: Client): Promise<{ workflowId: string; result: ProvisionDistrictResult; started: number; ended: number }> {
  const workflowId = `provision-bench-${Date.now()}`;
  const started = Date.now();
  const handle = await client.workflow.start<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
    taskQueue: TaskQueues.orchestration,
    workflowId,
    args: [{ districtId: 'bench', trigger: 'operator' }],
  });
  const result = await handle.result();
  return { workflowId, result, started, ended: Date.now() };
}

async function report(
  title: string,
  run: Awaited<ReturnType<typeof provision>>,
  client: Client,
  pg: PgClient,
  sampler: RssSampler,
): Promise<void> {
  const history = await client.workflow.getHandle(run.workflowId).fetchHistory();
  const scheduled = new Map<string, { type: string; at: number }>();
  print('');
  print(`${title}: ${run.result.outcome}, ${seconds(run.ended - run.started)} wall time`);
  print(`  ${'step'.padEnd(8)}${'wall'.padStart(10)}  ${'peak RSS'.padStart(10)}  process`);
  for (const event of history.events ?? []) {
    const at = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
    if (event.activityTaskScheduledEventAttributes)
      scheduled.set(String(event.eventId), { type: event.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at });
    const completed = event.activityTaskCompletedEventAttributes;
    if (!completed) continue;
    const start = scheduled.get(String(completed.scheduledEventId));
    const step = start ? STEPS[start.type] : undefined;
    if (!start || !step) continue;
    // Widened by a sample on each side: a step shorter than the sampling interval still gets one.
    const peak = sampler.peak(step.process, start.at - 250, at + 250);
    print(
      `  ${step.step.padEnd(8)}${seconds(at - start.at).padStart(10)}  ${`${(peak / MiB).toFixed(0)} MiB`.padStart(10)}  ${step.process}`,
    );
  }
  for (const name of ['sif-ingest', 'canvas-provisioner', 'workflow-worker'] as const) {
    print(`  peak RSS of ${name} over the run: ${(sampler.peak(name, run.started, run.ended) / MiB).toFixed(0)} MiB`);
  }
  const build = await pg.query<{ total_rows: number; changes: number }>(
    'SELECT total_rows, changes FROM canvas_provisioner.sis_import_build WHERE run_id = $1',
    [run.result.runId],
  );
  const row = build.rows[0];
  if (row)
    print(
      `  CSV rows uploaded: ${row.total_rows} for ${row.changes} changed roster entities = ${(row.total_rows / Math.max(1, row.changes)).toFixed(3)} rows per changed row`,
    );
}

/** Rows inserted, updated and deleted so far per table of the sif_ingest and roster schemas (Postgres's statistics). */
async function rowsWritten(pg: PgClient): Promise<Map<string, number>> {
  // A backend flushes its counts once idle for up to 10 s (PGSTAT_IDLE_INTERVAL): read them after that.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await pg.query('SELECT pg_stat_clear_snapshot()');
  const rows = await pg.query<{ name: string; n: string }>(
    `SELECT schemaname || '.' || relname AS name, n_tup_ins + n_tup_upd + n_tup_del AS n FROM pg_stat_user_tables WHERE schemaname IN ('sif_ingest', 'roster')`,
  );
  return new Map(rows.rows.map((row) => [row.name, Number(row.n)]));
}

/** Prints the rows the night wrote in sif_ingest and roster (what Postgres spent its writes on); returns the new reading. */
async function printRowsWritten(pg: PgClient, before: Map<string, number>): Promise<Map<string, number>> {
  const after = await rowsWritten(pg);
  const parts: string[] = [];
  let total = 0;
  for (const [name, n] of [...after].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const delta = n - (before.get(name) ?? 0);
    if (delta <= 0) continue;
    total += delta;
    parts.push(`${name} ${delta}`);
  }
  print(
    `  Postgres rows written (inserted, updated, deleted) in sif_ingest and roster: ${total}${parts.length ? ` (${parts.join(', ')})` : ''}`,
  );
  return after;
}

async function adminCall(url: string, method: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
}

runBench('provision', main);
