import { resolveTemporalCli } from '@sisbridge/local-infra';
import { DISTRICT_SIZES, type DistrictSize } from '@sisbridge/sandbox-district';
import { ScratchPostgres } from './infrastructure/scratch-postgres';
import { runNight } from './night/night';
import { NightSteps } from './night/night-steps';
import { chooseTeachers } from './night/teacher-gradebooks';
import { churnOnePercent } from './soak/district-churn';
import { PeakRss, pidsWhere, withChildren } from './soak/peak-rss';
import { tableSizes, type TableSize } from './soak/table-sizes';
import { ChaosWorld } from './world/chaos-world';

/**
 * `npm run soak`: a week of nights of a `medium` district, compressed in time: every night 1% of
 * the district changes in PowerSchool, provisioning runs (with the category sync it starts), the
 * teachers grade a new assignment in each of their sections and the nightly passback sends it.
 * After each night it prints every process's peak RSS during that night and every sisbridge
 * table's rows and bytes; at the end, the tables that still grew over the last nights (retention
 * should hold each to a few nights' worth). Exits non-zero if a night failed or a table kept growing.
 *
 *   npm run soak                      # 7 nights of medium
 *   npm run soak -- --nights 3 --size small
 */
const MiB = 1024 * 1024;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    print('npm run soak -- [--nights N (default 7)] [--size tiny|small|medium|large (default medium)] [--teachers N (default 10)]');
    return 0;
  }
  const nights = Number(argument('--nights') ?? 7);
  const size = (argument('--size') ?? 'medium') as DistrictSize;
  const teacherCount = Number(argument('--teachers') ?? 10);
  if (!Number.isInteger(nights) || nights < 1) throw new Error(`--nights must be a whole number of at least 1`);
  if (!DISTRICT_SIZES.includes(size)) throw new Error(`--size must be one of ${DISTRICT_SIZES.join(', ')} (got ${size})`);
  if (!Number.isInteger(teacherCount) || teacherCount < 1) throw new Error(`--teachers must be a whole number of at least 1`);
  const started = Date.now();
  const temporalCli = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const postgres = await ScratchPostgres.create();
  const interrupted = new AbortController();
  process.once('SIGINT', () => interrupted.abort());
  process.once('SIGTERM', () => interrupted.abort());
  let world: ChaosWorld | undefined;
  const sizes: TableSize[][] = [];
  let failed = false;
  try {
    world = await ChaosWorld.start(
      { slug: 'soak', size, seed: 42, canvasThrottle: false, canvasRequestsPerSecond: 1000, maxConcurrentTeachers: 4 },
      { postgres, temporalCli },
    );
    const activeWorld = world;
    const teachers = chooseTeachers(world.ptpDistrict, teacherCount, 3);
    const memory = new PeakRss(everyProcess(activeWorld, postgres));
    memory.start();
    print(`soak: ${nights} nights of a ${size} district (seed 42), 1% churn a night, ${teacherCount} teachers grading every day`);
    for (let night = 1; night <= nights && !interrupted.signal.aborted; night++) {
      const today = new Date().toISOString().slice(0, 10);
      if (night > 1) {
        const churn = churnOnePercent(world.zone, world.district, night, today);
        print(
          `\nnight ${night}: PowerSchool changed: ${churn.renamed} students renamed, ${churn.dropped} section enrollments dropped, ${churn.added} added`,
        );
      } else print(`\nnight 1: the first provisioning`);
      memory.takePeaks();
      const report = await runNight(world, {
        deadline: Date.now() + 20 * 60_000,
        signal: interrupted.signal,
        steps: new NightSteps(),
        seedTeachers: teachers,
        assignments:
          night === 1
            ? { names: ['Chaos Quiz 1', 'Chaos Quiz 2', 'Chaos Quiz 3'], firstNumber: 0 }
            : { names: [`Night ${night} Quiz`], firstNumber: night + 1 },
      });
      const peaks = memory.takePeaks();
      print(
        `  ${(report.wallMs / 1000).toFixed(0)} s: provisioning ${report.provisioning.outcome}; categories ${report.categories.teachers} teachers (${report.categories.failed} failed); passback ${report.passback.totals.completed} completed, ${report.passback.totals.completedWithErrors} with errors, ${report.passback.totals.failed} failed`,
      );
      if (report.categories.failed > 0 || report.passback.totals.failed > 0) failed = true;
      print(`  peak RSS: ${[...peaks].map(([name, bytes]) => `${name} ${(bytes / MiB).toFixed(0)} MiB`).join(', ')}`);
      const tonight = await tableSizes(world.databaseUrl);
      sizes.push(tonight);
      for (const table of tonight)
        print(`  ${table.table.padEnd(48)} ${String(table.rows).padStart(9)} rows ${(table.bytes / MiB).toFixed(1).padStart(8)} MiB`);
    }
    memory.stop();
  } catch (error) {
    failed = true;
    print(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await world?.close().catch(() => undefined);
    await postgres.destroy();
  }
  const growing = stillGrowing(sizes);
  print(`\nrows per table, night by night:`);
  for (const table of sizes.at(-1) ?? []) {
    const history = sizes.map((night) => night.find((t) => t.table === table.table)?.rows ?? 0);
    if (history.every((rows) => rows === 0)) continue;
    print(
      `  ${table.table.padEnd(48)} ${history.map((rows) => String(rows).padStart(8)).join(' ')}${growing.includes(table.table) ? '  ← still growing' : ''}`,
    );
  }
  print(
    `\n${growing.length === 0 ? 'every table is bounded' : `${growing.length} tables kept growing (retention by age cannot act within a compressed week): ${growing.join(', ')}`}; ${((Date.now() - started) / 60_000).toFixed(1)} min in all`,
  );
  return failed || growing.length > 0 ? 1 : 0;
}

/**
 * Every process of the soak: the services and the workflow worker, this process (the harness and
 * the three simulators, which run in it), the Temporal dev server, and the scratch Postgres (its
 * server and backends, summed). The servers' pids are looked up again every 5 s (a restart).
 */
function everyProcess(world: ChaosWorld, postgres: ScratchPostgres): () => Array<{ name: string; pid: number | undefined }> {
  let servers: Array<{ name: string; pid: number | undefined }> = [];
  let lookedUp = 0;
  return () => {
    if (Date.now() - lookedUp > 5_000) {
      lookedUp = Date.now();
      const temporal = pidsWhere((line) => line.includes('start-dev') && line.includes(`--port ${world.temporal.port}`));
      const postgresPid = postgres.serverPid();
      servers = [
        ...temporal.map((pid) => ({ name: 'temporal dev server', pid })),
        ...(postgresPid ? withChildren(postgresPid) : []).map((pid) => ({ name: 'postgres (server + backends)', pid })),
      ];
    }
    return [...world.system.pids(), { name: 'harness + simulators', pid: process.pid }, ...servers];
  };
}

/**
 * Tables whose rows grew by 1% or more on each of the last three nights: retention keeps a few nights' worth,
 * so from the fourth night on a bounded table stays level (or moves with the district's churn,
 * up and down), while one without retention grows by about a night's worth every night.
 */
function stillGrowing(sizes: TableSize[][]): string[] {
  if (sizes.length < 5) return [];
  const last = sizes.slice(-4);
  const tables = new Set(last.flatMap((night) => night.map((t) => t.table)));
  return [...tables].filter((table) => {
    const rows = last.map((night) => night.find((t) => t.table === table)?.rows ?? 0);
    // By at least 1% a night: a bounded table moves a little with the district's churn (a few rows in thousands).
    return rows.every((n, i) => i === 0 || n > (rows[i - 1] ?? 0) * 1.01);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
