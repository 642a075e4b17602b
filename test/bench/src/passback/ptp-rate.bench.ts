import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { PASSBACK_WORKFLOW, passbackStartOptions, type PassbackWorkflow } from '@sisbridge/contracts';
import { dropDatabase, ensureDatabase } from '@sisbridge/persistence';
import {
  freePort,
  resolveTemporalCli,
  startComponent,
  startTemporalDevServer,
  waitForHttp,
  type ManagedProcess,
} from '@sisbridge/local-infra';
import { startCanvasSimulator } from '@sisbridge/canvas-simulator';
import { startPtpSimulator } from '@sisbridge/ptp-simulator';
import { RecordingProxy } from '@sisbridge/test-support';
import { argument, print, runBench, seconds } from '../bench-cli';
import { benchDistrict, type BenchLayout } from './bench-district';
import { importIntoCanvas, publishRoster, seedGradebooks } from './bench-world';

/**
 * `npm run bench:ptp-rate [-- --interval 50 --margin 10 --teachers 6 --assignments 20]`: how fast ptp-gradebook sends one
 * district's PTP requests when PowerSchool enforces a minimum interval (the PTP simulator refuses
 * a request that comes too early, 429 with Retry-After), with 1 and with 3 replicas sharing the
 * interval through Postgres, and, for comparison, 3 replicas each spacing only their own requests
 * (PTP_REQUEST_SPACING=per-replica, what the service did before). Each phase passes back its own
 * teachers, all at once, each with enough assignments that PTP is the bottleneck. Prints
 * requests/s against the interval's limit (1000 / interval) and what the simulator refused;
 * `--margin` is the district's `ptp.minIntervalMarginMs` (default: the service's). Asserts nothing.
 */
const INTERVAL_MS = Number(argument('--interval') ?? 50);
const MARGIN_MS = argument('--margin') === undefined ? undefined : Number(argument('--margin'));
const TEACHERS = Number(argument('--teachers') ?? 6);
const LAYOUT: BenchLayout = {
  teachers: TEACHERS,
  sectionsPerTeacher: 1,
  studentsPerSection: 15,
  assignmentsPerSection: Number(argument('--assignments') ?? 20),
};
const PHASES = [
  { label: '1 replica, shared interval', replicas: 1, spacing: 'shared' },
  { label: '3 replicas, shared interval', replicas: 3, spacing: 'shared' },
  { label: '3 replicas, per-replica spacing (before)', replicas: 3, spacing: 'per-replica' },
] as const;

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/sisbridge_bench_ptp_rate';
  await dropDatabase(databaseUrl).catch(() => undefined);
  await ensureDatabase(databaseUrl);
  const schoolYear = new Date().getUTCMonth() >= 6 ? new Date().getUTCFullYear() + 1 : new Date().getUTCFullYear();
  const district = benchDistrict(
    PHASES.map((_, index) => ({ layout: LAYOUT, idBase: 1000 + index * 1000 })),
    schoolYear,
  );
  print(
    `PTP minimum interval ${INTERVAL_MS} ms (limit ${(1000 / INTERVAL_MS).toFixed(1)} requests/s), margin ${MARGIN_MS ?? 'default'} ms (shared slots: at most ${(1000 / (INTERVAL_MS + (MARGIN_MS ?? Math.min(25, Math.ceil(INTERVAL_MS / 10))))).toFixed(1)} requests/s); per phase ${TEACHERS} teachers × ${LAYOUT.studentsPerSection} students × ${LAYOUT.assignmentsPerSection} assignments, passed back at once`,
  );

  const source = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const temporal = await startTemporalDevServer({ source });
  const canvas = await startCanvasSimulator({ throttle: false, processingTimeMs: 100 });
  const arrivals: number[] = [];
  const ptp = await startPtpSimulator({
    district: district.ptp,
    minIntervalMs: INTERVAL_MS,
    minIntervalNow: () => {
      const at = performance.now();
      arrivals.push(at);
      return at;
    },
  });
  const proxy = await new RecordingProxy(ptp.url).start();
  const running: ManagedProcess[] = [];
  try {
    await publishRoster(databaseUrl, district);
    await importIntoCanvas(canvas, district);
    await seedGradebooks(canvas, district, district.teachers, LAYOUT.assignmentsPerSection, false);
    const districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-bench-ptp-rate-')), 'districts.json');
    writeFileSync(
      districtsFile,
      JSON.stringify({
        districts: [
          {
            id: 'bench',
            name: 'Bench',
            timeZone: 'America/Chicago',
            schoolYear,
            sif: { zoneUrl: 'http://127.0.0.1:1/zone/unused' },
            canvas: { baseUrl: canvas.url, rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_BENCH' },
            ptp: {
              baseUrl: proxy.url,
              clientIdEnv: 'PTP_ID_BENCH',
              clientSecretEnv: 'PTP_SECRET_BENCH',
              minIntervalMs: INTERVAL_MS,
              ...(MARGIN_MS === undefined ? {} : { minIntervalMarginMs: MARGIN_MS }),
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
      PTP_ID_BENCH: ptp.clientId,
      PTP_SECRET_BENCH: ptp.clientSecret,
      RUN_MIGRATIONS_ON_START: 'true',
      LOG_LEVEL: 'warn',
    };
    running.push(await start('workflow-worker', env));
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });

    for (const [index, phase] of PHASES.entries()) {
      const replicas: ManagedProcess[] = [];
      for (let r = 0; r < phase.replicas; r++)
        replicas.push(await start('ptp-gradebook', { ...env, PTP_REQUEST_SPACING: phase.spacing }, `ptp-gradebook-${r + 1}`));
      const teachers = district.teachers.slice(index * TEACHERS, (index + 1) * TEACHERS);
      const [fromExchange, fromArrival] = [proxy.mark(), arrivals.length];
      const started = performance.now();
      const results = await Promise.all(
        teachers.map((teacher) =>
          client.workflow.execute<PassbackWorkflow>(
            PASSBACK_WORKFLOW,
            passbackStartOptions({ districtId: 'bench', teacherSisId: teacher.sisId, trigger: 'cli' }),
          ),
        ),
      );
      const wall = performance.now() - started;
      const exchanges = proxy.exchanges.slice(fromExchange).filter((e) => e.path.startsWith('/ws/'));
      const refused = exchanges.filter((e) => e.status === 429).length;
      const accepted = exchanges.length - refused;
      const seen = arrivals.slice(fromArrival);
      const gaps = seen.slice(1).map((at, i) => at - (seen[i] as number));
      print(
        `\n${phase.label}: ${results.filter((r) => r.outcome === 'completed').length}/${teachers.length} passbacks completed in ${seconds(wall)}`,
      );
      print(
        `  ${accepted} PTP requests accepted, ${refused} refused as too early; ${(accepted / (wall / 1000)).toFixed(1)} accepted requests/s = ${((100 * accepted) / (wall / 1000) / (1000 / INTERVAL_MS)).toFixed(0)}% of the limit (${(1000 / INTERVAL_MS).toFixed(1)}/s)`,
      );
      print(`  closest two arrivals ${gaps.length ? Math.min(...gaps).toFixed(1) : '-'} ms apart (interval ${INTERVAL_MS} ms)`);
      for (const replica of replicas) await replica.stop(30_000);
    }
    await client.connection.close();
  } finally {
    for (const component of running) await component.stop(30_000);
    await Promise.all([canvas.close(), ptp.close(), proxy.close()]);
    await temporal.teardown();
  }
}

async function start(
  name: 'ptp-gradebook' | 'workflow-worker',
  env: Record<string, string>,
  processName?: string,
): Promise<ManagedProcess> {
  const port = await freePort();
  const component = startComponent(name, {
    port,
    env: { ...env, METRICS_PORT: String(await freePort()) },
    ...(processName ? { processName } : {}),
  });
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 120_000, process: component });
  return component;
}

runBench('ptp-rate', main);
