import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { ROSTER_SCHEMA, ServiceSchemas } from '@sisbridge/persistence';

/**
 * What sisbridge remembers between starts of the local stack: its schemas in Postgres (snapshots,
 * what Canvas took in, the passback ledger, assignment links) and the Temporal dev server's
 * history. The simulators start empty every time, so by default `npm start` forgets both and
 * sisbridge starts as empty as they do; `--keep-state` keeps them.
 */
export const SISBRIDGE_SCHEMAS: readonly string[] = [...Object.values(ServiceSchemas), ROSTER_SCHEMA];

/** Drops every sisbridge schema; the services migrate them again as they start. */
export async function dropSisbridgeSchemas(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SISBRIDGE_SCHEMAS.map((schema) => `"${schema}"`).join(', ')} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Removes the dev server's SQLite database (with its write-ahead log and shared memory), before the server starts. */
export function forgetTemporalHistory(databaseFile: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
}
