import { resolveTemporalCli } from '@sisbridge/local-infra';
import { DISTRICT_SIZES, type DistrictSize } from '@sisbridge/sandbox-district';
import { ScratchPostgres } from './infrastructure/scratch-postgres';
import { chaosRow, formatTable, type ChaosRow } from './matrix/chaos-table';
import { runScenario, type ScenarioRun } from './matrix/run-scenario';
import { chooseTeachers } from './night/teacher-gradebooks';
import { faultFree } from './scenarios/fault-free';
import { SCENARIOS } from './scenarios/matrix';
import type { WorldSettings } from './world/chaos-world';

const USAGE = `npm run chaos -- [--size tiny|small|medium|large] [--seed N] [--teachers N] [--only slug,slug,…] [--list]

  --size      the generated district (default medium)
  --seed      the generator's seed (default 42)
  --teachers  teachers who grade in Canvas and pass back (default 10)
  --only      the fault-free reference and only these scenarios (comma-separated slugs; see --list)
  --list      print the scenarios' slugs and names, and exit`;

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
/** A wrong command line: printed as it is, with no stack. */
class UsageError extends Error {}

const OPTIONS = new Set(['--size', '--seed', '--teachers', '--only']);
const FLAGS = new Set(['--list', '--help', '-h']);

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value\n\n${USAGE}`);
  return value;
}

function checkArguments(): void {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (OPTIONS.has(arg)) i++;
    else if (!FLAGS.has(arg)) throw new UsageError(`unknown argument ${arg}\n\n${USAGE}`);
  }
}

function positiveInteger(name: string, fallback: number): number {
  const text = argument(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${name} must be a whole number (got ${text})`);
  return value;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  checkArguments();
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    print(USAGE);
    return 0;
  }
  if (process.argv.includes('--list')) {
    for (const scenario of [faultFree, ...SCENARIOS]) print(`${scenario.slug.padEnd(24)} ${scenario.name}`);
    return 0;
  }
  const size = (argument('--size') ?? 'medium') as DistrictSize;
  if (!DISTRICT_SIZES.includes(size)) throw new UsageError(`--size must be one of ${DISTRICT_SIZES.join(', ')} (got ${size})`);
  const only = argument('--only')?.split(',');
  const unknown = only?.filter((slug) => slug !== faultFree.slug && !SCENARIOS.some((s) => s.slug === slug)) ?? [];
  if (unknown.length > 0) throw new UsageError(`unknown scenario ${unknown.join(', ')} (npm run chaos -- --list)`);
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.slug));
  const settings: Omit<WorldSettings, 'slug'> = {
    size,
    seed: positiveInteger('--seed', 42),
    canvasThrottle: false,
    canvasRequestsPerSecond: 1000,
    maxConcurrentTeachers: 4,
  };
  const teacherCount = positiveInteger('--teachers', 10);
  const started = Date.now();
  print(
    `chaos: a ${settings.size} district (seed ${settings.seed}), ${teacherCount} teachers passing back; ${scenarios.length} scenarios after the fault-free reference`,
  );

  const temporalCli = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const postgres = await ScratchPostgres.create();
  print(`scratch Postgres on 127.0.0.1:${postgres.port} (${postgres.directory})`);
  const interrupted = new AbortController();
  // The first Ctrl-C tears the scenario's world down and stops; a second one exits at once.
  const interrupt = () => {
    if (interrupted.signal.aborted) process.exit(130);
    print('\ninterrupted: tearing the world down (again to exit at once)');
    interrupted.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
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
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
