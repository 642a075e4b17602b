import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApplySifEventsInput, ApplySifEventsResult } from '@sisbridge/contracts';
import { DistrictRegistry, schoolYearFor, type DistrictConfig } from '@sisbridge/district-config';
import { inPgTransaction } from '@sisbridge/persistence';
import { copyRows, RosterHead, RosterSnapshots } from '@sisbridge/roster-store';
import type { SifObjectName, SifRecord } from '@sisbridge/sif-codec';
import { IngestError } from '../failures/ingest-error';
import { DistrictIngest, type IngestContext } from '../ingest/district-ingest';
import { DistrictLock } from '../ingest/district-lock';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest/ingest-options';
import { IngestRuns, type IngestRun } from '../ingest/ingest-runs';
import { rulesFor } from '../ingest/run-snapshot-builder';
import { CurrentObjects, type CurrentObject } from '../objects/current-objects';
import { timePhase } from '../observability/ingest-phase-metrics';
import { rebuildChanged, type ChangedObject, type IncrementalSources } from '../roster-build/incremental-roster';
import type { Rejection } from '../roster-build/rejection';
import { SifMessageReceiver } from '../sif/message-receiver';
import { pullOne } from '../sif/pull-one';
import { applyEvents, type KnownObject } from './event-application';
import { namedRefIds } from '../objects/object-references';
import { SifEvents } from './sif-events';

/**
 * SIF_Events between nightly runs (§1.12), applied as they come. In pull mode the zone's queue
 * is drained first; in push mode the HTTP endpoint has stored them already. The events not
 * settled yet are applied in the order the zone delivered them to the district's current
 * objects (`applyEvents`: Add, Change merged into the stored object, Delete by RefId), in one
 * transaction with their outcomes (applied, rejected with the reason, or waiting for an object
 * they name) and the objects as they were before (`applied_object`). Then only the entities those
 * objects touch are rebuilt (`rebuildChanged`) and written as a new version holding just those
 * changes. A run cut off after the objects were committed finds them again by its id.
 *
 * Events are judged by the day (`asOf`) of the run they build on, so the snapshot is always what
 * a full build of the current objects gives on that day; the next nightly run moves the day, and
 * is a full reconciliation (PowerSchool sends no Delete by default), which also settles the
 * events older than its pull.
 */
@Injectable()
export class SifEventApplier {
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly districts: DistrictRegistry,
    private readonly runs: IngestRuns,
    private readonly receiver: SifMessageReceiver,
    private readonly snapshots: RosterSnapshots,
    private readonly objects: CurrentObjects,
    private readonly events: SifEvents,
    private readonly ingest: DistrictIngest,
    @Optional() @Inject(INGEST_OPTIONS) private readonly options?: IngestOptions,
  ) {
    this.now = options?.now ?? (() => new Date());
  }

  async apply(input: ApplySifEventsInput, context: IngestContext): Promise<ApplySifEventsResult> {
    const district = this.district(input.districtId);
    const done = await this.runs.get(input.runId);
    if (done?.status === 'complete') return this.resultOf(done);
    const lock = await DistrictLock.acquire(this.dataSource, district.id, this.options?.lockWaitMs ?? 30_000, context.signal);
    try {
      if (district.sif.mode === 'pull') await this.drainQueue(district, context);
      const now = this.now();
      const base = done?.baseRunId
        ? await this.runs.get(done.baseRunId)
        : await this.runs.latestComplete(district.id, schoolYearFor(district, now));
      if (!base) return { eventsApplied: 0, eventsWaiting: await this.events.waitingCount(district.id), counts: {}, rejected: 0 };
      const run = await timePhase('events', () => this.applyToObjects(district, base, done, input.runId, now));
      if (!run) {
        return {
          snapshotId: base.id,
          baseSnapshotId: base.id,
          eventsApplied: 0,
          eventsWaiting: await this.events.waitingCount(district.id),
          counts: base.counts,
          rejected: base.rejected,
        };
      }
      const result = await timePhase('events', () => this.rebuild(district, base, run));
      await this.events.prune(district.id, district.sif.eventRetentionDays, now);
      await this.snapshots.prune(district.id, district.sif.retainRuns);
      context.log('SIF events applied', {
        districtId: district.id,
        runId: run.id,
        baseRunId: base.id,
        events: result.eventsApplied,
        waiting: result.eventsWaiting,
        rejected: result.rejected,
      });
      return result;
    } catch (error) {
      if (error instanceof IngestError && !error.retryable) await this.runs.fail(input.runId, error.kind, error.message);
      throw error;
    } finally {
      await lock.release();
    }
  }

  /**
   * Applies the unsettled events to the current objects, in one transaction with their outcomes;
   * returns the run that rebuilds what they changed, or none when nothing was settled and nothing
   * changed (only events still waiting).
   */
  private async applyToObjects(
    district: DistrictConfig,
    base: IngestRun,
    done: IngestRun | undefined,
    runId: string,
    now: Date,
  ): Promise<IngestRun | undefined> {
    let run = done;
    await inPgTransaction(this.dataSource, async (client) => {
      const pending = await this.events.unsettled(client, district.id);
      const own = pending.flatMap((event) => (event.refId ? [event.refId] : []));
      const carried = pending.flatMap((event) => namedRefIds(event.data ? (JSON.parse(event.data) as SifRecord) : undefined));
      const known = new Map<string, KnownObject>();
      const remember = (objects: readonly CurrentObject[]) => {
        for (const object of objects) known.set(object.refId, { objectName: object.objectName, record: object.record });
      };
      remember(await this.objects.byRefIds(district.id, [...own, ...carried], client));
      // The parents the stored objects name (a Change that leaves a reference as it was still needs it there).
      remember(
        await this.objects.byRefIds(
          district.id,
          [...known.values()].flatMap((object) => namedRefIds(object.record)).filter((refId) => !known.has(refId)),
          client,
        ),
      );
      const { outcomes, changes } = applyEvents(pending, known, base.schoolYear);
      const settled = outcomes.filter((outcome) => outcome.state !== 'waiting');
      if (!run && settled.length === 0 && changes.length === 0) {
        await this.events.record(
          client,
          base.id,
          outcomes.filter((outcome) => outcome.state === 'waiting'),
          now,
        );
        return;
      }
      run ??= await this.runs.start({
        id: runId,
        districtId: district.id,
        kind: 'events',
        schoolYear: base.schoolYear,
        asOf: base.asOf,
        baseRunId: base.id,
        previousSnapshotId: base.id,
        eventSeqFrom: base.eventSeqFrom,
      });
      await this.runs.setPhase(run.id, 'build');
      await this.objects.put(
        district.id,
        changes.flatMap((change) => (change.after ? [{ objectName: change.objectName, refId: change.refId, record: change.after }] : [])),
        client,
      );
      await this.objects.remove(
        district.id,
        changes.filter((change) => !change.after),
        client,
      );
      // The objects as they were before this run's first change of them: what it rebuilds, found again if it is cut off.
      await client.query(
        `INSERT INTO sif_ingest.applied_object (run_id, object_name, ref_id, before)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [
          run.id,
          changes.map((change) => change.objectName),
          changes.map((change) => change.refId),
          changes.map((change) => (change.before ? JSON.stringify(change.before) : null)),
        ],
      );
      await this.events.record(client, run.id, outcomes, now);
    });
    return run;
  }

  /** Rebuilds what the run's objects touch and writes it as the district's next version. */
  private async rebuild(district: DistrictConfig, base: IngestRun, run: IngestRun): Promise<ApplySifEventsResult> {
    const changedRows: Array<{ object_name: SifObjectName; ref_id: string; before: string | null }> = await this.dataSource.query(
      `SELECT object_name, ref_id, before FROM sif_ingest.applied_object WHERE run_id = $1`,
      [run.id],
    );
    const changed: ChangedObject[] = changedRows.map((row) => ({
      objectName: row.object_name,
      refId: row.ref_id,
      ...(row.before ? { before: JSON.parse(row.before) as SifRecord } : {}),
    }));
    await this.snapshots.begin({ id: run.id, districtId: district.id, schoolYear: run.schoolYear, ingestRunId: run.id });
    const rejections: Rejection[] = [];
    const roster = await rebuildChanged(
      changed,
      rulesFor(district, { schoolYear: run.schoolYear, asOf: base.asOf }),
      this.sources(district.id),
      (r) => rejections.push(r),
    );
    const writes = await this.snapshots.writeChanges(run.id, roster);
    await this.recordRejections(run, rejections);
    const snapshot = await this.snapshots.complete(run.id, writes.counts);
    const settled = await this.events.settledBy(run.id);
    const lastSeq: Array<{ seq: string | null }> = await this.dataSource.query(
      `SELECT max(seq) AS seq FROM sif_ingest.sif_event WHERE settled_run_id = $1`,
      [run.id],
    );
    const rejected = await this.rejectedCount(run.id);
    await this.runs.complete(run.id, {
      counts: snapshot.counts,
      rejected,
      eventsApplied: settled.applied + settled.rejected,
      eventSeqFrom: Number(lastSeq[0]?.seq ?? base.eventSeqFrom - 1) + 1,
    });
    // The objects as they were hold personal data, and are no longer needed once the version is written.
    await this.dataSource.query(`DELETE FROM sif_ingest.applied_object WHERE run_id = $1`, [run.id]);
    return {
      snapshotId: run.id,
      baseSnapshotId: base.id,
      eventsApplied: settled.applied + settled.rejected,
      eventsWaiting: await this.events.waitingCount(district.id),
      counts: snapshot.counts,
      rejected,
    };
  }

  private sources(districtId: string): IncrementalSources {
    const reader = this.objects.reader();
    const head = new RosterHead(this.dataSource);
    return {
      objects: (refIds) => this.objects.byRefIds(districtId, refIds, reader),
      naming: (refIds) => this.objects.naming(districtId, refIds, reader),
      entitiesByRefIds: (kind, refIds) => head.byRefIds(districtId, kind, refIds),
      entitiesBySisIds: (kind, sisIds) => head.bySisIds(districtId, kind, sisIds),
      teacherEnrollmentsOf: (sectionSisIds) => head.teacherEnrollmentsOf(districtId, sectionSisIds),
    };
  }

  /** The run's rejections: its events refused (from their outcomes) and the objects the rebuild refused. Replaced whole when a run resumes. */
  private async recordRejections(run: IngestRun, rebuilt: readonly Rejection[]): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(`DELETE FROM sif_ingest.rejected_object WHERE run_id = $1 AND stage = 'build'`, [run.id]);
      const events = await client.query<{ seq: string; object_name: string; action: string; ref_id: string | null; reason: string | null }>(
        `SELECT seq, object_name, action, ref_id, reason FROM sif_ingest.sif_event WHERE settled_run_id = $1 AND state = 'rejected' ORDER BY seq`,
        [run.id],
      );
      const rejections: Rejection[] = [
        ...events.rows.map((row) => ({
          objectName: row.object_name,
          ...(row.ref_id ? { refId: row.ref_id } : {}),
          problem: `SIF_Event ${row.action} (event ${row.seq}): ${row.reason ?? 'rejected'}`,
        })),
        ...rebuilt,
      ];
      await copyRows(
        client,
        'sif_ingest.rejected_object',
        ['district_id', 'run_id', 'stage', 'object_name', 'ref_id', 'problem'],
        rejections.map((r) => [run.districtId, run.id, 'build', r.objectName, r.refId ?? null, r.problem]),
      );
    });
  }

  private async rejectedCount(runId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM sif_ingest.rejected_object WHERE run_id = $1`,
      [runId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  private async resultOf(run: IngestRun): Promise<ApplySifEventsResult> {
    const result: ApplySifEventsResult = {
      snapshotId: run.id,
      eventsApplied: run.eventsApplied,
      eventsWaiting: await this.events.waitingCount(run.districtId),
      counts: run.counts,
      rejected: run.rejected,
    };
    if (run.baseRunId) result.baseSnapshotId = run.baseRunId;
    return result;
  }

  private district(districtId: string): DistrictConfig {
    try {
      return this.districts.get(districtId);
    } catch (error) {
      throw new IngestError('configuration', error instanceof Error ? error.message : String(error));
    }
  }

  /** Pull mode: takes every queued message (events are stored, stray responses dropped) until the queue is empty. */
  private async drainQueue(district: DistrictConfig, context: IngestContext): Promise<void> {
    const agent = this.ingest.agentFor(district, context.signal);
    for (let pulled = 0; ; pulled++) {
      context.signal.throwIfAborted();
      const step = await pullOne(agent, this.receiver, this.dataSource, district.id);
      // A sleeping zone delivers nothing now: apply what is stored, and the rest next time.
      if (step.kind === 'empty' || step.kind === 'sleeping') return;
      if (pulled % 50 === 0)
        context.progress({ phase: 'receive', requestsComplete: 0, requestsTotal: 0, packets: pulled, objects: 0, rejected: 0 });
    }
  }
}
