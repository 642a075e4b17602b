#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { DISTRICT_SIZES, type DistrictSize } from '@sisbridge/sandbox-district';
import { describeFaultSpec, parseFaultSpec } from '@sisbridge/sim-common';
import { loadPtpDistrict } from './district/load-district';
import { parseReadings } from './ptp-readings';
import { DEFAULT_PTP_CLIENT_ID, DEFAULT_PTP_CLIENT_SECRET, startPtpSimulator } from './ptp-simulator';

/** `npm run sim:ptp -- --port 4200 [--size S --seed N | --data DIR]`: a simulated PowerTeacher Pro until Ctrl-C. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('sim:ptp')
    .description('A simulated PowerSchool PowerTeacher Pro (plugin OAuth and /ws/xte) on 127.0.0.1, on the sandbox district.')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer, 4200)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .addOption(new Option('--size <size>', 'generated district size').choices(DISTRICT_SIZES).default('small'))
    .option('--seed <n>', 'generated district seed', integer, 1)
    .option('--data <dir>', 'read the district from these SIF XML files instead of generating it')
    .option('--client-id <id>', 'plugin client id', DEFAULT_PTP_CLIENT_ID)
    .option('--client-secret <secret>', 'plugin client secret', DEFAULT_PTP_CLIENT_SECRET)
    .option('--token-lifetime <seconds>', 'access token lifetime', integer, 30 * 24 * 3600)
    .option('--min-interval <ms>', 'minimum time between two API requests of the plugin (0 = off)', integer, 0)
    .option('--resubmit-rate <share>', 'share of writes answered 412 "Resubmit"', share, 0)
    .option('--lock <storecodes>', 'locked store codes, e.g. Q1,S1')
    .option('--reading <readings>', 'the [U] readings, e.g. scoreBatchConflicts=per-row,yearIdZero=empty')
    .option('--faults <spec>', 'injected faults, e.g. latency=50ms,5xx=0.05,drop=0.01,seed=7')
    .parse(argv);
  const options = program.opts<{
    port: number;
    host: string;
    size: DistrictSize;
    seed: number;
    data?: string;
    clientId: string;
    clientSecret: string;
    tokenLifetime: number;
    minInterval: number;
    resubmitRate: number;
    lock?: string;
    reading?: string;
    faults?: string;
  }>();
  const readings = parseReadings(options.reading);
  const faults = parseFaultSpec(options.faults);
  const { district, skipped } = await loadPtpDistrict(
    options.data ? { dataDir: options.data } : { size: options.size, seed: options.seed },
  );
  const simulator = await startPtpSimulator({
    district,
    port: options.port,
    host: options.host,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenLifetimeSeconds: options.tokenLifetime,
    minIntervalMs: options.minInterval,
    resubmitRate: options.resubmitRate,
    readings,
    locks: {
      storecodes: options.lock
        ? options.lock
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    },
    faults,
  });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const sample = district.teachers.find((t) =>
    district.sections.some((s) => s.yearid === district.yearid && s.teachers.includes(t.users_dcid)),
  );
  print(`PowerTeacher Pro simulator ready at ${simulator.url}`);
  print(`  client id:     ${simulator.clientId}`);
  print(`  client secret: ${simulator.clientSecret}`);
  print(`  token:         POST ${simulator.url}/oauth/access_token (Basic client id:secret, grant_type=client_credentials)`);
  print(
    `  district:      ${options.data ? `SIF files in ${options.data}` : `${options.size}, seed ${options.seed}`}: ${district.teachers.length} teachers, ${district.sections.length} sections, year_id ${district.yearid}`,
  );
  for (const line of skipped) print(`  skipped:       ${line}`);
  if (sample) print(`  try:           GET /ws/xte/teacher_category?users_dcid=${sample.users_dcid}&year_id=${district.yearid}`);
  print(
    `  readings:      ${Object.entries(readings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  print(`  faults:        ${describeFaultSpec(faults)}`);
  print(`  state:         ${simulator.url}/__admin/state, teachers: ${simulator.url}/__admin/teachers`);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function integer(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed < 0 || String(parsed) !== value.trim()) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}

function share(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError('must be a share between 0 and 1');
  return parsed;
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`sim:ptp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
