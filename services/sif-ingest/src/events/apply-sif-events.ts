import { Inject, Injectable, Optional } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { ApplySifEventsInput, ApplySifEventsResult } from '@sisbridge/contracts';
import { DistrictRegistry, schoolYearFor } from '@sisbridge/district-config';
import { inPgTransaction } from '@sisbridge/persistence';
import { copyRows, RosterSnapshots } from '@sisbridge/roster-store';
import { applyChange, SIF_OBJECT_NAMES, validateRecord, type SifRecord } from '@sisbridge/sif-codec';
import { DistrictLock } from '../ingest/district-lock';
import { DistrictIngest, localDate, type IngestContext } from '../ingest/district-ingest';
import { IngestError } from '../failures/ingest-error';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest/ingest-options';
import { IngestRuns, type IngestRun } from '../ingest/ingest-runs';
import { RunSnapshotBuilder } from '../ingest/run-snapshot-builder';
import type { Rejection } from '../roster-build/build-roster';
import { SifMessageReceiver } from '../sif/message-receiver';
import { pullOne } from '../sif/pull-one';

interface EventRow {
  seq: string;
  object_name: string;
  action: 'Add' | 'Change' | 'Delete';
  ref_id: string | null;
  data: string | null;
  problem: string | null;
}

/**
 * SIF_Events between nightly runs (§1.12). In pull mode the zone's queue is drained first; in
 * push mode the HTTP endpoint has stored them already. The events received since the newest
 * complete run are applied, in the order they came, to a copy of that run's raw objects (Add:
 * the whole object; Change: the partial object merged into the stored one; Delete: by RefId
 * alone), and a new snapshot is built from the result by the same rules as a nightly run. The
 * nightly run stays a full reconciliation: PowerSchool sends no Delete events by default.
 */
@Injectable()
export class SifEventApplier {
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly districts: DistrictRegistry,
    private readonly runs: IngestRuns,
    private readonly receiver: SifMessageReceiver,
    private readonly builder: RunSnapshotBuilder,
    private readonly snapshots: RosterSnapshots,
    private readonly ingest: DistrictIngest,
    @Optional() @Inject(INGEST_OPTIONS) options?: IngestOptions,
  ) {
    this.now = options?.now ?? (() => new Date());
  }

  async apply(input: ApplySifEventsInput, context: IngestContext): Promise<ApplySifEventsResult> {
    let district;
    try {
      district = this.districts.get(input.districtId);
    } catch (error) {
      throw new IngestError('configuration', error instanceof Error ? error.message : String(error));
    }
    const done = await this.runs.get(input.runId);
    if (done?.status === 'complete')
      return {
        snapshotId: done.id,
        baseSnapshotId: done.baseRunId,
        eventsApplied: done.eventsApplied,
        counts: done.counts,
        rejected: done.rejected,
      };
    const lock = await DistrictLock.acquire(this.dataSource, district.id, 30_000, context.signal);
    try {
      if (district.sif.mode === 'pull') await this.drainQueue(district.id, context);
      const now = this.now();
      const base = done?.baseRunId
        ? await this.runs.get(done.baseRunId)
        : await this.runs.latestComplete(district.id, schoolYearFor(district, now));
      if (!base) return { eventsApplied: 0, counts: {}, rejected: 0 };
      const events: EventRow[] = await this.dataSource.query(
        `SELECT seq, object_name, action, ref_id, data, problem FROM sif_ingest.sif_event WHERE district_id = $1 AND seq >= $2 ORDER BY seq`,
        [district.id, base.eventSeqFrom],
      );
      if (events.length === 0)
        return { snapshotId: base.id, baseSnapshotId: base.id, eventsApplied: 0, counts: base.counts, rejected: base.rejected };
      const run = await this.runs.start({
        id: input.runId,
        districtId: district.id,
        kind: 'events',
        schoolYear: base.schoolYear,
        asOf: localDate(now, district.timeZone),
        baseRunId: base.id,
        previousSnapshotId: base.id,
        eventSeqFrom: base.eventSeqFrom,
      });
      await this.runs.setPhase(run.id, 'build');
      const rejections = await this.applyToCopy(base, run, events);
      const built = await this.builder.build(run, district, rejections);
      const lastSeq = Number(events[events.length - 1]?.seq ?? base.eventSeqFrom);
      await this.runs.complete(run.id, { ...built, eventsApplied: events.length, eventSeqFrom: lastSeq + 1 });
      await this.runs.pruneRawObjects(district.id, district.sif.retainRuns);
      await this.snapshots.prune(district.id, district.sif.retainRuns);
      context.log('SIF events applied', {
        districtId: district.id,
        runId: run.id,
        baseRunId: base.id,
        events: events.length,
        rejected: built.rejected,
      });
      return { snapshotId: run.id, baseSnapshotId: base.id, eventsApplied: events.length, counts: built.counts, rejected: built.rejected };
    } catch (error) {
      if (error instanceof IngestError && !error.retryable) await this.runs.fail(input.runId, error.kind, error.message);
      throw error;
    } finally {
      await lock.release();
    }
  }

  /** Pull mode: takes every queued message (events are stored, stray responses dropped) until the queue is empty. */
  private async drainQueue(districtId: string, context: IngestContext): Promise<void> {
    const district = this.districts.get(districtId);
    const agent = this.ingest.agentFor(district, context.signal);
    for (let pulled = 0; ; pulled++) {
      context.signal.throwIfAborted();
      const step = await pullOne(agent, this.receiver, this.dataSource, districtId);
      if (step.kind === 'empty') return;
      if (step.kind === 'sleeping') {
        // A sleeping zone delivers nothing now: apply what is stored, and the rest next time.
        return;
      }
      if (pulled % 50 === 0)
        context.progress({ phase: 'receive', requestsComplete: 0, requestsTotal: 0, packets: pulled, objects: 0, rejected: 0 });
    }
  }

  /**
   * Copies the base run's objects into the new run and applies the events to them, in one
   * transaction, set-wise rather than with queries per event (the raw objects have no index by
   * RefId): the stored copies of the objects the events name are read in one pass; the events
   * are applied to those, in order, in memory; then the base run's objects are copied over, the
   * ones the events replaced or deleted are taken out again, and the replacements written with
   * COPY. Objects are matched by "kind/RefId" against an array, which Postgres hashes: the cost
   * is a pass over the run, however many events there are.
   */
  private async applyToCopy(base: IngestRun, run: IngestRun, events: readonly EventRow[]): Promise<Rejection[]> {
    const rejections: Rejection[] = [];
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(`DELETE FROM sif_ingest.sif_object WHERE run_id = $1`, [run.id]);
      const named = new Map<string, { objectName: string; refId: string }>();
      for (const event of events) {
        if (eventProblem(event) === undefined && event.ref_id)
          named.set(objectKey(event.object_name, event.ref_id), { objectName: event.object_name, refId: event.ref_id });
      }
      const current = await firstStoredCopies(client, base.id, [...named.keys()]);
      const changed = new Set<string>();
      for (const event of events) {
        const problem = applyEvent(current, changed, event);
        if (problem)
          rejections.push({
            objectName: event.object_name,
            refId: event.ref_id ?? undefined,
            problem: `SIF_Event ${event.action} (event ${event.seq}): ${problem}`,
          });
      }
      await client.query(
        `INSERT INTO sif_ingest.sif_object (run_id, object_name, ref_id, request_msg_id, packet_number, position, data)
         SELECT $1, object_name, ref_id, NULL, packet_number, position, data FROM sif_ingest.sif_object WHERE run_id = $2`,
        [run.id, base.id],
      );
      if (changed.size === 0) return;
      await client.query(`DELETE FROM sif_ingest.sif_object WHERE run_id = $1 AND (object_name || '/' || ref_id) = ANY($2::text[])`, [
        run.id,
        [...changed],
      ]);
      await copyRows(
        client,
        'sif_ingest.sif_object',
        ['run_id', 'object_name', 'ref_id', 'request_msg_id', 'packet_number', 'position', 'data'],
        [...changed].flatMap((key) => {
          const object = named.get(key);
          const data = current.get(key);
          return object && data ? [[run.id, object.objectName, object.refId, null, 0, 0, data]] : [];
        }),
      );
    });
    return rejections;
  }
}

/** An object's kind and RefId in one string (object names hold no "/"), as the queries below spell it too. */
function objectKey(objectName: string, refId: string): string {
  return `${objectName}/${refId}`;
}

/** Why an event cannot be applied whatever the objects are, if it cannot. */
function eventProblem(event: EventRow): string | undefined {
  if (event.problem) return event.problem;
  if (!(SIF_OBJECT_NAMES as readonly string[]).includes(event.object_name)) return `${event.object_name} is not an object this agent reads`;
  if (!event.ref_id) return 'the object has no RefId';
  return undefined;
}

/** Each named object's first stored copy (lowest packet, then position) in the run, as JSON text, by `objectKey`. */
async function firstStoredCopies(client: PoolClient, runId: string, keys: readonly string[]): Promise<Map<string, string | null>> {
  const copies = new Map<string, string | null>();
  if (keys.length === 0) return copies;
  const rows = await client.query<{ key: string; data: string }>(
    `SELECT object_name || '/' || ref_id AS key, data FROM sif_ingest.sif_object
      WHERE run_id = $1 AND (object_name || '/' || ref_id) = ANY($2::text[])
      ORDER BY packet_number DESC, position DESC`,
    [runId, keys],
  );
  // Last one set wins: the copy with the lowest packet, then position.
  for (const row of rows.rows) copies.set(row.key, row.data);
  return copies;
}

/**
 * Applies one event to the objects as they stand (`current`: JSON text, null once deleted);
 * marks what it replaced or deleted in `changed`; returns why it could not be applied, if so.
 */
function applyEvent(current: Map<string, string | null>, changed: Set<string>, event: EventRow): string | undefined {
  const problem = eventProblem(event);
  if (problem) return problem;
  const key = objectKey(event.object_name, event.ref_id ?? '');
  if (event.action === 'Delete') {
    current.set(key, null);
    changed.add(key);
    return undefined;
  }
  const change = JSON.parse(event.data ?? '{}') as SifRecord;
  let next: SifRecord = change;
  if (event.action === 'Change') {
    const existing = current.get(key);
    if (existing) next = applyChange(JSON.parse(existing) as SifRecord, change);
    else delete (next as { deletes?: unknown }).deletes;
  }
  const missing = validateRecord(next);
  if (missing.length > 0) {
    return event.action === 'Change'
      ? `the change leaves the object incomplete (${missing.join('; ')}), or changes an object this run does not have`
      : missing.join('; ');
  }
  current.set(key, JSON.stringify(next));
  changed.add(key);
  return undefined;
}
