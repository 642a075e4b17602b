import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import { diffSorted, emptyDiffCounts, ROSTER_KINDS, type DiffCounts, type RosterChange, type RosterEntity, type RosterKind } from '@sisbridge/roster';
import { copyRows } from './copy-rows';
import type { RosterSnapshots } from './roster-snapshots';
import { streamRows } from './stream-rows';

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
   * same pair returns the stored diff. Streams both sides kind by kind, so memory stays flat.
   */
  async compute(districtId: string, fromSnapshotId: string | undefined, toSnapshotId: string): Promise<{ diff: DiffRecord; created: boolean }> {
    const existing = await this.find(districtId, fromSnapshotId, toSnapshotId);
    if (existing) return { diff: existing, created: false };
    for (const id of [fromSnapshotId, toSnapshotId]) {
      if (!id) continue;
      const snapshot = await this.snapshots.get(id);
      if (snapshot?.status !== 'complete') throw new Error(`snapshot ${id} is ${snapshot ? snapshot.status : 'missing'}, not complete`);
    }
    const diffId = randomUUID();
    const counts = emptyDiffCounts();
    const snapshots = this.snapshots;
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(
        `INSERT INTO roster.diff (id, district_id, from_snapshot_id, to_snapshot_id, counts) VALUES ($1, $2, $3, $4, '{}')`,
        [diffId, districtId, fromSnapshotId ?? null, toSnapshotId],
      );
      const rows = (async function* () {
        for (const kind of ROSTER_KINDS) {
          const before = fromSnapshotId ? countEach(snapshots.stream(fromSnapshotId, kind), () => counts[kind].before++) : [];
          const after = countEach(snapshots.stream(toSnapshotId, kind), () => counts[kind].after++);
          for await (const change of diffSorted<RosterEntity>(before, after)) {
            counts[kind][change.op]++;
            yield [
              diffId,
              kind,
              change.sisId,
              change.op,
              postgresTextArray(change.op === 'change' ? change.fields : []),
              change.op === 'add' ? null : JSON.stringify(change.before),
              change.op === 'remove' ? null : JSON.stringify(change.after),
            ];
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

async function* countEach<E>(source: AsyncIterable<E>, onItem: () => void): AsyncGenerator<E> {
  for await (const item of source) {
    onItem();
    yield item;
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
  return { op: 'change', kind: row.kind, sisId: row.sis_id, before: row.before as RosterEntity, after: row.after as RosterEntity, fields: row.fields };
}
