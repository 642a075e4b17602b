import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import { ROSTER_KINDS, type RosterEntity, type RosterEntityOf, type RosterKind } from '@sisbridge/roster';
import { COPY_CHUNK_CHARACTERS, copyText, copyTextRow } from './copy-rows';
import { toSnapshotRecord, type SnapshotRecord, type SnapshotRow } from './snapshot-record';
import { streamBatches } from './stream-rows';

export interface BeginSnapshot {
  id: string;
  districtId: string;
  schoolYear: number;
  ingestRunId?: string;
}

/**
 * Canonical roster snapshots in the `roster` schema: written in bulk by sif-ingest, read (as
 * streams, in sis id order) by the diff and by the other services.
 */
export class RosterSnapshots {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Starts (or restarts) building a snapshot. Idempotent for a retried activity: a snapshot still
   * `building` loses its partial rows and starts again; a complete one is left alone.
   */
  async begin(snapshot: BeginSnapshot): Promise<SnapshotRecord> {
    return inPgTransaction(this.dataSource, async (client) => {
      const inserted = await client.query<SnapshotRow>(
        `INSERT INTO roster.snapshot (id, district_id, school_year, ingest_run_id, status)
         VALUES ($1, $2, $3, $4, 'building') ON CONFLICT (id) DO NOTHING RETURNING *`,
        [snapshot.id, snapshot.districtId, snapshot.schoolYear, snapshot.ingestRunId ?? null],
      );
      if (inserted.rows[0]) return toSnapshotRecord(inserted.rows[0]);
      const existing = await client.query<SnapshotRow>('SELECT * FROM roster.snapshot WHERE id = $1 FOR UPDATE', [snapshot.id]);
      const row = existing.rows[0] as SnapshotRow;
      if (row.district_id !== snapshot.districtId) throw new Error(`snapshot ${snapshot.id} belongs to district ${row.district_id}`);
      if (row.status === 'building') await client.query('DELETE FROM roster.entity WHERE snapshot_id = $1', [snapshot.id]);
      return toSnapshotRecord(row);
    });
  }

  /** Appends entities (any kinds) with COPY; returns how many were written. */
  async write(snapshotId: string, entities: Iterable<RosterEntity> | AsyncIterable<RosterEntity>): Promise<number> {
    const written = await this.writeBatches(snapshotId, oneBatchAtATime(entities));
    return Object.values(written).reduce((sum, n) => sum + n, 0);
  }

  /**
   * Appends entities given in batches (a builder's output) with one COPY, encoded a batch at a
   * time (no await per entity); returns how many of each kind were written, which `complete`
   * can take instead of counting them again when this call wrote the whole snapshot.
   */
  async writeBatches(snapshotId: string, batches: AsyncIterable<readonly RosterEntity[]>): Promise<SnapshotCounts> {
    const written = emptyCounts();
    await inPgTransaction(this.dataSource, async (client) => {
      const chunks = (async function* () {
        let chunk = '';
        for await (const batch of batches) {
          for (const entity of batch) {
            written[entity.kind]++;
            chunk += copyTextRow([snapshotId, entity.kind, entity.sisId, JSON.stringify(entity)]);
            if (chunk.length >= COPY_CHUNK_CHARACTERS) {
              yield chunk;
              chunk = '';
            }
          }
        }
        if (chunk !== '') yield chunk;
      })();
      await copyText(client, 'roster.entity', ['snapshot_id', 'kind', 'sis_id', 'data'], chunks);
    });
    return written;
  }

  /**
   * Marks the snapshot complete with its counts, and records the RefId ⇄ DCID ⇄ SIS id of every
   * school, term, course, section and user in the identity map, in one transaction.
   *
   * `written`: the counts `writeBatches` returned, when that one call wrote the whole snapshot
   * (a fresh snapshot's rows are not yet in the visibility map, so counting 800,000 of them
   * reads every one); without it, the rows are counted.
   *
   * Enrollments are not in the identity map: they have no DCID, passback never looks them up
   * there, and they are five in six of a district's entities (a StudentSectionEnrollment's
   * RefId stays in its snapshot row). Every mapped row is touched, last seen in this snapshot;
   * the columns that change each night are not indexed, so the table's free space (fillfactor)
   * lets those updates be HOT, without index writes. One statement per kind, each a range of
   * the entity key: the planner cannot know a just-written snapshot's size, and one statement
   * for all kinds was planned as a scan of the whole snapshot.
   */
  async complete(snapshotId: string, written?: SnapshotCounts): Promise<SnapshotRecord> {
    return inPgTransaction(this.dataSource, async (client) => {
      const counts = written ? { ...written } : await countEntities(client, snapshotId);
      for (const kind of IDENTITY_KINDS) {
        await client.query(
          `INSERT INTO roster.identity (district_id, kind, ref_id, dcid, sis_id, person_type, first_seen_snapshot_id, last_seen_snapshot_id)
           SELECT s.district_id, e.kind, e.data->>'refId', (e.data->>'dcid')::bigint, e.sis_id, e.data->>'personType', s.id, s.id
             FROM roster.entity e JOIN roster.snapshot s ON s.id = e.snapshot_id
            WHERE e.snapshot_id = $1 AND e.kind = $2 AND e.data ? 'refId'
           ON CONFLICT (district_id, kind, ref_id) DO UPDATE
              SET dcid = EXCLUDED.dcid, sis_id = EXCLUDED.sis_id, person_type = EXCLUDED.person_type,
                  last_seen_snapshot_id = EXCLUDED.last_seen_snapshot_id, updated_at = now()`,
          [snapshotId, kind],
        );
      }
      const updated = await client.query<SnapshotRow>(
        `UPDATE roster.snapshot SET status = 'complete', counts = $2, completed_at = coalesce(completed_at, now())
          WHERE id = $1 RETURNING *`,
        [snapshotId, JSON.stringify(counts)],
      );
      if (!updated.rows[0]) throw new Error(`snapshot ${snapshotId} does not exist`);
      return toSnapshotRecord(updated.rows[0]);
    });
  }

  async fail(snapshotId: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE roster.snapshot SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'building'`, [
      snapshotId,
      reason,
    ]);
  }

  async get(snapshotId: string): Promise<SnapshotRecord | undefined> {
    const rows: SnapshotRow[] = await this.dataSource.query('SELECT * FROM roster.snapshot WHERE id = $1', [snapshotId]);
    return rows[0] ? toSnapshotRecord(rows[0]) : undefined;
  }

  /** The newest complete snapshot of a district's school year, optionally other than `except`. */
  async latestComplete(districtId: string, schoolYear: number, except?: string): Promise<SnapshotRecord | undefined> {
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT * FROM roster.snapshot WHERE district_id = $1 AND school_year = $2 AND status = 'complete' AND id <> coalesce($3::uuid, '00000000-0000-0000-0000-000000000000')
        ORDER BY completed_at DESC LIMIT 1`,
      [districtId, schoolYear, except ?? null],
    );
    return rows[0] ? toSnapshotRecord(rows[0]) : undefined;
  }

  /** One kind of a snapshot, in sis id order (the order `diffSorted` needs). */
  async *stream<K extends RosterKind>(snapshotId: string, kind: K): AsyncGenerator<RosterEntityOf<K>> {
    const rows = streamBatches<{ data: RosterEntityOf<K> }>(
      this.dataSource,
      'SELECT data FROM roster.entity WHERE snapshot_id = $1 AND kind = $2 ORDER BY sis_id',
      [snapshotId, kind],
      2_000,
    );
    for await (const batch of rows) for (const row of batch) yield row.data;
  }

  /** Deletes a district's oldest complete snapshots beyond the newest `keep` (and their diffs). */
  async prune(districtId: string, keep: number): Promise<number> {
    const result: [unknown, number] = await this.dataSource.query(
      `DELETE FROM roster.snapshot WHERE id IN (
         SELECT id FROM roster.snapshot WHERE district_id = $1 AND status <> 'building'
          ORDER BY created_at DESC OFFSET $2)`,
      [districtId, keep],
    );
    return result[1];
  }
}

/** How many entities of each kind a snapshot holds. */
export type SnapshotCounts = Record<RosterKind, number>;

function emptyCounts(): SnapshotCounts {
  return Object.fromEntries(ROSTER_KINDS.map((kind) => [kind, 0])) as SnapshotCounts;
}

async function countEntities(client: PoolClient, snapshotId: string): Promise<SnapshotCounts> {
  const rows = await client.query<{ kind: RosterKind; n: string }>(
    'SELECT kind, count(*) AS n FROM roster.entity WHERE snapshot_id = $1 GROUP BY kind',
    [snapshotId],
  );
  const counts = emptyCounts();
  for (const row of rows.rows) counts[row.kind] = Number(row.n);
  return counts;
}

/** The kinds the identity map holds: those passback maps back to PowerTeacher Pro ids. */
const IDENTITY_KINDS: readonly RosterKind[] = ROSTER_KINDS.filter((kind) => kind !== 'enrollment');

async function* oneBatchAtATime(
  entities: Iterable<RosterEntity> | AsyncIterable<RosterEntity>,
  size = 10_000,
): AsyncGenerator<RosterEntity[]> {
  let batch: RosterEntity[] = [];
  for await (const entity of entities) {
    batch.push(entity);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
