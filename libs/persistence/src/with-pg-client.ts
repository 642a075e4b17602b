import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * Lends a raw `pg` client from the data source's pool, for what TypeORM has no API for:
 * COPY streams and server-side cursors. Returned to the pool afterwards, whatever happens.
 */
export async function withPgClient<T>(dataSource: DataSource, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner() as PostgresQueryRunner;
  try {
    const client = (await runner.connect()) as PoolClient;
    return await work(client);
  } finally {
    await runner.release();
  }
}

/** Runs `work` in one transaction on a raw client: committed if it resolves, rolled back if it throws. */
export async function inPgTransaction<T>(dataSource: DataSource, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withPgClient(dataSource, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
