import { resolveTemporalCli } from '@sisbridge/local-infra';
import type { DistrictSize } from '@sisbridge/sandbox-district';
import { ScratchPostgres } from './infrastructure/scratch-postgres';
import { chaosRow, formatTable, type ChaosRow } from './matrix/chaos-table';
import { runScenario, type ScenarioRun } from './matrix/run-scenario';
import { chooseTeachers } from './night/teacher-gradebooks';
import { faultFree } from './scenarios/fault-free';
import { SCENARIOS } from './scenarios/matrix';
import type { WorldSettings } from './world/chaos-world';

/**
 * `npm run chaos`: provisioning of a `medium` district and a nightly passback under each fault of
 * the matrix, each against a fault-free run of the same district, on loopback only, with servers
 * of its own (a scratch Postgres, a Temporal dev server per scenario). Prints a row as each
 * scenario ends and the whole table at the end; exits non-zero if any row did not survive.
 *
 *   npm run chaos                              # the whole matrix
 *   npm run chaos -- --only kill-sif-ingest    # the reference and the scenarios named (comma-separated slugs)
 *   npm run chaos -- --only fault-free         # the reference alone
 *   npm run chaos -- --list                    # the scenarios' slugs
 */
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  if (process.argv.includes('--list')) {
    for (const scenario of SCENARIOS) print(`${scenario.slug.padEnd(24)} ${scenario.name}`);
    return 0;
  }
  const only = argument('--only')?.split(',');
  const unknown = only?.filter((slug) => slug !== faultFree.slug && !SCENARIOS.some((s) => s.slug === slug)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')} (npm run chaos -- --list)`);
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.slug));
  const settings: Omit<WorldSettings, 'slug'> = {
    size: (argument('--size') ?? 'medium') as DistrictSize,
    seed: Number(argument('--seed') ?? 42),
    canvasThrottle: false,
    canvasRequestsPerSecond: 1000,
    maxConcurrentTeachers: 4,
  };
  const teacherCount = Number(argument('--teachers') ?? 10);
  const started = Date.now();
  print(
    `chaos: a ${settings.size} district (seed ${settings.seed}), ${teacherCount} teachers passing back; ${scenarios.length} scenarios after the fault-free reference`,
  );

  const temporalCli = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const postgres = await ScratchPostgres.create();
  print(`scratch Postgres on 127.0.0.1:${postgres.port} (${postgres.directory})`);
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const rows: ChaosRow[] = [];
  try {
    const shared = { postgres, temporalCli };
    const teachers = (world: { ptpDistrict: Parameters<typeof chooseTeachers>[0] }) => chooseTeachers(world.ptpDistrict, teacherCount, 3);
    const runOne = async (scenario: (typeof SCENARIOS)[number]): Promise<ScenarioRun> => {
      print(`\n▶ ${scenario.name} (limit ${scenario.timeLimitMs / 60_000} min)`);
      const run = await runScenario(scenario, { ...settings, slug: scenario.slug }, shared, teachers, print, interrupted.signal);
      print(
        `  ${run.outcome} in ${(run.wallMs / 1000).toFixed(0)} s${run.night ? ` (night ${(run.night.wallMs / 1000).toFixed(0)} s)` : ''}`,
      );
      return run;
    };
    const reference = await runOne(faultFree);
    const referenceRow = chaosRow(reference, reference);
    rows.push(referenceRow);
    for (const line of referenceRow.details) print(`  ${line}`);
    if (reference.outcome !== 'survived') throw new Error(`the fault-free run did not finish: ${reference.error ?? reference.outcome}`);
    // A reference that passed nothing back would make every PTP comparison empty, and so meaningless.
    const passedBack = reference.night?.passback.totals.completed ?? 0;
    if (passedBack < teacherCount)
      throw new Error(
        `the fault-free night passed back ${passedBack} teachers' courses, fewer than the ${teacherCount} teachers who graded`,
      );
    for (const scenario of scenarios) {
      if (interrupted.signal.aborted) break;
      const row = chaosRow(await runOne(scenario), reference);
      rows.push(row);
      print(
        `  ${row.passed ? 'PASS' : 'FAIL'}: Canvas ${row.canvasEqual ? 'equal' : 'NOT equal'}, PTP ${row.ptpEqual ? 'equal' : 'NOT equal'}; duplicates ${row.duplicates}; lost ${row.lost}`,
      );
      for (const line of row.details) print(`  ${line}`);
    }
  } finally {
    await postgres.destroy();
  }
  if (interrupted.signal.aborted) return 130;
  print(`\n${formatTable(rows)}\n`);
  const failed = rows.filter((row) => !row.passed);
  print(`${rows.length - failed.length} of ${rows.length} rows survived; ${((Date.now() - started) / 60_000).toFixed(1)} min in all`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
