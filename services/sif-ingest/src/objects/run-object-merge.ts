import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { COPY_CHUNK_CHARACTERS, copyText, copyTextRow, streamBatches } from '@sisbridge/roster-store';
import { compareSisIds } from '@sisbridge/roster';
import type { SifObjectName } from '@sisbridge/sif-codec';

/** One object of a run as the store keeps it: its RefId, its record as JSON text, and the RefIds it names. */
export interface RunObject {
  refId: string;
  data: string;
  names: readonly string[];
}

/** What a merge changed in the current objects, per kind. */
export interface MergeCounts {
  added: number;
  changed: number;
  removed: number;
}

interface CurrentRow {
  ref_id: string;
  content_hash: string;
}

/**
 * Merges a nightly run's objects into the district's current objects (`sif_ingest.current_object`)
 * while the snapshot is built from them, and commits only once the snapshot is accepted: a feed
 * the checks refuse leaves the current objects as they were.
 *
 * Kind by kind, the run's objects come in RefId order (duplicates settled), and the current
 * objects of the kind are read alongside in the same order, keys and hashes only: a merge join
 * in constant memory. A new object goes with COPY straight into the current objects, in the
 * merge's own transaction (a first run writes each object once); a changed one, and a current
 * object the run does not carry (gone), go to a temporary table of that transaction, applied at
 * `commit`. A night with no change writes nothing.
 */
export class RunObjectMerge {
  private runner?: QueryRunner;
  private client?: PoolClient;
  // COPY text in chunks of at most COPY_CHUNK_CHARACTERS (young-generation strings; see copy-rows).
  private readonly added = new CopyChunks();
  private readonly staged = new CopyChunks();
  private readonly counts = new Map<SifObjectName, MergeCounts>();
  private current?: { objectName: SifObjectName; rows: AsyncIterator<CurrentRow[]>; batch: CurrentRow[]; at: number; done: boolean };

  constructor(
    private readonly dataSource: DataSource,
    private readonly districtId: string,
  ) {}

  async open(): Promise<void> {
    this.runner = this.dataSource.createQueryRunner();
    this.client = (await this.runner.connect()) as PoolClient;
    await this.client.query('BEGIN');
    await this.client.query(
      `CREATE TEMPORARY TABLE merged_object (object_name text NOT NULL, ref_id text COLLATE "C" NOT NULL, data text, names text[]) ON COMMIT DROP`,
    );
  }

  /** One batch of the run's objects of a kind, in RefId order after those given before. */
  async objects(objectName: SifObjectName, batch: readonly RunObject[]): Promise<void> {
    const counts = this.countsOf(objectName);
    if (this.current?.objectName !== objectName) await this.startKind(objectName);
    for (const object of batch) {
      let current = await this.peek();
      while (current && compareSisIds(current.ref_id, object.refId) < 0) {
        this.stage(objectName, current.ref_id, null);
        counts.removed++;
        this.advance();
        current = await this.peek();
      }
      if (current && current.ref_id === object.refId) {
        this.advance();
        if (current.content_hash === contentHash(object.data)) continue;
        counts.changed++;
        this.stage(objectName, object.refId, object);
      } else {
        counts.added++;
        this.added.add(copyTextRow([this.districtId, objectName, object.refId, object.data, textArray(object.names)]));
      }
    }
    await this.flush();
  }

  /** The kind is complete: current objects the run did not carry are gone. */
  async kindDone(objectName: SifObjectName): Promise<void> {
    if (this.current?.objectName !== objectName) await this.startKind(objectName);
    const counts = this.countsOf(objectName);
    for (let current = await this.peek(); current; current = await this.peek()) {
      this.stage(objectName, current.ref_id, null);
      counts.removed++;
      this.advance();
    }
    await this.current?.rows.return?.();
    this.current = undefined;
    await this.flush();
  }

  /** Applies what was staged and commits; returns what changed per kind. */
  async commit(): Promise<Map<SifObjectName, MergeCounts>> {
    const client = this.requireClient();
    await this.flush();
    await client.query(
      `UPDATE sif_ingest.current_object c SET data = m.data, names = m.names, updated_at = now() FROM merged_object m
        WHERE m.data IS NOT NULL AND c.district_id = $1 AND c.object_name = m.object_name AND c.ref_id = m.ref_id`,
      [this.districtId],
    );
    await client.query(
      `DELETE FROM sif_ingest.current_object c USING merged_object m
        WHERE m.data IS NULL AND c.district_id = $1 AND c.object_name = m.object_name AND c.ref_id = m.ref_id`,
      [this.districtId],
    );
    await this.close('COMMIT');
    return this.counts;
  }

  /** Leaves the current objects as they were. */
  async abandon(): Promise<void> {
    await this.current?.rows.return?.().catch(() => undefined);
    this.current = undefined;
    await this.close('ROLLBACK');
  }

  private countsOf(objectName: SifObjectName): MergeCounts {
    let counts = this.counts.get(objectName);
    if (!counts) {
      counts = { added: 0, changed: 0, removed: 0 };
      this.counts.set(objectName, counts);
    }
    return counts;
  }

  private async startKind(objectName: SifObjectName): Promise<void> {
    if (this.current) throw new Error(`the run's ${this.current.objectName} objects were not finished before its ${objectName} objects`);
    const rows = streamBatches<CurrentRow>(
      this.dataSource,
      `SELECT ref_id, content_hash FROM sif_ingest.current_object WHERE district_id = $1 AND object_name = $2 ORDER BY ref_id`,
      [this.districtId, objectName],
      5_000,
    );
    this.current = { objectName, rows: rows[Symbol.asyncIterator](), batch: [], at: 0, done: false };
  }

  private async peek(): Promise<CurrentRow | undefined> {
    const current = this.current;
    if (!current) return undefined;
    while (current.at >= current.batch.length && !current.done) {
      const next = await current.rows.next();
      if (next.done) current.done = true;
      else {
        current.batch = next.value;
        current.at = 0;
      }
    }
    return current.batch[current.at];
  }

  private advance(): void {
    if (this.current) this.current.at++;
  }

  /** A changed object (with its new record) or a gone one (without), applied at `commit`. */
  private stage(objectName: SifObjectName, refId: string, object: RunObject | null): void {
    this.staged.add(copyTextRow([objectName, refId, object?.data ?? null, object ? textArray(object.names) : null]));
  }

  private async flush(): Promise<void> {
    const client = this.requireClient();
    const added = this.added.take();
    if (added.length > 0)
      await copyText(client, 'sif_ingest.current_object', ['district_id', 'object_name', 'ref_id', 'data', 'names'], each(added));
    const staged = this.staged.take();
    if (staged.length > 0) await copyText(client, 'merged_object', ['object_name', 'ref_id', 'data', 'names'], each(staged));
  }

  private requireClient(): PoolClient {
    if (!this.client) throw new Error('the merge of the run into the current objects is not open');
    return this.client;
  }

  private async close(end: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const runner = this.runner;
    const client = this.client;
    this.runner = undefined;
    this.client = undefined;
    if (!runner) return;
    try {
      if (end === 'COMMIT') await client?.query('COMMIT');
      else await client?.query('ROLLBACK').catch(() => undefined);
    } finally {
      await runner.release();
    }
  }
}

/** Rows of COPY text gathered into chunks of at most COPY_CHUNK_CHARACTERS. */
class CopyChunks {
  private chunks: string[] = [];
  private chunk = '';

  add(row: string): void {
    if (this.chunk.length + row.length > COPY_CHUNK_CHARACTERS && this.chunk !== '') {
      this.chunks.push(this.chunk);
      this.chunk = '';
    }
    this.chunk += row;
  }

  /** Every chunk so far, and starts again. */
  take(): string[] {
    if (this.chunk !== '') this.chunks.push(this.chunk);
    const chunks = this.chunks;
    this.chunks = [];
    this.chunk = '';
    return chunks;
  }
}

async function* each(chunks: readonly string[]): AsyncGenerator<string> {
  yield* chunks;
}

/** A text[] literal for COPY (RefIds are GUIDs; quoted all the same). */
function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** MD5 of an object's JSON text, as Postgres computes `content_hash` (`md5(data)`). */
export function contentHash(data: string): string {
  return createHash('md5').update(data).digest('hex');
}
