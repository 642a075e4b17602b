import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Cell = string | number | null;

/**
 * Bulk-loads rows with COPY … FROM STDIN (CSV): an order of magnitude faster than INSERTs for
 * the hundreds of thousands of rows a district snapshot holds, and streamed, so memory stays flat.
 */
export async function copyRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>,
): Promise<number> {
  let count = 0;
  const counted = (async function* () {
    for await (const row of rows) {
      count++;
      yield row;
    }
  })();
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  // csv-stringify writes null as an empty unquoted field, which COPY csv reads as NULL, while
  // empty strings are quoted ("") and stay empty strings.
  await pipeline(Readable.from(counted), stringify({ quoted_string: true }), copy);
  return count;
}
