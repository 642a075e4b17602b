import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import {
  changedFields,
  emptyDiffCounts,
  ROSTER_KINDS,
  type DiffCounts,
  type RosterChange,
  type RosterChangeOp,
  type RosterEntity,
  type RosterKind,
} from '@sisbridge/roster';
import { copyRows, type Cell } from './copy-rows';
import type { RosterSnapshots } from './roster-snapshots';
import type { SnapshotRecord } from './snapshot-record';
import { streamBatches, streamRows } from './stream-rows';

export interface DiffRecord {
  id: string;
  districtId: string;
  /** Absent for a district's first run: everything is an add. */
  fromSnapshotId?: string;
  toSnapshotId: string;
  counts: DiffCounts;
  createdAt: Date;
}

interface DiffRow {
  id: string;
  district_id: string;
  from_snapshot_id: string | null;
  to_snapshot_id: string;
  counts: DiffCounts;
  created_at: Date;
}

/** An entity that differs between two snapshots, as `jsonb` text; null on the side it is missing from. */
interface DifferingRow {
  sis_id: string;
  before: string | null;
  after: string | null;
}

interface ChangeRow {
  kind: RosterKind;
  sis_id: string;
  op: RosterChange['op'];
  fields: string[];
  before: RosterEntity | null;
  after: RosterEntity | null;
}

/** Diffs between snapshots, stored as rows so the provisioner can stream them by id. */
export class RosterDiffs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: RosterSnapshots,
  ) {}

  /**
   * Computes and stores the diff `from` → `to` (all adds when `from` is absent). Idempotent: the
   * same pair returns the stored diff. Kind by kind, Postgres finds the entities whose stored
   * `jsonb` differs (`differing`), so the unchanged ones, nearly all of a nightly diff, never
   * leave the database; `changedFields` then says which fields changed. Streamed in batches, so
   * memory stays flat; the changes go back with one COPY.
   */
  async compute(
    districtId: string,
    fromSnapshotId: string | undefined,
    toSnapshotId: string,
  ): Promise<{ diff: DiffRecord; created: boolean }> {
    const existing = await this.find(districtId, fromSnapshotId, toSnapshotId);
    if (existing) return { diff: existing, created: false };
    const sides: Array<SnapshotRecord | undefined> = [];
    for (const id of [fromSnapshotId, toSnapshotId]) {
      const snapshot = id ? await this.snapshots.get(id) : undefined;
      if (id && snapshot?.status !== 'complete')
        throw new Error(`snapshot ${id} is ${snapshot ? snapshot.status : 'missing'}, not complete`);
      sides.push(snapshot);
    }
    const [from, to] = sides;
    const diffId = randomUUID();
    const counts = emptyDiffCounts();
    for (const kind of ROSTER_KINDS) {
      // A complete snapshot's counts are its rows', counted when it was completed.
      counts[kind].before = from?.counts[kind] ?? 0;
      counts[kind].after = to?.counts[kind] ?? 0;
    }
    const differing = (kind: RosterKind) => this.differing(fromSnapshotId, toSnapshotId, kind);
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(
        `INSERT INTO roster.diff (id, district_id, from_snapshot_id, to_snapshot_id, counts) VALUES ($1, $2, $3, $4, '{}')`,
        [diffId, districtId, fromSnapshotId ?? null, toSnapshotId],
      );
      const rows = (async function* () {
        for (const kind of ROSTER_KINDS) {
          for await (const batch of differing(kind)) {
            for (const row of batch) {
              const op: RosterChangeOp = row.before === null ? 'add' : row.after === null ? 'remove' : 'change';
              const fields =
                row.before !== null && row.after !== null
                  ? changedFields(JSON.parse(row.before) as object, JSON.parse(row.after) as object)
                  : [];
              // Values jsonb tells apart but JavaScript does not are no change (diffSorted's rule).
              if (op === 'change' && fields.length === 0) continue;
              counts[kind][op]++;
              yield [diffId, kind, row.sis_id, op, postgresTextArray(fields), row.before, row.after] as Cell[];
            }
          }
        }
      })();
      await copyRows(client, 'roster.diff_change', ['diff_id', 'kind', 'sis_id', 'op', 'fields', 'before', 'after'], rows);
      await client.query('UPDATE roster.diff SET counts = $2 WHERE id = $1', [diffId, JSON.stringify(counts)]);
    });
    const diff = await this.get(diffId);
    if (!diff) throw new Error(`diff ${diffId} vanished after being written`);
    return { diff, created: true };
  }

  /**
   * The entities of one kind that differ between two snapshots (added, removed, or stored with
   * another value), in SIS id order, as `jsonb` text: found by Postgres, joining both sides on
   * the key and comparing values there, so that a nightly diff of a large district sends
   * thousands of rows rather than 1.6 million. Without `from`, every entity of `to` is an add.
   */
  private async *differing(fromSnapshotId: string | undefined, toSnapshotId: string, kind: RosterKind): AsyncGenerator<DifferingRow[]> {
    if (!fromSnapshotId) {
      yield* streamBatches<DifferingRow>(
        this.dataSource,
        'SELECT sis_id, NULL::text AS before, data::text AS after FROM roster.entity WHERE snapshot_id = $1 AND kind = $2 ORDER BY sis_id',
        [toSnapshotId, kind],
        5_000,
      );
      return;
    }
    yield* streamBatches<DifferingRow>(
      this.dataSource,
      `SELECT coalesce(a.sis_id, b.sis_id) AS sis_id, a.data::text AS before, b.data::text AS after
         FROM (SELECT sis_id, data FROM roster.entity WHERE snapshot_id = $1 AND kind = $3) a
         FULL JOIN (SELECT sis_id, data FROM roster.entity WHERE snapshot_id = $2 AND kind = $3) b ON b.sis_id = a.sis_id
        WHERE a.data IS DISTINCT FROM b.data
        ORDER BY 1`,
      [fromSnapshotId, toSnapshotId, kind],
      5_000,
    );
  }

  async get(diffId: string): Promise<DiffRecord | undefined> {
    const rows: DiffRow[] = await this.dataSource.query('SELECT * FROM roster.diff WHERE id = $1', [diffId]);
    return rows[0] ? toDiffRecord(rows[0]) : undefined;
  }

  async find(districtId: string, fromSnapshotId: string | undefined, toSnapshotId: string): Promise<DiffRecord | undefined> {
    const rows: DiffRow[] = await this.dataSource.query(
      `SELECT * FROM roster.diff WHERE district_id = $1 AND from_snapshot_id IS NOT DISTINCT FROM $2 AND to_snapshot_id = $3`,
      [districtId, fromSnapshotId ?? null, toSnapshotId],
    );
    return rows[0] ? toDiffRecord(rows[0]) : undefined;
  }

  /** The changes of one kind, in sis id order. */
  async *changes(diffId: string, kind: RosterKind): AsyncGenerator<RosterChange> {
    const rows = streamRows<ChangeRow>(
      this.dataSource,
      'SELECT kind, sis_id, op, fields, before, after FROM roster.diff_change WHERE diff_id = $1 AND kind = $2 ORDER BY sis_id',
      [diffId, kind],
    );
    for await (const row of rows) yield toChange(row);
  }
}

/** A text[] literal for COPY; field names are entity property names, quoted all the same. */
function postgresTextArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function toDiffRecord(row: DiffRow): DiffRecord {
  return {
    id: row.id,
    districtId: row.district_id,
    fromSnapshotId: row.from_snapshot_id ?? undefined,
    toSnapshotId: row.to_snapshot_id,
    counts: row.counts,
    createdAt: row.created_at,
  };
}

function toChange(row: ChangeRow): RosterChange {
  if (row.op === 'add') return { op: 'add', kind: row.kind, sisId: row.sis_id, after: row.after as RosterEntity };
  if (row.op === 'remove') return { op: 'remove', kind: row.kind, sisId: row.sis_id, before: row.before as RosterEntity };
  return {
    op: 'change',
    kind: row.kind,
    sisId: row.sis_id,
    before: row.before as RosterEntity,
    after: row.after as RosterEntity,
    fields: row.fields,
  };
}
