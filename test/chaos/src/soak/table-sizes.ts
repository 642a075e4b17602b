import { Client } from 'pg';

export const SISBRIDGE_SCHEMAS = ['sif_ingest', 'roster', 'canvas_provisioner', 'ptp_gradebook'] as const;

export interface TableSize {
  table: string;
  rows: number;
  /** `pg_total_relation_size`: the table, its indexes and TOAST. */
  bytes: number;
}

/** Every table of sisbridge's schemas: exact row count and total size on disk. */
export async function tableSizes(databaseUrl: string): Promise<TableSize[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string; bytes: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_total_relation_size(c.oid) AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
        ORDER BY 1`,
      [SISBRIDGE_SCHEMAS],
    );
    const sizes: TableSize[] = [];
    for (const { name, bytes } of tables.rows) {
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      sizes.push({ table: name, rows: Number(count.rows[0]?.n ?? 0), bytes: Number(bytes) });
    }
    return sizes;
  } finally {
    await client.end();
  }
}
