import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import { ROSTER_KINDS, type RosterEntity, type RosterEntityOf, type RosterKind } from '@sisbridge/roster';
import { COPY_CHUNK_CHARACTERS, copyText, copyTextRow } from './copy-rows';
import { entityContentHash } from './entity-content-hash';
import { toSnapshotRecord, type SnapshotRecord, type SnapshotRow } from './snapshot-record';
import { streamBatches } from './stream-rows';

export interface BeginSnapshot {
  id: string;
  districtId: string;
  schoolYear: number;
  ingestRunId?: string;
}

/** An entity of the district's current snapshot that a new version no longer has. */
export interface EntityKey {
  kind: RosterKind;
  sisId: string;
}

/** What a new version changes, when its writer knows it (the events path): entities to add or replace, entities to remove. */
export interface SnapshotChanges {
  upserts: readonly RosterEntity[];
  removals: readonly EntityKey[];
}

/** How many entities of each kind a snapshot holds. */
export type SnapshotCounts = Record<RosterKind, number>;

/** How many entity rows a write added (new or changed entities) and closed (changed or removed ones). */
export interface VersionWrites {
  counts: SnapshotCounts;
  written: number;
  closed: number;
}

const ENTITY_COLUMNS = ['district_id', 'kind', 'sis_id', 'valid_from', 'content_hash', 'data'];

/**
 * Canonical roster snapshots in the `roster` schema, stored as changes: each district's
 * snapshots are numbered (`version`), and `roster.entity_version` holds each entity once per
 * stretch of versions in which it stays the same. Snapshot v is the rows with
 * `valid_from <= v AND (valid_to IS NULL OR valid_to > v)`; the open rows (`valid_to IS NULL`)
 * are the district's newest complete snapshot. Writing version v inserts rows for added and
 * changed entities only and closes the rows of changed and removed ones, so readers of older
 * versions never see it; `fail` undoes it. Written by sif-ingest only (one writer per district
 * at a time: its district lock; each write also takes a transaction lock per district), read
 * (as streams, in sis id order) by the diff and by the other services, also through the
 * `roster.entity` view (`snapshot_id, kind, sis_id, data`).
 */
export class RosterSnapshots {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Starts (or restarts) building a snapshot as the district's next version. Idempotent for a
   * retried activity: a snapshot still `building` (or `failed`) loses what it wrote and starts
   * again, on top of the newest version; a complete one is left alone. Any other snapshot of
   * the district still `building` was abandoned by a run that died: it is undone and marked failed.
   */
  async begin(snapshot: BeginSnapshot): Promise<SnapshotRecord> {
    return inPgTransaction(this.dataSource, async (client) => {
      await lockDistrict(client, snapshot.districtId);
      const existing = await client.query<SnapshotRow>('SELECT * FROM roster.snapshot WHERE id = $1', [snapshot.id]);
      const row = existing.rows[0];
      if (row?.status === 'complete') return toSnapshotRecord(row);
      if (row && row.district_id !== snapshot.districtId) throw new Error(`snapshot ${snapshot.id} belongs to district ${row.district_id}`);
      const abandoned = await client.query<{ id: string; version: string }>(
        `SELECT id, version FROM roster.snapshot WHERE district_id = $1 AND status = 'building' AND id <> $2`,
        [snapshot.districtId, snapshot.id],
      );
      for (const other of abandoned.rows) {
        await undoVersion(client, snapshot.districtId, Number(other.version));
        await client.query(`UPDATE roster.snapshot SET status = 'failed', failure_reason = $2 WHERE id = $1`, [
          other.id,
          `abandoned: snapshot ${snapshot.id} began after it`,
        ]);
      }
      if (row) await undoVersion(client, snapshot.districtId, Number(row.version));
      const next = await nextVersion(client, snapshot.districtId, snapshot.id);
      const written = row
        ? await client.query<SnapshotRow>(
            `UPDATE roster.snapshot SET status = 'building', version = $2, failure_reason = NULL, completed_at = NULL WHERE id = $1 RETURNING *`,
            [snapshot.id, next],
          )
        : await client.query<SnapshotRow>(
            `INSERT INTO roster.snapshot (id, district_id, school_year, ingest_run_id, status, version)
             VALUES ($1, $2, $3, $4, 'building', $5) RETURNING *`,
            [snapshot.id, snapshot.districtId, snapshot.schoolYear, snapshot.ingestRunId ?? null, next],
          );
      return toSnapshotRecord(written.rows[0] as SnapshotRow);
    });
  }

  /** Writes the whole content of a snapshot (see `writeBatches`); returns how many entities it holds. */
  async write(snapshotId: string, entities: Iterable<RosterEntity> | AsyncIterable<RosterEntity>): Promise<number> {
    const written = await this.writeBatches(snapshotId, oneBatchAtATime(entities));
    return Object.values(written).reduce((sum, n) => sum + n, 0);
  }

  /** `writeVersion`, for callers that only need the counts. */
  async writeBatches(snapshotId: string, batches: AsyncIterable<readonly RosterEntity[]>): Promise<SnapshotCounts> {
    return (await this.writeVersion(snapshotId, batches)).counts;
  }

  /**
   * Writes a snapshot given whole, in batches (a full build's output), as the changes from the
   * district's newest version: each entity's content hash is compared with the open row of its
   * key; a new or changed entity gets a row from this version on, and the rows of changed
   * entities and of those the batches do not hold are closed. An unchanged night writes nothing.
   * Memory holds the open rows' keys and hashes (the district's size in small strings), and one
   * chunk of COPY text. Returns the snapshot's counts (for `complete`) and the rows written.
   */
  async writeVersion(snapshotId: string, batches: AsyncIterable<readonly RosterEntity[]>): Promise<VersionWrites> {
    return inPgTransaction(this.dataSource, async (client) => {
      const snapshot = await buildingSnapshot(client, snapshotId);
      const version = snapshot.version;
      const head = await openHashes(client, snapshot.districtId);
      const counts = emptyCounts();
      for (const kind of ROSTER_KINDS) counts[kind] = head.get(kind)?.size ?? 0;
      const closing: EntityKey[] = [];
      let written = 0;
      const chunks = (async function* () {
        let chunk = '';
        for await (const batch of batches) {
          for (const entity of batch) {
            const hash = entityContentHash(entity);
            const open = head.get(entity.kind);
            const before = open?.get(entity.sisId);
            if (before !== undefined) open?.delete(entity.sisId);
            if (before === hash) continue;
            if (before === undefined) counts[entity.kind]++;
            else closing.push({ kind: entity.kind, sisId: entity.sisId });
            written++;
            chunk += copyTextRow([snapshot.districtId, entity.kind, entity.sisId, version, hash, JSON.stringify(entity)]);
            if (chunk.length >= COPY_CHUNK_CHARACTERS) {
              yield chunk;
              chunk = '';
            }
          }
        }
        if (chunk !== '') yield chunk;
      })();
      await copyText(client, 'roster.entity_version', ENTITY_COLUMNS, chunks);
      // What the batches did not hold is gone from this version on.
      for (const [kind, open] of head) {
        for (const sisId of open.keys()) closing.push({ kind, sisId });
        counts[kind] -= open.size;
      }
      const closed = await closeRows(client, snapshot.districtId, version, closing);
      return { counts, written, closed };
    });
  }

  /**
   * Writes a snapshot as the district's newest version plus known changes (the events path):
   * upserts whose content is already the current one are no change; removals of entities the
   * newest version does not hold are none either. Cost grows with the changes, not the district.
   */
  async writeChanges(snapshotId: string, changes: SnapshotChanges): Promise<VersionWrites> {
    return inPgTransaction(this.dataSource, async (client) => {
      const snapshot = await buildingSnapshot(client, snapshotId);
      const version = snapshot.version;
      const keys = [...changes.upserts.map((entity) => ({ kind: entity.kind, sisId: entity.sisId })), ...changes.removals];
      const current = await openHashesOf(client, snapshot.districtId, keys);
      const counts = await latestCounts(client, snapshot.districtId, version);
      const closing: EntityKey[] = [];
      const rows: string[] = [];
      const upserted = new Set<string>();
      for (const entity of changes.upserts) {
        const key = `${entity.kind}/${entity.sisId}`;
        if (upserted.has(key)) throw new Error(`the changes of snapshot ${snapshotId} name ${key} twice`);
        upserted.add(key);
        const hash = entityContentHash(entity);
        const before = current.get(key);
        if (before === hash) continue;
        if (before === undefined) counts[entity.kind]++;
        else closing.push({ kind: entity.kind, sisId: entity.sisId });
        rows.push(copyTextRow([snapshot.districtId, entity.kind, entity.sisId, version, hash, JSON.stringify(entity)]));
      }
      for (const removal of changes.removals) {
        const key = `${removal.kind}/${removal.sisId}`;
        if (upserted.has(key) || !current.has(key)) continue;
        closing.push(removal);
        counts[removal.kind]--;
      }
      if (rows.length > 0) await copyText(client, 'roster.entity_version', ENTITY_COLUMNS, chunked(rows));
      const closed = await closeRows(client, snapshot.districtId, version, closing);
      return { counts, written: rows.length, closed };
    });
  }

  /**
   * Marks the snapshot complete with its counts, and records the RefId ⇄ DCID ⇄ SIS id of every
   * school, term, course, section and user it added or changed in the identity map (those it
   * removed are marked no longer present), in one transaction. Enrollments are not in the
   * identity map: they have no DCID, passback never looks them up there, and they are five in
   * six of a district's entities. An unchanged entity's identity row is not touched: the
   * `roster.identity` view shows it last seen in the district's newest snapshot.
   *
   * `written`: the counts a write returned; without them, the version's rows are counted.
   */
  async complete(snapshotId: string, written?: SnapshotCounts): Promise<SnapshotRecord> {
    return inPgTransaction(this.dataSource, async (client) => {
      const snapshot = await snapshotRow(client, snapshotId);
      const version = Number(snapshot.version);
      const counts = written ? { ...written } : await countEntities(client, snapshot.district_id, version);
      const previous = await client.query<{ id: string }>(
        `SELECT id FROM roster.snapshot WHERE district_id = $1 AND status = 'complete' AND version < $2 ORDER BY version DESC LIMIT 1`,
        [snapshot.district_id, version],
      );
      // Per kind: each statement is a range of an index on (district, kind, valid_from or valid_to).
      for (const kind of IDENTITY_KINDS) {
        await client.query(
          `UPDATE roster.identity_map m SET present = false, last_seen_snapshot_id = coalesce($4, m.last_seen_snapshot_id), updated_at = now()
             FROM roster.entity_version e
            WHERE e.district_id = $1 AND e.kind = $2 AND e.valid_to = $3
              AND m.district_id = e.district_id AND m.kind = e.kind AND m.ref_id = e.data->>'refId'`,
          [snapshot.district_id, kind, version, previous.rows[0]?.id ?? null],
        );
        await client.query(
          `INSERT INTO roster.identity_map (district_id, kind, ref_id, dcid, sis_id, person_type, first_seen_snapshot_id, last_seen_snapshot_id)
           SELECT e.district_id, e.kind, e.data->>'refId', (e.data->>'dcid')::bigint, e.sis_id, e.data->>'personType', $4, $4
             FROM roster.entity_version e
            WHERE e.district_id = $1 AND e.kind = $2 AND e.valid_from = $3 AND e.data ? 'refId'
           ON CONFLICT (district_id, kind, ref_id) DO UPDATE
              SET dcid = EXCLUDED.dcid, sis_id = EXCLUDED.sis_id, person_type = EXCLUDED.person_type,
                  last_seen_snapshot_id = EXCLUDED.last_seen_snapshot_id, present = true, updated_at = now()`,
          [snapshot.district_id, kind, version, snapshotId],
        );
      }
      const updated = await client.query<SnapshotRow>(
        `UPDATE roster.snapshot SET status = 'complete', counts = $2, completed_at = coalesce(completed_at, now())
          WHERE id = $1 RETURNING *`,
        [snapshotId, JSON.stringify(counts)],
      );
      return toSnapshotRecord(updated.rows[0] as SnapshotRow);
    });
  }

  /** Marks a snapshot failed and undoes what it wrote (its version is then as if never written). */
  async fail(snapshotId: string, reason: string): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      const snapshot = await client.query<SnapshotRow>(`SELECT * FROM roster.snapshot WHERE id = $1 AND status = 'building'`, [snapshotId]);
      const row = snapshot.rows[0];
      if (!row) return;
      await lockDistrict(client, row.district_id);
      await undoVersion(client, row.district_id, Number(row.version));
      await client.query(`UPDATE roster.snapshot SET status = 'failed', failure_reason = $2 WHERE id = $1`, [snapshotId, reason]);
    });
  }

  async get(snapshotId: string): Promise<SnapshotRecord | undefined> {
    const rows: SnapshotRow[] = await this.dataSource.query('SELECT * FROM roster.snapshot WHERE id = $1', [snapshotId]);
    return rows[0] ? toSnapshotRecord(rows[0]) : undefined;
  }

  /** The newest complete snapshot of a district's school year, optionally other than `except`. */
  async latestComplete(districtId: string, schoolYear: number, except?: string): Promise<SnapshotRecord | undefined> {
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT * FROM roster.snapshot WHERE district_id = $1 AND school_year = $2 AND status = 'complete' AND id <> coalesce($3::uuid, '00000000-0000-0000-0000-000000000000')
        ORDER BY version DESC LIMIT 1`,
      [districtId, schoolYear, except ?? null],
    );
    return rows[0] ? toSnapshotRecord(rows[0]) : undefined;
  }

  /** One kind of a snapshot, in sis id order (the order `diffSorted` needs). */
  async *stream<K extends RosterKind>(snapshotId: string, kind: K): AsyncGenerator<RosterEntityOf<K>> {
    const snapshot = await this.get(snapshotId);
    if (!snapshot) return;
    const rows = streamBatches<{ data: RosterEntityOf<K> }>(
      this.dataSource,
      `SELECT data FROM roster.entity_version WHERE district_id = $1 AND kind = $2 AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)
        ORDER BY sis_id`,
      [snapshot.districtId, kind, snapshot.version],
      2_000,
    );
    for await (const batch of rows) for (const row of batch) yield row.data;
  }

  /**
   * Retention: keeps the district's newest `keep` complete snapshots, the one Canvas last took in
   * (the base of the district's newest diff) and everything newer; deletes the older snapshots
   * (and their diffs), and the entity rows no kept version can see (those closed at or before
   * the oldest kept version). Returns how many snapshots went.
   */
  async prune(districtId: string, keep: number): Promise<number> {
    return inPgTransaction(this.dataSource, async (client) => {
      await lockDistrict(client, districtId);
      const oldest = await client.query<{ version: string | null }>(
        `SELECT least(
           (SELECT min(version) FROM (SELECT version FROM roster.snapshot WHERE district_id = $1 AND status = 'complete' ORDER BY version DESC LIMIT $2) newest),
           (SELECT s.version FROM roster.diff d JOIN roster.snapshot s ON s.id = d.from_snapshot_id WHERE d.district_id = $1 ORDER BY d.created_at DESC LIMIT 1)
         ) AS version`,
        [districtId, keep],
      );
      const kept = oldest.rows[0]?.version;
      if (kept === null || kept === undefined) return 0;
      const deleted = await client.query(`DELETE FROM roster.snapshot WHERE district_id = $1 AND version < $2 AND status <> 'building'`, [
        districtId,
        kept,
      ]);
      await client.query(`DELETE FROM roster.entity_version WHERE district_id = $1 AND valid_to <= $2`, [districtId, kept]);
      return deleted.rowCount ?? 0;
    });
  }
}

interface BuildingSnapshot {
  districtId: string;
  version: number;
}

/** Writers of a district's versions take turns (the head they compare with must not move under them). */
async function lockDistrict(client: PoolClient, districtId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sisbridge-roster-store:${districtId}`]);
}

async function snapshotRow(client: PoolClient, snapshotId: string): Promise<SnapshotRow> {
  const rows = await client.query<SnapshotRow>('SELECT * FROM roster.snapshot WHERE id = $1', [snapshotId]);
  const row = rows.rows[0];
  if (!row) throw new Error(`snapshot ${snapshotId} does not exist`);
  return row;
}

/** The snapshot a write is for, which must be building; what it wrote before is undone (a write gives its whole version). */
async function buildingSnapshot(client: PoolClient, snapshotId: string): Promise<BuildingSnapshot> {
  const row = await snapshotRow(client, snapshotId);
  if (row.status !== 'building') throw new Error(`snapshot ${snapshotId} is ${row.status}, not building`);
  await lockDistrict(client, row.district_id);
  const version = Number(row.version);
  await undoVersion(client, row.district_id, version);
  return { districtId: row.district_id, version };
}

/** The next version of a district: above every other snapshot it has. */
async function nextVersion(client: PoolClient, districtId: string, except: string): Promise<number> {
  const rows = await client.query<{ next: string }>(
    `SELECT coalesce(max(version), 0) + 1 AS next FROM roster.snapshot WHERE district_id = $1 AND id <> $2`,
    [districtId, except],
  );
  return Number(rows.rows[0]?.next ?? 1);
}

/**
 * Takes a version's writes back: its rows go, the rows it closed are open again. Every kind is
 * named, so each statement is a few probes of the (district, kind, valid_from|valid_to) indexes
 * rather than a walk over the district's entries.
 */
async function undoVersion(client: PoolClient, districtId: string, version: number): Promise<void> {
  await client.query(`DELETE FROM roster.entity_version WHERE district_id = $1 AND kind = ANY($3::text[]) AND valid_from = $2`, [
    districtId,
    version,
    ROSTER_KINDS,
  ]);
  await client.query(
    `UPDATE roster.entity_version SET valid_to = NULL WHERE district_id = $1 AND kind = ANY($3::text[]) AND valid_to = $2`,
    [districtId, version, ROSTER_KINDS],
  );
}

/** The open rows of a district (its newest version): kind → sis id → content hash. */
async function openHashes(client: PoolClient, districtId: string): Promise<Map<RosterKind, Map<string, string>>> {
  const head = new Map<RosterKind, Map<string, string>>(ROSTER_KINDS.map((kind) => [kind, new Map<string, string>()]));
  for (const kind of ROSTER_KINDS) {
    const open = head.get(kind) as Map<string, string>;
    // Arrays rather than objects per row: a large district has 800,000 of them.
    const rows = await client.query<[string, string]>({
      text: `SELECT sis_id, content_hash FROM roster.entity_version WHERE district_id = $1 AND kind = $2 AND valid_to IS NULL`,
      values: [districtId, kind],
      rowMode: 'array',
    });
    for (const [sisId, hash] of rows.rows) open.set(sisId, hash);
  }
  return head;
}

/** The open rows' hashes of some entities, by "kind/sis id". */
async function openHashesOf(client: PoolClient, districtId: string, keys: readonly EntityKey[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const rows = await client.query<{ kind: string; sis_id: string; content_hash: string }>(
    `SELECT e.kind, e.sis_id, e.content_hash FROM unnest($2::text[], $3::text[]) AS k(kind, sis_id)
       JOIN roster.entity_version e ON e.district_id = $1 AND e.kind = k.kind AND e.sis_id = k.sis_id COLLATE "C" AND e.valid_to IS NULL`,
    [districtId, keys.map((key) => key.kind), keys.map((key) => key.sisId)],
  );
  for (const row of rows.rows) found.set(`${row.kind}/${row.sis_id}`, row.content_hash);
  return found;
}

/** Closes the open rows of these entities at `version` (they change or go there). */
async function closeRows(client: PoolClient, districtId: string, version: number, keys: readonly EntityKey[]): Promise<number> {
  let closed = 0;
  for (let at = 0; at < keys.length; at += 50_000) {
    const slice = keys.slice(at, at + 50_000);
    const result = await client.query(
      `UPDATE roster.entity_version e SET valid_to = $2
         FROM unnest($3::text[], $4::text[]) AS k(kind, sis_id)
        WHERE e.district_id = $1 AND e.kind = k.kind AND e.sis_id = k.sis_id COLLATE "C" AND e.valid_to IS NULL AND e.valid_from < $2`,
      [districtId, version, slice.map((key) => key.kind), slice.map((key) => key.sisId)],
    );
    closed += result.rowCount ?? 0;
  }
  return closed;
}

/** The counts of the district's newest complete snapshot before `version`: what a version of changes starts from. */
async function latestCounts(client: PoolClient, districtId: string, version: number): Promise<SnapshotCounts> {
  const rows = await client.query<{ counts: Partial<SnapshotCounts> }>(
    `SELECT counts FROM roster.snapshot WHERE district_id = $1 AND status = 'complete' AND version < $2 ORDER BY version DESC LIMIT 1`,
    [districtId, version],
  );
  const counts = emptyCounts();
  for (const kind of ROSTER_KINDS) counts[kind] = rows.rows[0]?.counts[kind] ?? 0;
  return counts;
}

/** The kinds the identity map holds: those passback maps back to PowerTeacher Pro ids. */
const IDENTITY_KINDS: readonly RosterKind[] = ROSTER_KINDS.filter((kind) => kind !== 'enrollment');

function emptyCounts(): SnapshotCounts {
  return Object.fromEntries(ROSTER_KINDS.map((kind) => [kind, 0])) as SnapshotCounts;
}

async function countEntities(client: PoolClient, districtId: string, version: number): Promise<SnapshotCounts> {
  const rows = await client.query<{ kind: RosterKind; n: string }>(
    `SELECT kind, count(*) AS n FROM roster.entity_version
      WHERE district_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) GROUP BY kind`,
    [districtId, version],
  );
  const counts = emptyCounts();
  for (const row of rows.rows) counts[row.kind] = Number(row.n);
  return counts;
}

async function* chunked(rows: readonly string[]): AsyncGenerator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row;
    if (chunk.length >= COPY_CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

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
