import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RosterCounts } from '@sisbridge/contracts';
import type { DistrictConfig } from '@sisbridge/district-config';
import { inPgTransaction } from '@sisbridge/persistence';
import { copyRows, RosterSnapshots } from '@sisbridge/roster-store';
import { buildRoster, type Rejection } from '../roster-build/build-roster';
import type { RosterRules } from '../roster-build/roster-rules';
import { checkFeed } from './feed-checks';
import { IngestError } from '../failures/ingest-error';
import { observePhase, phaseTotals, timedBatches } from '../observability/ingest-phase-metrics';
import type { IngestRun } from './ingest-runs';
import { RawObjects } from './raw-objects';

export interface BuiltSnapshot {
  counts: RosterCounts;
  rejected: number;
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
 * Builds a run's canonical snapshot from its stored raw objects and writes it with COPY
 * (snapshot id = run id). Safe to repeat: a snapshot still `building` starts over, and the
 * run's build-stage rejections are replaced. A broken feed marks the snapshot failed and throws.
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
    const roster = buildRoster(new RawObjects(this.dataSource, run.id, reject), rulesFor(district, run), reject);
    const building = performance.now();
    const rosterBefore = (await phaseTotals()).get('roster')?.ms ?? 0;
    const counts = await this.snapshots.writeBatches(run.id, timedBatches(roster, 'roster'));
    const built = performance.now() - building;
    observePhase('build', built);
    // The rest of the streamed build is the writer's: encoding, and waiting for Postgres.
    observePhase('snapshotWrite', built - (((await phaseTotals()).get('roster')?.ms ?? 0) - rosterBefore));

    // Rejections are recorded first: when the feed as a whole is refused, they are what explains it.
    const recording = performance.now();
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(`DELETE FROM sif_ingest.rejected_object WHERE run_id = $1 AND stage = 'build'`, [run.id]);
      await copyRows(
        client,
        'sif_ingest.rejected_object',
        ['district_id', 'run_id', 'stage', 'object_name', 'ref_id', 'problem'],
        rejections.map((r) => [run.districtId, run.id, 'build', r.objectName, r.refId ?? null, r.problem]),
      );
    });
    observePhase('rejections', performance.now() - recording);
    const previous = run.previousSnapshotId ? await this.snapshots.get(run.previousSnapshotId) : undefined;
    try {
      checkFeed(
        run.districtId,
        run.schoolYear,
        counts,
        previous?.status === 'complete' ? previous.counts : undefined,
        district.sif.minShareOfLastSnapshot,
      );
    } catch (error) {
      if (error instanceof IngestError) await this.snapshots.fail(run.id, error.message);
      throw error;
    }
    const completing = performance.now();
    const snapshot = await this.snapshots.complete(run.id, counts);
    observePhase('complete', performance.now() - completing);
    return { counts: snapshot.counts, rejected: await this.rejectedCount(run.id) };
  }

  private async rejectedCount(runId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM sif_ingest.rejected_object WHERE run_id = $1`,
      [runId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
