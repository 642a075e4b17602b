import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Streams a query's rows through a server-side cursor, `batchSize` at a time, on one pooled
 * connection that is given back when the consumer finishes or stops early.
 */
export async function* streamRows<Row>(dataSource: DataSource, sql: string, values: unknown[], batchSize = 2_000): AsyncGenerator<Row> {
  for await (const batch of streamBatches<Row>(dataSource, sql, values, batchSize)) yield* batch;
}

let cursors = 0;

/**
 * A query's rows in arrays of up to `batchSize`, through a server-side cursor (DECLARE … FETCH
 * in a read-only transaction) on one pooled connection, given back when the consumer finishes
 * or stops early. For hundreds of thousands of rows this is much cheaper than a row-at-a-time
 * stream: one await per batch, not one per row. The next batch is fetched while the consumer
 * works on the current one (Postgres and Node run side by side), so memory holds two batches.
 */
export async function* streamBatches<Row>(
  dataSource: DataSource,
  sql: string,
  values: unknown[],
  batchSize = 10_000,
): AsyncGenerator<Row[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const cursor = `roster_store_cursor_${++cursors}`;
    const fetch = (): Promise<Row[]> => {
      const fetched: Promise<Row[]> = client.query(`FETCH FORWARD ${batchSize} FROM ${cursor}`).then((result) => result.rows as Row[]);
      // Awaited later; a failure while the consumer is busy must not count as unhandled meanwhile.
      fetched.catch(() => undefined);
      return fetched;
    };
    await client.query('BEGIN READ ONLY');
    let done = false;
    let next: Promise<Row[]> | undefined;
    try {
      await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, values);
      next = fetch();
      for (;;) {
        const rows: Row[] = await next;
        next = rows.length < batchSize ? undefined : fetch();
        if (rows.length > 0) yield rows;
        if (!next) break;
      }
      done = true;
    } finally {
      // A consumer that stopped early leaves a fetch in flight and the cursor open: the fetch is
      // let finish (its rows dropped), and the rollback closes the cursor.
      await next?.catch(() => undefined);
      await client.query(done ? 'COMMIT' : 'ROLLBACK').catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
