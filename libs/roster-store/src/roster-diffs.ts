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
   * same pair returns the stored diff. Kind by kind, the entities that differ are the rows that
   * start or end between the two versions (`differing`): the diff costs what changed, not the
   * district; `changedFields` then says which fields changed. Streamed in batches, so memory
   * stays flat; the changes go back with one COPY.
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
    if (from && to && from.districtId !== to.districtId)
      throw new Error(`snapshots ${from.id} and ${to.id} are of different districts, and have no diff`);
    const differing = (kind: RosterKind) => this.differing(from, to as SnapshotRecord, kind);
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
   * another value), in SIS id order, as `jsonb` text. Between two versions of a district, only
   * the entities whose rows start or end in between can differ (`valid_from` or `valid_to` in
   * the window, found by index): each is read as it stands at both ends, and kept when the two
   * differ (an entity changed and changed back is no change). Without `from`, every entity of
   * `to` is an add.
   */
  private async *differing(from: SnapshotRecord | undefined, to: SnapshotRecord, kind: RosterKind): AsyncGenerator<DifferingRow[]> {
    if (!from) {
      yield* streamBatches<DifferingRow>(
        this.dataSource,
        `SELECT sis_id, NULL::text AS before, data::text AS after FROM roster.entity_version
          WHERE district_id = $1 AND kind = $2 AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3) ORDER BY sis_id`,
        [to.districtId, kind, to.version],
        5_000,
      );
      return;
    }
    if (from.version === to.version) return;
    yield* streamBatches<DifferingRow>(
      this.dataSource,
      `WITH touched AS (
         SELECT sis_id FROM roster.entity_version WHERE district_id = $1 AND kind = $2 AND valid_from > $5 AND valid_from <= $6
         UNION
         SELECT sis_id FROM roster.entity_version WHERE district_id = $1 AND kind = $2 AND valid_to > $5 AND valid_to <= $6
       )
       SELECT t.sis_id, a.data::text AS before, b.data::text AS after
         FROM touched t
         LEFT JOIN roster.entity_version a ON a.district_id = $1 AND a.kind = $2 AND a.sis_id = t.sis_id
              AND a.valid_from <= $3 AND (a.valid_to IS NULL OR a.valid_to > $3)
         LEFT JOIN roster.entity_version b ON b.district_id = $1 AND b.kind = $2 AND b.sis_id = t.sis_id
              AND b.valid_from <= $4 AND (b.valid_to IS NULL OR b.valid_to > $4)
        WHERE a.data IS DISTINCT FROM b.data
        ORDER BY 1`,
      [to.districtId, kind, from.version, to.version, Math.min(from.version, to.version), Math.max(from.version, to.version)],
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
