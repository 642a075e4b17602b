import type { DataSource } from 'typeorm';
import type { WiringCheckInput, WiringCheckReceipt } from '@sisbridge/contracts';
import { schemaOf } from '../create-data-source';

/**
 * Writes the check's row (an upsert keyed on the check id, so a retried activity does not add a
 * second row) and reads it back through a separate query.
 */
export async function recordWiringCheck(
  dataSource: DataSource,
  service: WiringCheckReceipt['service'],
  input: WiringCheckInput,
): Promise<WiringCheckReceipt> {
  const schema = schemaOf(dataSource);
  await dataSource.query(
    `INSERT INTO "${schema}"."wiring_check" (check_id, service) VALUES ($1, $2)
     ON CONFLICT (check_id) DO UPDATE SET times_recorded = "wiring_check".times_recorded + 1`,
    [input.checkId, service],
  );
  const rows: Array<{ recorded_at: Date; times_recorded: number }> = await dataSource.query(
    `SELECT recorded_at, times_recorded FROM "${schema}"."wiring_check" WHERE check_id = $1`,
    [input.checkId],
  );
  const row = rows[0];
  if (!row) throw new Error(`wiring_check row ${input.checkId} was written but cannot be read back`);
  return { service, schema, checkId: input.checkId, recordedAt: row.recorded_at.toISOString(), timesRecorded: row.times_recorded };
}
