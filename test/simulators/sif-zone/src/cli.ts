import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  countObjects,
  describeSifDirectoryReading,
  DISTRICT_SIZES,
  EXIT_DATE_SEMANTICS,
  generateDistrict,
  readSifDirectory,
  SIF_OBJECT_NAMES,
  writeSifDirectory,
  type DistrictSize,
  type ExitDateSemantics,
  type SandboxDistrict,
} from '@sisbridge/sandbox-district';
import { describeFaultSpec, parseFaultSpec } from '@sisbridge/sim-common';
import { DELETE_EVENT_KEYS, type DeleteEventKeys } from './dataset/event-objects';
import type { YearlessSchoolYear } from './requests/sif-query';
import { CHANGE_KINDS, parseChangeMix } from './intraday/change-mix';
import { startSifZoneSimulator, type SifZoneSimulator } from './zone/start-sif-zone-simulator';
import type { AckSourceId, Paging } from './zone/zone-options';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return Number(value);
  };
}

function faults(value: string): string {
  try {
    parseFaultSpec(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return value;
}

interface CliOptions {
  port: number;
  zoneId: string;
  size: DistrictSize;
  seed: number;
  schoolYear?: number;
  data?: string;
  export?: string;
  faults?: string;
  allowSourceId?: string[];
  deleteEvents: boolean;
  deleteEventKeys: DeleteEventKeys;
  innerXmlns: boolean;
  ackSourceId: AckSourceId;
  paging: Paging;
  yearlessSchoolYear: YearlessSchoolYear;
  exitDates: ExitDateSemantics;
  dcidElement: string;
  timestamps: 'offset' | 'no-offset';
  providerVersion: string;
  minBufferSize: number;
  quiet: boolean;
  pushSecret?: string;
  eventRate?: number;
  eventMix?: string;
  eventSeed: number;
  eventTotal?: number;
  eventDuration?: number;
  eventStart: 'subscribed' | 'now';
}

/**
 * `npm run sim:sif -- --port P [--size S --seed N | --data DIR] [--faults SPEC]`: the SIF zone
 * simulator as a process. Prints the zone URL once it is ready; Ctrl-C stops it.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('npm run sim:sif --')
    .description('A SIF 2.x Zone Integration Server with PowerSchool as the provider of a sandbox district, on 127.0.0.1.')
    .option('--port <port>', 'port to listen on (0 picks a free one)', integer('--port', 0, 65_535), 7080)
    .option('--zone-id <id>', 'zone id (case-sensitive): agents POST to /zone/<id>', 'SandboxZone')
    .addOption(new Option('--size <size>', 'generated district size').choices(DISTRICT_SIZES).default('small'))
    .option('--seed <n>', 'generated district seed', integer('--seed', 0, Number.MAX_SAFE_INTEGER), 1)
    .option(
      '--school-year <year>',
      'SIF SchoolYear of the generated district (the year it ends); default the current one',
      integer('--school-year', 1992, 9999),
    )
    .option('--data <dir>', 'serve the district in this directory of SIF XML files instead of generating one')
    .option('--export <dir>', 'also write the district served as SIF XML files into this (empty) directory')
    .option('--faults <spec>', 'fault injection, e.g. latency=50ms,5xx=0.05,drop=0.01,slow=0.01:2s,duplicate=0.05,seed=7', faults)
    .option('--allow-source-id <id...>', 'only these SourceIds may register (default: any agent)')
    .option('--delete-events', 'report Delete events (off by default, as in PowerSchool)', false)
    .addOption(new Option('--delete-event-keys <keys>', 'what a Delete event carries [U]').choices(DELETE_EVENT_KEYS).default('refid'))
    .option('--inner-xmlns', 'repeat xmlns on the SIF_Message nested in a pull ack [U] (PowerSchool zones leave it out)', false)
    .addOption(new Option('--ack-source-id <whose>', "SourceId in the zone's own acks [U]").choices(['zis', 'agent']).default('zis'))
    .addOption(new Option('--paging <paging>', 'objects per SIF_Response packet').choices(['fill', 'one-per-packet']).default('fill'))
    .addOption(
      new Option('--yearless-school-year <how>', '@SchoolYear conditions on objects without a SchoolYear [U]')
        .choices(['ignore', 'reject'])
        .default('ignore'),
    )
    .addOption(
      new Option('--exit-dates <reading>', 'ExitDate reading of the generated district [U]')
        .choices(EXIT_DATE_SEMANTICS)
        .default('day-after-last-attended'),
    )
    .option('--dcid-element <name>', 'SIF_ExtendedElement carrying DCIDs, or "none" [U]', 'DCID')
    .addOption(
      new Option('--timestamps <form>', 'SIF_Timestamp with or without the UTC offset [U]')
        .choices(['offset', 'no-offset'])
        .default('offset'),
    )
    .option('--provider-version <version>', "PowerSchool agent's SIF version, used for agents that register only wildcards", '2.4')
    .option(
      '--min-buffer-size <bytes>',
      'smallest SIF_MaxBufferSize an agent may register',
      integer('--min-buffer-size', 1, 1_000_000_000),
      4096,
    )
    .option('--quiet', 'print only the ready line', false)
    .addOption(
      new Option('--push-secret <secret>', 'sign every push with this shared secret (HMAC-SHA256 of "<timestamp>.<body>")').env(
        'SIF_PUSH_SECRET',
      ),
    )
    .option('--event-rate <n>', 'publish a school day of changes as SIF_Events, this many events per minute', positive('--event-rate'))
    .option(
      '--event-mix <mix>',
      `weights per kind of change, e.g. new-student=3,drop=2,duplicate=0 (kinds: ${CHANGE_KINDS.join(', ')})`,
      mix,
    )
    .option('--event-seed <n>', 'the same seed publishes the same changes', integer('--event-seed', 0, Number.MAX_SAFE_INTEGER), 1)
    .option('--event-total <n>', 'stop after this many events', positive('--event-total'))
    .option('--event-duration <seconds>', 'stop after this many seconds', positive('--event-duration'))
    .addOption(
      new Option('--event-start <when>', 'start publishing once an agent subscribes, or at once (events nobody subscribes to reach nobody)')
        .choices(['subscribed', 'now'])
        .default('subscribed'),
    )
    .parse(process.argv);
  const options = program.opts<CliOptions>();
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const dcidElementName = options.dcidElement === 'none' ? null : options.dcidElement;

  let district: SandboxDistrict;
  if (options.data) {
    const reading = await readSifDirectory(options.data, { dcidElementName });
    district = reading.district;
    if (!options.quiet) {
      print(
        `district read from ${options.data}: SchoolYear ${district.schoolYear}, DCIDs ${district.dcidElementName ? `in SIF_ExtendedElement ${district.dcidElementName}` : 'not published'}`,
      );
      for (const line of describeSifDirectoryReading(reading)) print(`  ${line}`);
    }
  } else {
    const started = Date.now();
    district = generateDistrict({
      size: options.size,
      seed: options.seed,
      ...(options.schoolYear === undefined ? {} : { schoolYear: options.schoolYear }),
      exitDateSemantics: options.exitDates,
      dcidElementName,
    });
    if (!options.quiet)
      print(
        `district generated: size ${district.size}, seed ${district.seed}, SchoolYear ${district.schoolYear} (${Date.now() - started} ms)`,
      );
  }
  if (!options.quiet) {
    const counts = countObjects(district);
    print(`  ${SIF_OBJECT_NAMES.map((name) => `${name} ${counts[name]}`).join(', ')}`);
  }
  if (options.export) {
    await writeSifDirectory(district, options.export);
    if (!options.quiet) print(`district written as SIF XML to ${options.export}`);
  }

  const zone = await startSifZoneSimulator({
    district,
    port: options.port,
    zoneId: options.zoneId,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.allowSourceId ? { restrictSourceIds: options.allowSourceId } : {}),
    deleteEvents: options.deleteEvents,
    deleteEventKeys: options.deleteEventKeys,
    innerMessageXmlns: options.innerXmlns,
    ackSourceId: options.ackSourceId,
    paging: options.paging,
    yearlessSchoolYear: options.yearlessSchoolYear,
    timestampOffset: options.timestamps === 'offset',
    providerVersion: options.providerVersion,
    minBufferSize: options.minBufferSize,
    ...(options.pushSecret ? { pushSecret: options.pushSecret } : {}),
    ...(options.quiet ? {} : { log: (line: string) => print(line) }),
  });
  if (!options.quiet) {
    print(
      `faults: ${describeFaultSpec(parseFaultSpec(options.faults))}; agents: ${options.allowSourceId ? options.allowSourceId.join(', ') : 'any SourceId may register'}`,
    );
    print(`admin: ${zone.url}/__admin/state`);
  }
  print(`SIF zone ready: ${zone.zoneUrl}`);
  if (options.eventRate !== undefined) void publishEvents(zone, options, options.quiet ? () => undefined : print);

  const stop = () => {
    void zone.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `--event-rate`: the stream, started at once or when the first agent subscribes to a student's objects. */
async function publishEvents(zone: SifZoneSimulator, options: CliOptions, print: (line: string) => void): Promise<void> {
  if (options.eventStart === 'subscribed') {
    print('event stream: waiting for an agent to subscribe to StudentPersonal');
    while (zone.context.agents.subscribersOf('StudentPersonal').length === 0) await sleep(500);
  }
  const stream = zone.startEventStream({
    rate: options.eventRate ?? 1,
    seed: options.eventSeed,
    ...(options.eventMix ? { mix: options.eventMix } : {}),
    ...(options.eventTotal ? { total: options.eventTotal } : {}),
    ...(options.eventDuration ? { durationMs: options.eventDuration * 1000 } : {}),
    onChange: (change) =>
      print(
        `event stream: #${change.seq} ${change.kind} (${change.events.length} events, to ${[...new Set(change.events.flatMap((event) => event.deliveredTo))].join(', ') || 'nobody'})`,
      ),
  });
  const report = await stream.finished;
  print(
    `event stream stopped (${report.stopReason ?? 'stopped'}${report.error ? `: ${report.error}` : ''}): ${report.events} events in ${report.changes.length} changes; report at ${zone.url}/__admin/events/stream`,
  );
}

function positive(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`${name} must be a number above 0.`);
    return number;
  };
}

function mix(value: string): string {
  try {
    parseChangeMix(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`sim:sif: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
