import { Client } from 'pg';

export interface RejectedObject {
  objectName: string;
  refId: string | null;
  problem: string;
}

export interface IngestRejections {
  total: number;
  first: RejectedObject[];
}

/**
 * What sif-ingest rejected in one run (`sif_ingest.rejected_object`: object, RefId, what is wrong),
 * the first `shown` of them and how many in all, so that `npm start` says at once what a district's
 * export holds that sisbridge will not provision. The problems name fields and RefIds, never a
 * person's data.
 */
export async function ingestRejections(databaseUrl: string, runId: string, shown: number): Promise<IngestRejections> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const total = await client.query<{ n: string }>('SELECT count(*) AS n FROM sif_ingest.rejected_object WHERE run_id = $1', [runId]);
    const first = await client.query<{ object_name: string; ref_id: string | null; problem: string }>(
      'SELECT object_name, ref_id, problem FROM sif_ingest.rejected_object WHERE run_id = $1 ORDER BY id LIMIT $2',
      [runId, shown],
    );
    return {
      total: Number(total.rows[0]?.n ?? 0),
      first: first.rows.map((row) => ({ objectName: row.object_name, refId: row.ref_id, problem: row.problem })),
    };
  } finally {
    await client.end();
  }
}
