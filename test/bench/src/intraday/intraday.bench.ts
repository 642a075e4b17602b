import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import {
  districtSyncStatusQuery,
  districtSyncWorkflowId,
  PROVISION_DISTRICT_WORKFLOW,
  TaskQueues,
  type DistrictSyncStatus,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';
import { dropDatabase, ensureDatabase } from '@sisbridge/persistence';
import {
  freePort,
  resolveTemporalCli,
  startComponent,
  startTemporalDevServer,
  waitForHttp,
  type ComponentName,
  type ManagedProcess,
} from '@sisbridge/local-infra';
import { generateDistrict, type DistrictSize } from '@sisbridge/sandbox-district';
import { startSifZoneSimulator, type SifZoneSimulator } from '@sisbridge/sif-zone-simulator';
import { startCanvasSimulator } from '@sisbridge/canvas-simulator';
import { RssSampler } from '../rss-sampler';
import { argument, MiB, print, runBench, seconds } from '../bench-cli';
import {
  districtSyncTimeline,
  eventFigures,
  importFigures,
  intradayTimeline,
  storedTimeline,
  unsettledEvents,
  type EventFigures,
} from './intraday-figures';

/**
 * `npm run bench:intraday -- --minutes 3 --rate 60/min --window 120`: the intra-day sync's latency,
 * end to end (issue 12). A generated district (`--size small`, or `medium`) is provisioned once;
 * then the SIF zone simulator publishes a school day's changes as SIF_Events (its seeded mix: new
 * students with enrollments, drops, teacher changes, renames, an enrollment before its student,
 * duplicates) for `--minutes` at `--rate` events a minute; sif-ingest drains them (pull mode), and
 * the district sync sends each `--window` of them to Canvas as one intra-day SIS import. The bench
 * then waits, at most `--settle-minutes`, until every stored event is settled and imported.
 *
 * Prints: events published, stored, applied, waiting, rejected, imported; the latency from
 * PowerSchool's publication (`published_at`, else `received_at`) to Canvas's import
 * (`imported_at`): p50, p95, max; the intra-day imports and their rows; the share imported within
 * the 5-minute target; peak RSS per process. Real processes (sif-ingest, canvas-provisioner,
 * workflow worker), a Temporal dev server and Postgres; the simulators in this process. Loopback
 * only; bounded; asserts nothing.
 */
const DISTRICT = 'bench';
const TARGET_MS = 5 * 60_000;

async function main(): Promise<void> {
  const size = (argument('--size') ?? 'small') as DistrictSize;
  const minutes = Number(argument('--minutes') ?? 3);
  const rate = Number((argument('--rate') ?? '60').replace(/\/min$/, ''));
  const windowSeconds = Number(argument('--window') ?? 120);
  const drain = argument('--drain');
  const seed = Number(argument('--seed') ?? 7);
  const settleMinutes = Number(argument('--settle-minutes') ?? Math.max(5, Math.ceil((3 * windowSeconds + 60) / 60)));
  if (![minutes, rate, windowSeconds, seed, settleMinutes].every((n) => Number.isFinite(n) && n > 0))
    throw new Error('--minutes, --rate, --window, --seed and --settle-minutes take numbers above 0');

  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/sisbridge_bench_intraday';
  await dropDatabase(databaseUrl).catch(() => undefined);
  await ensureDatabase(databaseUrl);
  const district = generateDistrict({ size, seed: 42 });
  const components = new Map<ComponentName, ManagedProcess>();
  const sampler = new RssSampler(() => [...components.entries()].map(([name, p]) => ({ name, pid: p.child.pid })));
  const source = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const temporal = await startTemporalDevServer({ source });
  let zone: SifZoneSimulator | undefined;
  const canvas = await startCanvasSimulator({ throttle: false, processingTimeMs: 1000 });
  try {
    zone = await startSifZoneSimulator({ district, zoneId: 'bench' });
    const districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-bench-intraday-')), 'districts.json');
    writeFileSync(
      districtsFile,
      JSON.stringify({
        districts: [
          {
            id: DISTRICT,
            name: 'Bench',
            timeZone: 'America/Chicago',
            schoolYear: district.schoolYear,
            sif: { zoneUrl: zone.zoneUrl, sourceId: 'sisbridge-bench', pollIntervalSeconds: 0.2, maxBufferSize: 1_048_576 },
            canvas: { baseUrl: canvas.url, rootAccountId: canvas.rootAccountId, tokenEnv: 'CANVAS_TOKEN_BENCH' },
            schedules: {
              // No nightly run in the middle of the bench: only intra-day imports after the first provisioning.
              provisioning: { enabled: false, at: '02:00' },
              intraday: { enabled: true, windowSeconds, ...(drain ? { drainSeconds: Number(drain) } : {}) },
            },
          },
        ],
      }),
    );
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      DISTRICTS_FILE: districtsFile,
      CANVAS_TOKEN_BENCH: canvas.token,
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
    try {
      print(
        `district ${size} (seed 42, SchoolYear ${district.schoolYear}); events: ${minutes} min at ${rate}/min (stream seed ${seed}); window ${windowSeconds} s${drain ? `, drain ${drain} s` : ''}; settle at most ${settleMinutes} min`,
      );

      // 1. The first provisioning: the whole roster; its lease request starts the district sync.
      let started = Date.now();
      const first = await client.workflow.execute<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
        taskQueue: TaskQueues.orchestration,
        workflowId: `provision-bench-intraday-${Date.now()}`,
        args: [{ districtId: DISTRICT, trigger: 'operator' }],
      });
      print(`first provisioning: ${first.outcome} in ${seconds(Date.now() - started)}`);
      const sync = client.workflow.getHandle(districtSyncWorkflowId(DISTRICT));
      const status = await waitFor(60_000, async () => {
        const s = await sync.query(districtSyncStatusQuery).catch(() => undefined);
        return s && !s.holder ? s : undefined;
      });
      if (!status)
        throw new Error(`the district sync ${sync.workflowId} is not running (or still lent) a minute after the first provisioning`);
      print(`district sync ${sync.workflowId}: intra-day ${JSON.stringify(status.intraday)}`);
      const seqBefore = Number((await pg.query<{ s: string | null }>('SELECT max(seq) AS s FROM sif_ingest.sif_event')).rows[0]?.s ?? 0);
      const importsBefore = canvas.state.sisImports.size;

      // 2. A school day's events.
      started = Date.now();
      const stream = zone.startEventStream({ rate, seed, durationMs: minutes * 60_000 });
      let lastProgress = Date.now();
      const report = await (async () => {
        for (;;) {
          const done = await Promise.race([stream.finished, sleep(30_000).then(() => undefined)]);
          if (done) return done;
          lastProgress = Date.now();
          print(`  ${seconds(lastProgress - started)}: ${progress(await eventFigures(pg, DISTRICT, seqBefore), stream.report().events)}`);
        }
      })();
      const streamEnded = Date.now();
      print(
        `event stream: ${report.stopReason}${report.error ? ` (${report.error})` : ''} after ${seconds(streamEnded - started)}: ${report.events} events in ${report.changes.length} changes (${Object.entries(
          report.byKind,
        )
          .filter(([, n]) => n > 0)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ')})`,
      );

      // 3. Until every stored event is settled and imported (or rejected), or the deadline.
      const deadline = streamEnded + settleMinutes * 60_000;
      let figures = await eventFigures(pg, DISTRICT, seqBefore);
      for (;;) {
        const queued = zone.state().agents.reduce((sum, agent) => sum + agent.queue.length, 0);
        if (queued === 0 && figures.stored > 0 && figures.received + figures.waiting === 0 && figures.notImported === 0) break;
        if (Date.now() > deadline) {
          print(
            `deadline: ${settleMinutes} min after the stream ended, not everything is settled and imported (${queued} still queued at the zone)`,
          );
          break;
        }
        if (Date.now() - lastProgress >= 30_000) {
          lastProgress = Date.now();
          print(`  ${seconds(lastProgress - started)}: ${progress(figures, report.events)}, ${queued} queued at the zone`);
        }
        await sleep(2_000);
        figures = await eventFigures(pg, DISTRICT, seqBefore);
      }
      // An import's events are marked imported as Canvas finishes it; its run records itself a moment later.
      const closed = await waitFor(Math.max(60_000, deadline - Date.now()), async () =>
        (await intradayRunning(client)) === 0 ? true : undefined,
      );
      if (!closed) print('an intra-day run is still open at the deadline');
      const ended = Date.now();
      print(`settled ${seconds(ended - streamEnded)} after the stream ended`);
      await printFigures(pg, client, figures, report.events, seqBefore, canvas.state.sisImports.size - importsBefore);
      print('peak RSS from the stream to the end:');
      for (const name of components.keys()) print(`  ${name}: ${(sampler.peak(name, started, ended) / MiB).toFixed(0)} MiB`);
      print(`  this process (zone and Canvas simulators): ${(process.memoryUsage().rss / MiB).toFixed(0)} MiB now`);
      const last = await sync.query(districtSyncStatusQuery).catch((error: unknown) => String(error));
      print(`district sync status at the end: ${describeStatus(last)}`);
      print(`\ntimeline (seconds after the stream started):`);
      print(`  events per 10 s: ${await storedTimeline(pg, DISTRICT, seqBefore, started)}`);
      for (const line of await intradayTimeline(client, DISTRICT, started)) print(`  ${line}`);
      print(`  district sync ${sync.workflowId} (its drains and children):`);
      for (const line of await districtSyncTimeline(client, sync.workflowId, started).catch((error: unknown) => [String(error)]))
        print(`    ${line}`);
      print('warnings and errors the services logged (count × what):');
      for (const [name, component] of components) for (const line of logSummary(component.output(2_000))) print(`  ${name}: ${line}`);
    } finally {
      await pg.end();
      await client.connection.close();
    }
  } finally {
    sampler.stop();
    await zone?.eventStream?.stop();
    for (const component of components.values()) await component.stop(30_000);
    await Promise.all([zone?.close(), canvas.close()]);
    await temporal.teardown();
  }
}

function progress(f: EventFigures, published: number): string {
  return `${published} published, ${f.stored} stored, ${f.applied} applied, ${f.waiting} waiting, ${f.rejected} rejected, ${f.imported} imported`;
}

async function printFigures(
  pg: PgClient,
  client: Client,
  f: EventFigures,
  published: number,
  seqBefore: number,
  canvasImports: number,
): Promise<void> {
  print('');
  print(`events: ${published} published; ${f.stored} stored (${f.messages} SIF_Messages)`);
  print(
    `  states: ${f.applied} applied, ${f.superseded} superseded, ${f.waiting} waiting, ${f.received} received (not looked at), ${f.rejected} rejected`,
  );
  print(`  imported in Canvas: ${f.imported} (${f.notImported} applied or superseded but not imported)`);
  print(`  with PowerSchool's publish time (published_at): ${f.withPublishedAt} of ${f.stored}; the rest measured from received_at`);
  const { latencies, receive } = f;
  if (latencies.length > 0) {
    print(
      `latency publish → Canvas import (${latencies.length} imported events): p50 ${seconds(percentile(latencies, 50))}, p95 ${seconds(percentile(latencies, 95))}, max ${seconds(latencies[latencies.length - 1] as number)}`,
    );
  } else {
    print('latency publish → Canvas import: no event imported');
  }
  if (receive.length > 0)
    print(
      `  of which publish → stored by sif-ingest: p50 ${seconds(percentile(receive, 50))}, p95 ${seconds(percentile(receive, 95))}, max ${seconds(receive[receive.length - 1] as number)}`,
    );
  const within = latencies.filter((ms) => ms <= TARGET_MS).length;
  const eligible = f.stored - f.rejected;
  print(
    `imported within 5 minutes: ${within} of ${eligible} stored events not rejected (${eligible ? ((100 * within) / eligible).toFixed(1) : '0.0'}%)`,
  );
  const runs = await importFigures(pg, client, DISTRICT);
  print(
    `intra-day imports: ${runs.imports} applied with ${runs.rows} CSV rows in all (${runs.outcomes}); Temporal: ${runs.temporal}; Canvas took ${canvasImports} SIS imports during the stream`,
  );
  const unsettled = await unsettledEvents(pg, DISTRICT, seqBefore);
  if (unsettled.length > 0) {
    print('events not settled or not imported (state, object, action, reason: count):');
    for (const line of unsettled) print(`  ${line}`);
  }
}

function describeStatus(status: DistrictSyncStatus | string): string {
  if (typeof status === 'string') return status;
  return JSON.stringify({
    holder: status.holder?.workflowId,
    waiting: status.waiting.length,
    eventsPendingSince: status.eventsPendingSince,
    nextIntradayAt: status.nextIntradayAt,
    intradayRuns: status.intradayRuns,
    lastIntraday: status.lastIntraday && {
      workflowId: status.lastIntraday.workflowId,
      outcome: status.lastIntraday.outcome,
      eventsApplied: status.lastIntraday.eventsApplied,
      rows: status.lastIntraday.rows,
      reason: status.lastIntraday.reason,
    },
    paused: status.paused,
  });
}

/** A process's JSON log lines at warn or above, grouped: message, activity, workflow kind and error, with how often. */
function logSummary(output: string): string[] {
  const counts = new Map<string, number>();
  for (const text of output.split('\n')) {
    if (!text.trim()) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { level: 'warn', msg: text.slice(0, 200) };
    }
    const level = line['level'];
    if (!(level === 'warn' || level === 'error' || level === 'fatal' || (typeof level === 'number' && level >= 40))) continue;
    if (typeof line['msg'] === 'string' && /^No (workflows|activities) registered/.test(line['msg'])) continue;
    const error = line['error'] as { message?: string } | string | undefined;
    const key = [
      line['msg'],
      line['activityType'] && `activity ${String(line['activityType'])}`,
      typeof line['workflowId'] === 'string' && `in ${line['workflowId'].replace(/-\d[\dTZ-]*$/, '-…')}`,
      error && (typeof error === 'string' ? error : error.message),
    ]
      .filter(Boolean)
      .join(', ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n} × ${key.slice(0, 300)}`);
}

/** The p-th percentile (nearest rank) of sorted numbers. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function intradayRunning(client: Client): Promise<number> {
  let running = 0;
  const query = `WorkflowType = '${PROVISION_DISTRICT_WORKFLOW}' AND SisbridgeDistrict = '${DISTRICT}' AND SisbridgeRunKind = 'intraday' AND ExecutionStatus = 'Running'`;
  for await (const execution of client.workflow.list({ query })) if (execution) running++;
  return running;
}

async function waitFor<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(500);
  }
}

runBench('intraday', main);
