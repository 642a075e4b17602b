import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';

/**
 * Streams a query's rows through a server-side cursor, `batchSize` at a time, on one pooled
 * connection that is given back when the consumer finishes or stops early.
 */
export async function* streamRows<Row>(dataSource: DataSource, sql: string, values: unknown[], batchSize = 2_000): AsyncGenerator<Row> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const stream = client.query(new QueryStream(sql, values, { batchSize }));
    try {
      for await (const row of stream) yield row as Row;
    } finally {
      stream.destroy();
    }
  } finally {
    await runner.release();
  }
}
