import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RosterCounts } from '@sisbridge/contracts';
import type { DistrictConfig } from '@sisbridge/district-config';
import { inPgTransaction } from '@sisbridge/persistence';
import { copyRows, RosterSnapshots } from '@sisbridge/roster-store';
import { IngestError } from '../failures/ingest-error';
import { RunObjectMerge, type MergeCounts } from '../objects/run-object-merge';
import { RunObjects } from '../objects/run-objects';
import { observePhase, phaseTotals, timedBatches, timePhase } from '../observability/ingest-phase-metrics';
import { buildRoster, type Rejection } from '../roster-build/build-roster';
import type { RosterRules } from '../roster-build/roster-rules';
import { checkFeed } from './feed-checks';
import type { IngestRun } from './ingest-runs';

/** Rows written at once past which the planner's statistics of a table are refreshed. */
const LARGE_WRITE = 50_000;

export interface BuiltSnapshot {
  counts: RosterCounts;
  rejected: number;
  /** Entity rows the snapshot's version wrote (added or changed entities) and closed (changed or removed ones). */
  entityRowsWritten?: number;
  entityRowsClosed?: number;
}

/** The roster rules of a district for one run. */
export function rulesFor(district: DistrictConfig, run: Pick<IngestRun, 'schoolYear' | 'asOf'>): RosterRules {
  const rules: RosterRules = {
    schoolYear: run.schoolYear,
    asOf: run.asOf,
    exitDateMeaning: district.sif.exitDateMeaning,
    dcidElement: district.sif.dcidElement,
    sisIdSource: district.sif.sisIdSource,
    templates: district.sisIds,
  };
  if (district.sif.usernameElement) rules.usernameElement = district.sif.usernameElement;
  return rules;
}

/**
 * Builds a run's canonical snapshot from the objects it pulled, as the district's next version
 * (snapshot id = run id): a full build, written as the changes from the last version. While
 * the objects are read, they are merged into the district's current objects (only what changed
 * by content hash; what the pull no longer carries goes), committed only once the feed passes
 * its checks. Safe to repeat: a snapshot still `building` starts over, and the run's
 * build-stage rejections are replaced. A broken feed marks the snapshot failed (its version
 * undone, the current objects left as they were) and throws.
 */
@Injectable()
export class RunSnapshotBuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: RosterSnapshots,
  ) {}

  async build(run: IngestRun, district: DistrictConfig, earlier: Rejection[] = []): Promise<BuiltSnapshot> {
    const existing = await this.snapshots.get(run.id);
    if (existing?.status === 'complete') return { counts: existing.counts, rejected: await this.rejectedCount(run.id) };
    await this.snapshots.begin({ id: run.id, districtId: run.districtId, schoolYear: run.schoolYear, ingestRunId: run.id });
    const rejections: Rejection[] = [...earlier];
    const reject = (rejection: Rejection) => rejections.push(rejection);
    const merge = new RunObjectMerge(this.dataSource, run.districtId);
    await merge.open();
    try {
      const objects = new RunObjects(this.dataSource, run.id, reject, merge);
      const roster = buildRoster(objects, rulesFor(district, run), reject);
      const building = performance.now();
      const rosterBefore = (await phaseTotals()).get('roster')?.ms ?? 0;
      const writes = await this.snapshots.writeVersion(run.id, timedBatches(roster, 'roster'));
      await objects.rest();
      const built = performance.now() - building;
      observePhase('build', built);
      // The rest of the streamed build is the writer's: hashing, comparing, COPY of what changed.
      observePhase('snapshotWrite', built - (((await phaseTotals()).get('roster')?.ms ?? 0) - rosterBefore));

      // Rejections are recorded first: when the feed as a whole is refused, they are what explains it.
      await timePhase('rejections', () => this.recordRejections(run, rejections));
      const previous = run.previousSnapshotId ? await this.snapshots.get(run.previousSnapshotId) : undefined;
      try {
        checkFeed(
          run.districtId,
          run.schoolYear,
          writes.counts,
          previous?.status === 'complete' ? previous.counts : undefined,
          district.sif.minShareOfLastSnapshot,
        );
      } catch (error) {
        if (error instanceof IngestError) await this.snapshots.fail(run.id, error.message);
        throw error;
      }
      const merged = await timePhase('objectStore', () => merge.commit());
      const snapshot = await timePhase('complete', () => this.snapshots.complete(run.id, writes.counts));
      await timePhase('complete', () => this.refreshStatistics(writes.written + writes.closed, merged));
      return {
        counts: snapshot.counts,
        rejected: await this.rejectedCount(run.id),
        entityRowsWritten: writes.written,
        entityRowsClosed: writes.closed,
      };
    } finally {
      await merge.abandon();
    }
  }

  /**
   * After a large write (a first run, a new school year), the planner's statistics are refreshed
   * at once rather than when autovacuum comes by: until then it takes a district for a few rows,
   * and the events path's look-ups by RefId walk the district instead of an index.
   */
  private async refreshStatistics(entityRows: number, merged: Map<string, MergeCounts>): Promise<void> {
    const objectRows = [...merged.values()].reduce((sum, counts) => sum + counts.added + counts.changed + counts.removed, 0);
    if (entityRows >= LARGE_WRITE) await this.dataSource.query('ANALYZE roster.entity_version');
    if (objectRows >= LARGE_WRITE) await this.dataSource.query('ANALYZE sif_ingest.current_object');
  }

  private async recordRejections(run: IngestRun, rejections: readonly Rejection[]): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(`DELETE FROM sif_ingest.rejected_object WHERE run_id = $1 AND stage = 'build'`, [run.id]);
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
}
