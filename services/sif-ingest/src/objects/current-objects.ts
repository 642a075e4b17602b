import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { streamBatches } from '@sisbridge/roster-store';
import type { SifObjectName, SifRecord, SifRecordOf } from '@sisbridge/sif-codec';
import { timedBatches } from '../observability/ingest-phase-metrics';
import type { RawObjectSource } from '../roster-build/build-roster';
import { namedRefIds } from './object-references';

/** A current object as stored: its kind, RefId and record. */
export interface CurrentObject {
  objectName: SifObjectName;
  refId: string;
  record: SifRecord;
}

/** Somewhere queries run: a transaction's client, or `reader()`. */
export interface Queryable {
  query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The district's current SIF objects (`sif_ingest.current_object`): what PowerSchool has told us
 * of, as it stands now. Read whole, kind by kind in RefId order (a full build), or by RefId and
 * by the RefIds objects name (an incremental one); written by the nightly merge
 * (`RunObjectMerge`) and by SIF_Events (`put`, `remove`), always under the district's lock.
 */
@Injectable()
export class CurrentObjects {
  constructor(private readonly dataSource: DataSource) {}

  /** Queries on the pool, outside any transaction (what an incremental build reads after the events are committed). */
  reader(): Queryable {
    return { query: async (sql, values) => ({ rows: (await this.dataSource.query(sql, values)) as unknown[] }) };
  }

  /** Every current object of the district, one kind at a time in RefId order: the source of a full build. */
  source(districtId: string): RawObjectSource {
    const dataSource = this.dataSource;
    return {
      async *objects<N extends SifObjectName>(objectName: N): AsyncGenerator<Array<SifRecordOf<N>>> {
        const batches = timedBatches(
          streamBatches<{ data: string }>(
            dataSource,
            `SELECT data FROM sif_ingest.current_object WHERE district_id = $1 AND object_name = $2 ORDER BY ref_id`,
            [districtId, objectName],
            1_000,
          ),
          'rawObjectsWait',
        );
        for await (const rows of batches) yield rows.map((row) => JSON.parse(row.data) as SifRecordOf<N>);
      },
    };
  }

  /** The current objects with these RefIds (any kind; RefIds are GUIDs). */
  async byRefIds(districtId: string, refIds: Iterable<string>, db: Queryable): Promise<CurrentObject[]> {
    const wanted = [...new Set(refIds)];
    if (wanted.length === 0) return [];
    // By RefId first (a GUID: the district filter after it), so the planner never walks the district's key instead.
    const rows = await db.query(
      `SELECT object_name, ref_id, data FROM (SELECT district_id, object_name, ref_id, data FROM sif_ingest.current_object
          WHERE ref_id = ANY($2::text[]) OFFSET 0) found WHERE district_id = $1 ORDER BY ref_id`,
      [districtId, wanted],
    );
    return (rows.rows as ObjectRow[]).map(toCurrentObject);
  }

  /** The current objects that name any of these RefIds (as their school, course, section, person, term or teacher). */
  async naming(districtId: string, refIds: Iterable<string>, db: Queryable): Promise<CurrentObject[]> {
    const named = [...new Set(refIds)];
    if (named.length === 0) return [];
    // Through the index of names first (RefIds are GUIDs: the district filter after it), never the district's key.
    const rows = await db.query(
      `SELECT object_name, ref_id, data FROM (SELECT district_id, object_name, ref_id, data FROM sif_ingest.current_object
          WHERE names && $2::text[] OFFSET 0) found WHERE district_id = $1 ORDER BY ref_id`,
      [districtId, named],
    );
    return (rows.rows as ObjectRow[]).map(toCurrentObject);
  }

  /** Adds or replaces objects (an event's Add or Change), in the caller's transaction. */
  async put(districtId: string, objects: readonly CurrentObject[], db: Queryable): Promise<void> {
    if (objects.length === 0) return;
    await db.query(
      `INSERT INTO sif_ingest.current_object (district_id, object_name, ref_id, data, names)
       SELECT $1, object_name, ref_id, data, string_to_array(names, ' ') FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS o(object_name, ref_id, data, names)
       ON CONFLICT (district_id, object_name, ref_id) DO UPDATE SET data = EXCLUDED.data, names = EXCLUDED.names, updated_at = now()
        WHERE current_object.data IS DISTINCT FROM EXCLUDED.data`,
      [
        districtId,
        objects.map((o) => o.objectName),
        objects.map((o) => o.refId),
        objects.map((o) => JSON.stringify(o.record)),
        objects.map((o) => namedRefIds(o.record).join(' ')),
      ],
    );
  }

  /** Removes objects (an event's Delete), in the caller's transaction. */
  async remove(districtId: string, objects: ReadonlyArray<{ objectName: string; refId: string }>, db: Queryable): Promise<void> {
    if (objects.length === 0) return;
    await db.query(
      `DELETE FROM sif_ingest.current_object c USING unnest($2::text[], $3::text[]) AS gone(object_name, ref_id)
        WHERE c.district_id = $1 AND c.object_name = gone.object_name AND c.ref_id = gone.ref_id COLLATE "C"`,
      [districtId, objects.map((o) => o.objectName), objects.map((o) => o.refId)],
    );
  }
}

interface ObjectRow {
  object_name: SifObjectName;
  ref_id: string;
  data: string;
}

function toCurrentObject(row: ObjectRow): CurrentObject {
  return { objectName: row.object_name, refId: row.ref_id, record: JSON.parse(row.data) as SifRecord };
}
