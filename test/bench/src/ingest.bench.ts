import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SaxesParser } from 'saxes';
import type { DataSource } from 'typeorm';
import { DistrictRegistry, parseDistricts } from '@sisbridge/district-config';
import { createServiceDataSource, ensureDatabase, runMigrations } from '@sisbridge/persistence';
import { ROSTER_KINDS, type RosterEntity } from '@sisbridge/roster';
import { RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';
import { barePull } from './bare-pull';
import { argument, firstLine, MiB, print, runBench, seconds } from './bench-cli';

/**
 * `npm run bench:ingest -- --size large`: a full ingest of a generated district from the SIF
 * zone simulator (in a process of its own) into Postgres, with wall time, objects/s, this
 * process's peak RSS and where the time went, phase by phase; a bare streaming parse (saxes, no
 * handlers) of the same bytes, timed in the same run, for the throughput ratio; the protocol's
 * floor against this zone (the same requests pulled with nothing done with the bytes); the same
 * pull again (a night with no change); a version with 1% of the entities changed, diffed; and
 * 100 mixed SIF_Events applied to the district and diffed (the intra-day path). With each, the
 * rows Postgres wrote in sif_ingest and roster. Loopback only. Prints figures; asserts nothing.
 * Each run first deletes what earlier bench runs left (district `bench` only), so that runs
 * start from the same tables.
 */
const REPO_ROOT = resolve(__dirname, '../../..');

interface IngestLike {
  ingest(
    input: { districtId: string; runId: string },
    context: { progress: () => void; signal: AbortSignal; log: () => void },
  ): Promise<{ counts: Record<string, number>; rejected: number }>;
}
type PhaseTotals = Map<string, { ms: number; count: number }>;
interface PhaseMetrics {
  phaseTotals(): Promise<PhaseTotals>;
  phaseFiguresBetween(before: PhaseTotals, after: PhaseTotals): Array<{ phase: string; label: string; ms: number; count: number }>;
}
interface EventApplierLike {
  apply(
    input: { districtId: string; runId: string },
    context: { progress: () => void; signal: AbortSignal; log: () => void },
  ): Promise<{ eventsApplied: number; eventsWaiting?: number; rejected: number }>;
}
interface IngestOptionsLike {
  onZoneBytes?: (chunk: Uint8Array) => void;
  onZoneResponse?: () => void;
}

/** Objects whose requests the agent filters by @SchoolYear (as DistrictIngest does), for the bare pull. */
const WITH_SCHOOL_YEAR = new Set([
  'TermInfo',
  'SchoolCourseInfo',
  'SectionInfo',
  'StaffAssignment',
  'StudentSchoolEnrollment',
  'StudentSectionEnrollment',
]);
const MAX_BUFFER_SIZE = Number(argument('--buffer') ?? 1_048_576);

async function main(): Promise<void> {
  const size = argument('--size') ?? 'small';
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/sisbridge_bench';
  await ensureDatabase(databaseUrl);
  // The service is loaded from its compiled output: a benchmark measures what production runs.
  const { sifIngestPersistence } = require(join(REPO_ROOT, 'services/sif-ingest/dist/persistence/sif-ingest.persistence.js')) as {
    sifIngestPersistence: { schema: 'sif_ingest'; entities: []; migrations: [] };
  };
  const metrics = require(join(REPO_ROOT, 'services/sif-ingest/dist/observability/ingest-phase-metrics.js')) as PhaseMetrics;
  const dataSource = createServiceDataSource({ url: databaseUrl, ...sifIngestPersistence, applicationName: 'bench', poolSize: 6 });
  await runMigrations(dataSource);
  await dataSource.initialize();
  await forgetEarlierRuns(dataSource);

  const started = Date.now();
  const zone = spawn(process.execPath, [join(__dirname, 'zone-process.js'), size], { stdio: ['ignore', 'pipe', 'inherit'] });
  // However this process ends (a failure, a closed pipe), the zone does not outlive it.
  process.once('exit', () => {
    if (zone.exitCode === null && zone.signalCode === null) zone.kill('SIGKILL');
  });
  const { zoneUrl, schoolYear } = JSON.parse(await firstLine(zone.stdout)) as { zoneUrl: string; schoolYear: number };
  print(`district ${size} generated and served in ${seconds(Date.now() - started)}`);

  const districts = parseDistricts('bench', 'bench', {
    districts: [
      {
        id: 'bench',
        name: 'Bench',
        timeZone: 'America/Chicago',
        schoolYear,
        sif: { zoneUrl, pollIntervalSeconds: 0.05, minShareOfLastSnapshot: 0, maxBufferSize: MAX_BUFFER_SIZE },
        canvas: { baseUrl: 'http://127.0.0.1:1', rootAccountId: 1, tokenEnv: 'UNUSED' },
      },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'sisbridge-bench-'));
  const capture = createWriteStream(join(dir, 'bytes'));
  const boundaries: number[] = [];
  let captured = 0;
  const snapshots = new RosterSnapshots(dataSource);
  const { ingest, events } = sifIngest(dataSource, new DistrictRegistry(districts), snapshots, {
    onZoneResponse: () => boundaries.push(captured),
    onZoneBytes: (chunk) => {
      captured += chunk.byteLength;
      capture.write(chunk);
    },
  });
  const phasesBefore = await metrics.phaseTotals();
  const runId = randomUUID();
  const firstRowsBefore = await rowsWritten(dataSource);
  const zoneCpuBefore = cpuSecondsOf(zone.pid);
  const postgresCpuBefore = await postgresCpu(dataSource);
  const cpuBefore = process.cpuUsage();
  const t0 = Date.now();
  const result = await ingest.ingest(
    { districtId: 'bench', runId },
    { progress: () => undefined, signal: new AbortController().signal, log: () => undefined },
  );
  const ingestMs = Date.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  const zoneCpu = cpuSecondsOf(zone.pid) - zoneCpuBefore;
  const postgresCpuSpent = postgresCpuSince(postgresCpuBefore, await postgresCpu(dataSource));
  await new Promise<void>((done) => capture.end(done));
  const rss = process.resourceUsage().maxRSS * 1024;
  const received: Array<{ n: string | null }> = await dataSource.query(
    `SELECT sum(objects_received) AS n FROM sif_ingest.sif_request WHERE run_id = $1 AND status <> 'superseded'`,
    [runId],
  );
  const objects = Number(received[0]?.n ?? 0) + result.rejected;
  print(
    `ingest: ${seconds(ingestMs)} wall, ${objects} SIF objects (${Math.round(objects / (ingestMs / 1000))} objects/s), ${(captured / MiB).toFixed(1)} MiB received in ${boundaries.length} exchanges (SIF_MaxBufferSize ${MAX_BUFFER_SIZE})`,
  );
  print(`snapshot: ${JSON.stringify(result.counts)}, ${result.rejected} rejected`);
  print(`rows written by the ingest (first run): ${rowsDelta(firstRowsBefore, await rowsWritten(dataSource))}`);
  print(`peak RSS of the ingesting process: ${(rss / MiB).toFixed(0)} MiB`);
  print(
    `CPU during the ingest (${availableParallelism()} cores): this process ${seconds((cpu.user + cpu.system) / 1000)}, the zone's process ${Number.isNaN(zoneCpu) ? '(unknown)' : seconds(zoneCpu * 1000)}, ` +
      `Postgres backends serving it ${Number.isNaN(postgresCpuSpent) ? '(unknown)' : `at least ${seconds(postgresCpuSpent * 1000)}`}; load average ${loadavg()[0]?.toFixed(1) ?? '?'} at the end`,
  );
  print('where the ingest\'s wall time went (phases summed over the run; "of which" lines are inside the line above):');
  for (const phase of metrics.phaseFiguresBetween(phasesBefore, await metrics.phaseTotals())) {
    print(
      `  ${seconds(phase.ms).padStart(7)} ${`${((100 * phase.ms) / ingestMs).toFixed(1)}%`.padStart(6)} ${`${phase.count}×`.padStart(7)}  ${phase.label}`,
    );
  }

  const parseMs = await bareParse(join(dir, 'bytes'), boundaries, captured);
  print(
    `bare streaming parse (saxes) of the same ${(captured / MiB).toFixed(1)} MiB: ${seconds(parseMs)} (${Math.round(objects / (parseMs / 1000))} objects/s)`,
  );
  print(`ingest throughput / bare parse throughput: ${(parseMs / ingestMs).toFixed(2)}`);
  rmSync(dir, { recursive: true, force: true });

  const floor = await barePull(zoneUrl, MAX_BUFFER_SIZE, schoolYear, WITH_SCHOOL_YEAR);
  print(
    `the protocol's floor with this zone: the same requests pulled (SIF_GetMessage, then SIF_Ack, packet by packet) with nothing done with the bytes: ${seconds(floor.ms)} ` +
      `for ${floor.packets} packets (${seconds(floor.getMessageMs)} in GetMessage, ${seconds(floor.ackMs)} in acks); no agent can beat ${(parseMs / floor.ms).toFixed(2)} here`,
  );

  // A night that changes nothing: the same pull again, written as no change at all.
  const quietRunId = randomUUID();
  const rowsBefore = await rowsWritten(dataSource);
  const tq = Date.now();
  await ingest.ingest(
    { districtId: 'bench', runId: quietRunId },
    { progress: () => undefined, signal: new AbortController().signal, log: () => undefined },
  );
  const quietMs = Date.now() - tq;
  const quietRows = rowsDelta(rowsBefore, await rowsWritten(dataSource));
  print(`a night with no change (the same pull again): ${seconds(quietMs)} wall; rows written: ${quietRows}`);

  // 1% of the entities changed, written as a version of changes (what a night's build writes), then diffed.
  const changedId = randomUUID();
  await snapshots.begin({ id: changedId, districtId: 'bench', schoolYear });
  const upserts: RosterEntity[] = [];
  for (const kind of ROSTER_KINDS)
    for await (const entity of snapshots.stream(quietRunId, kind))
      if (hashOf(entity.sisId) % 100 === 0) upserts.push({ ...entity, benchChanged: true } as unknown as RosterEntity);
  const changedWrites = await snapshots.writeChanges(changedId, { upserts, removals: [] });
  await snapshots.complete(changedId, changedWrites.counts);
  const t1 = Date.now();
  const { diff } = await new RosterDiffs(dataSource, snapshots).compute('bench', quietRunId, changedId);
  const diffMs = Date.now() - t1;
  const changes = Object.values(diff.counts).reduce((sum, c) => sum + c.change + c.add + c.remove, 0);
  const entities = Object.values(diff.counts).reduce((sum, c) => sum + c.after, 0);
  print(`diff of two ${size} snapshots (${entities} entities each, ${changes} changed): ${seconds(diffMs)}`);
  // The intra-day path: 100 mixed events applied to the district and diffed against the snapshot before them.
  const stored = await storeMixedEvents(dataSource);
  const eventsRunId = randomUUID();
  const eventRowsBefore = await rowsWritten(dataSource);
  const te = Date.now();
  const applied = await events.apply(
    { districtId: 'bench', runId: eventsRunId },
    { progress: () => undefined, signal: new AbortController().signal, log: () => undefined },
  );
  const applyMs = Date.now() - te;
  const td = Date.now();
  const eventDiff = await new RosterDiffs(dataSource, snapshots).compute('bench', changedId, eventsRunId);
  const eventDiffMs = Date.now() - td;
  const eventChanges = Object.values(eventDiff.diff.counts).reduce((sum, c) => sum + c.change + c.add + c.remove, 0);
  print(
    `${stored} mixed events on the ${size} district: applied in ${seconds(applyMs)} (${applied.eventsApplied} settled, ${applied.eventsWaiting ?? 0} waiting, ${applied.rejected} rejected), diffed in ${seconds(eventDiffMs)} (${eventChanges} changed entities): ${seconds(applyMs + eventDiffMs)} in all`,
  );
  print(`rows written by the 100 events: ${rowsDelta(eventRowsBefore, await rowsWritten(dataSource))}`);
  print(`peak RSS at the end: ${((process.resourceUsage().maxRSS * 1024) / MiB).toFixed(0)} MiB`);

  zone.kill('SIGTERM');
  await dataSource.destroy();
}

/** The compiled service's ingest, wired as its Nest module wires it (a benchmark measures what production runs). */
function sifIngest(
  dataSource: DataSource,
  registry: DistrictRegistry,
  snapshots: RosterSnapshots,
  options: IngestOptionsLike,
): { ingest: IngestLike; events: EventApplierLike } {
  const load = <T>(path: string): T => require(join(REPO_ROOT, 'services/sif-ingest/dist', path)) as T;
  type Constructor = new (...args: unknown[]) => unknown;
  const { DistrictIngest } = load<{ DistrictIngest: new (...args: unknown[]) => IngestLike }>('ingest/district-ingest.js');
  const { IngestRuns } = load<{ IngestRuns: Constructor }>('ingest/ingest-runs.js');
  const { SifRequests } = load<{ SifRequests: Constructor }>('ingest/sif-requests.js');
  const { RunSnapshotBuilder } = load<{ RunSnapshotBuilder: Constructor }>('ingest/run-snapshot-builder.js');
  const { SifMessageReceiver } = load<{ SifMessageReceiver: Constructor }>('sif/message-receiver.js');
  const { SifEvents } = load<{ SifEvents: Constructor }>('events/sif-events.js');
  const { CurrentObjects } = load<{ CurrentObjects: Constructor }>('objects/current-objects.js');
  const { SifEventApplier } = load<{ SifEventApplier: new (...args: unknown[]) => EventApplierLike }>('events/apply-sif-events.js');
  const runs = new IngestRuns(dataSource);
  const receiver = new SifMessageReceiver(dataSource);
  const sifEvents = new SifEvents(dataSource);
  const ingest = new DistrictIngest(
    dataSource,
    registry,
    snapshots,
    runs,
    new SifRequests(dataSource),
    receiver,
    new RunSnapshotBuilder(dataSource, snapshots),
    sifEvents,
    options,
  );
  const events = new SifEventApplier(
    dataSource,
    registry,
    runs,
    receiver,
    snapshots,
    new CurrentObjects(dataSource),
    sifEvents,
    ingest,
    options,
  );
  return { ingest, events };
}

/**
 * 100 mixed SIF_Events on the district as it stands (stored as the receiver stores them): 30
 * students renamed, 10 new students with 2 section enrollments each, 20 enrollments dropped
 * (an exit date), 10 deleted, 5 sections given another teacher, 5 courses renamed.
 */
async function storeMixedEvents(dataSource: DataSource): Promise<number> {
  const sample = async (objectName: string, n: number): Promise<Array<Record<string, unknown>>> =>
    (
      (await dataSource.query(
        `SELECT data FROM sif_ingest.current_object WHERE district_id = 'bench' AND object_name = $1 ORDER BY md5(ref_id) LIMIT $2`,
        [objectName, n],
      )) as Array<{ data: string }>
    ).map((row) => JSON.parse(row.data) as Record<string, unknown>);
  const events: Array<{ objectName: string; action: string; refId: string; data: Record<string, unknown> }> = [];
  const change = (record: Record<string, unknown>, fields: Record<string, unknown>) =>
    events.push({
      objectName: String(record['objectName']),
      action: 'Change',
      refId: String(record['refId']),
      data: { objectName: record['objectName'], refId: record['refId'], ...fields },
    });
  for (const student of await sample('StudentPersonal', 30)) change(student, { name: { type: '04', lastName: 'Renamed' } });
  const sections = await sample('SectionInfo', 25);
  const templates = await sample('StudentPersonal', 40);
  for (let i = 0; i < 10; i++) {
    const refId = randomUUID().replace(/-/g, '').toUpperCase();
    events.push({
      objectName: 'StudentPersonal',
      action: 'Add',
      refId,
      data: { ...templates[30 + i], refId, localId: `BENCH${i}`, extendedElements: { DCID: String(9_000_000 + i) } },
    });
    for (const section of sections.slice(2 * i, 2 * i + 2)) {
      const enrollment = randomUUID().replace(/-/g, '').toUpperCase();
      events.push({
        objectName: 'StudentSectionEnrollment',
        action: 'Add',
        refId: enrollment,
        data: {
          objectName: 'StudentSectionEnrollment',
          refId: enrollment,
          studentPersonalRefId: refId,
          sectionInfoRefId: section['refId'],
          schoolYear: section['schoolYear'],
          entryDate: '2026-01-05',
        },
      });
    }
  }
  const enrollments = await sample('StudentSectionEnrollment', 30);
  for (const enrollment of enrollments.slice(0, 20)) change(enrollment, { exitDate: '2000-01-01' });
  for (const enrollment of enrollments.slice(20))
    events.push({
      objectName: 'StudentSectionEnrollment',
      action: 'Delete',
      refId: String(enrollment['refId']),
      data: { objectName: 'StudentSectionEnrollment', refId: enrollment['refId'] },
    });
  const teachers = await sample('StaffPersonal', 5);
  for (const [i, section] of sections.slice(20).entries()) {
    const schedule = (section['scheduleInfo'] as Array<{ termInfoRefId: string }> | undefined)?.[0];
    if (schedule) change(section, { scheduleInfo: [{ termInfoRefId: schedule.termInfoRefId, teacherRefIds: [teachers[i]?.['refId']] }] });
  }
  for (const course of await sample('SchoolCourseInfo', 5)) change(course, { courseTitle: 'Renamed course' });
  for (const event of events)
    await dataSource.query(
      `INSERT INTO sif_ingest.sif_event (district_id, msg_id, position, object_name, action, ref_id, data) VALUES ('bench', $1, 0, $2, $3, $4, $5)`,
      [randomUUID(), event.objectName, event.action, event.refId, JSON.stringify(event.data)],
    );
  return events.length;
}

/**
 * Deletes what earlier bench runs left (district `bench` only: snapshots with their entities and
 * diffs, runs with their raw objects), then vacuums, so every run starts from the same tables.
 */
async function forgetEarlierRuns(dataSource: DataSource): Promise<void> {
  await dataSource.query(`DELETE FROM roster.snapshot WHERE district_id = 'bench'`);
  await dataSource.query(`DELETE FROM sif_ingest.ingest_run WHERE district_id = 'bench'`);
  await dataSource.query(`DELETE FROM roster.entity_version WHERE district_id = 'bench'`);
  await dataSource.query(`DELETE FROM roster.identity_map WHERE district_id = 'bench'`);
  await dataSource.query(`DELETE FROM sif_ingest.current_object WHERE district_id = 'bench'`);
  for (const table of [
    'roster.entity_version',
    'roster.diff_change',
    'sif_ingest.sif_object',
    'sif_ingest.current_object',
    'roster.identity_map',
  ])
    await dataSource.query(`VACUUM ANALYZE ${table}`);
}

/** A stable spread of SIS ids over 100 buckets (FNV-1a), to pick 1% of a snapshot's entities. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Rows inserted, updated and deleted so far in the sif_ingest and roster schemas (Postgres's statistics). */
async function rowsWritten(dataSource: DataSource): Promise<Map<string, number>> {
  // A backend flushes its counts once idle for up to 10 s (PGSTAT_IDLE_INTERVAL): read them after that.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await dataSource.query('SELECT pg_stat_clear_snapshot()');
  const rows: Array<{ name: string; n: string }> = await dataSource.query(
    `SELECT schemaname || '.' || relname AS name, n_tup_ins + n_tup_upd + n_tup_del AS n FROM pg_stat_user_tables WHERE schemaname IN ('sif_ingest', 'roster')`,
  );
  return new Map(rows.map((row) => [row.name, Number(row.n)]));
}

function rowsDelta(before: Map<string, number>, after: Map<string, number>): string {
  const parts: string[] = [];
  let total = 0;
  for (const [name, n] of after) {
    const delta = n - (before.get(name) ?? 0);
    if (delta <= 0) continue;
    total += delta;
    parts.push(`${name} ${delta}`);
  }
  return `${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** CPU seconds of each Postgres backend serving this process's pool (Linux, Postgres on this machine); empty where that cannot be read. */
async function postgresCpu(dataSource: DataSource): Promise<Map<number, number>> {
  const rows: Array<{ pid: number }> = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'bench'`);
  return new Map(rows.map((row): [number, number] => [row.pid, cpuSecondsOf(row.pid)]).filter(([, cpu]) => !Number.isNaN(cpu)));
}

/** Backends that came and went in between are missed (the pool closes idle connections): a lower bound. */
function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  if (after.size === 0) return Number.NaN;
  let spent = 0;
  for (const [pid, cpu] of after) spent += cpu - (before.get(pid) ?? 0);
  return spent;
}

/** A process's user + system CPU seconds from /proc (Linux); NaN where that cannot be read. */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields =
      readFileSync(`/proc/${pid ?? 0}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    // utime and stime are the 14th and 15th fields, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** saxes over the captured bytes, one document per exchange, no handlers beyond the parser's own. */
async function bareParse(path: string, boundaries: number[], total: number): Promise<number> {
  const ends = [...boundaries.slice(1), total];
  const started = Date.now();
  let parser = new SaxesParser();
  let offset = 0;
  let next = 0;
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    while (next < ends.length && (ends[next] ?? 0) <= offset + chunk.length) {
      const cut = (ends[next] ?? 0) - offset;
      parser.write(decoder.decode(chunk.subarray(start, cut)));
      parser.close();
      parser = new SaxesParser();
      start = cut;
      next++;
    }
    if (start < chunk.length) parser.write(decoder.decode(chunk.subarray(start), { stream: true }));
    offset += chunk.length;
  }
  return Date.now() - started;
}

runBench('ingest', main);
