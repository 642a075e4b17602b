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
 * floor against this zone (the same requests pulled with nothing done with the bytes); and a
 * diff between two snapshots of that size with 1% changes. Loopback only. Prints figures;
 * asserts nothing. Each run first deletes the previous bench runs' snapshots and raw objects
 * (district `bench` only), so that runs start from the same tables; the identity map is kept,
 * as it is from one night to the next.
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
  const ingest = districtIngest(dataSource, new DistrictRegistry(districts), snapshots, {
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
  print(`peak RSS at the end: ${((process.resourceUsage().maxRSS * 1024) / MiB).toFixed(0)} MiB`);

  zone.kill('SIGTERM');
  await dataSource.destroy();
}

/** The compiled service's ingest, wired as its Nest module wires it (a benchmark measures what production runs). */
function districtIngest(
  dataSource: DataSource,
  registry: DistrictRegistry,
  snapshots: RosterSnapshots,
  options: IngestOptionsLike,
): IngestLike {
  const load = <T>(path: string): T => require(join(REPO_ROOT, 'services/sif-ingest/dist', path)) as T;
  type Constructor = new (...args: unknown[]) => unknown;
  const { DistrictIngest } = load<{ DistrictIngest: new (...args: unknown[]) => IngestLike }>('ingest/district-ingest.js');
  const { IngestRuns } = load<{ IngestRuns: Constructor }>('ingest/ingest-runs.js');
  const { SifRequests } = load<{ SifRequests: Constructor }>('ingest/sif-requests.js');
  const { RunSnapshotBuilder } = load<{ RunSnapshotBuilder: Constructor }>('ingest/run-snapshot-builder.js');
  const { SifMessageReceiver } = load<{ SifMessageReceiver: Constructor }>('sif/message-receiver.js');
  return new DistrictIngest(
    dataSource,
    registry,
    snapshots,
    new IngestRuns(dataSource),
    new SifRequests(dataSource),
    new SifMessageReceiver(dataSource),
    new RunSnapshotBuilder(dataSource, snapshots),
    options,
  );
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

/** Rows inserted, updated and deleted so far in the sif_ingest and roster schemas (Postgres's statistics, flushed about once a second). */
async function rowsWritten(dataSource: DataSource): Promise<Map<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, 1_500));
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
