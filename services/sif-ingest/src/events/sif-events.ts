import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { EventOutcome, PendingEvent } from './event-application';

interface EventRow {
  seq: string;
  object_name: string;
  action: string;
  ref_id: string | null;
  data: string | null;
  problem: string | null;
}

/**
 * `sif_ingest.sif_event` as the engine sees it: the events not settled yet (received or waiting)
 * in the order the zone delivered them, their outcomes, the nightly run's settling of what its
 * pull made moot, and the retention of settled ones (they hold personal data).
 */
@Injectable()
export class SifEvents {
  constructor(private readonly dataSource: DataSource) {}

  /** The district's events received or waiting, in `seq` order, locked for the transaction that settles them. */
  async unsettled(client: PoolClient, districtId: string): Promise<PendingEvent[]> {
    const rows = await client.query<EventRow>(
      `SELECT seq, object_name, action, ref_id, data, problem FROM sif_ingest.sif_event
        WHERE district_id = $1 AND state IN ('received', 'waiting') ORDER BY seq FOR UPDATE`,
      [districtId],
    );
    return rows.rows.map((row) => {
      const event: PendingEvent = { seq: Number(row.seq), objectName: row.object_name, action: row.action };
      if (row.ref_id) event.refId = row.ref_id;
      if (row.data) event.data = row.data;
      if (row.problem) event.problem = row.problem;
      return event;
    });
  }

  /** Records each event's outcome: applied and rejected ones are settled by `runId`; waiting ones say what they wait for. */
  async record(client: PoolClient, runId: string, outcomes: readonly EventOutcome[], settledAt: Date): Promise<void> {
    if (outcomes.length === 0) return;
    await client.query(
      `UPDATE sif_ingest.sif_event e
          SET state = o.state, reason = o.reason,
              settled_run_id = CASE WHEN o.state = 'waiting' THEN NULL ELSE $1::uuid END,
              settled_at = CASE WHEN o.state = 'waiting' THEN NULL ELSE $5::timestamptz END
         FROM unnest($2::bigint[], $3::text[], $4::text[]) AS o(seq, state, reason)
        WHERE e.seq = o.seq`,
      [
        runId,
        outcomes.map((o) => o.seq),
        outcomes.map((o) => o.state),
        outcomes.map((o) => ('reason' in o ? o.reason : null)),
        settledAt.toISOString(),
      ],
    );
  }

  /** How many events a run settled, by outcome. */
  async settledBy(runId: string): Promise<{ applied: number; rejected: number }> {
    const rows: Array<{ state: string; n: string }> = await this.dataSource.query(
      `SELECT state, count(*) AS n FROM sif_ingest.sif_event WHERE settled_run_id = $1 GROUP BY state`,
      [runId],
    );
    const count = (state: string) => Number(rows.find((row) => row.state === state)?.n ?? 0);
    return { applied: count('applied'), rejected: count('rejected') };
  }

  async waitingCount(districtId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM sif_ingest.sif_event WHERE district_id = $1 AND state = 'waiting'`,
      [districtId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * After a nightly run: the events received before its pull began (`seq < before`) and not
   * applied are settled by it, superseded: the full pull is later than they are and carries
   * PowerSchool's state of every object they name, their parents included, or shows the object
   * is gone. (Applying an older event over a newer pull could bring back an enrollment
   * PowerSchool has dropped since, or an old value.) The reason says which.
   */
  async supersedeByNightly(districtId: string, runId: string, before: number, settledAt: Date): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE sif_ingest.sif_event e
          SET state = 'superseded', settled_run_id = $2::uuid, settled_at = $4::timestamptz,
              reason = CASE WHEN e.state = 'waiting' THEN coalesce(e.reason, 'waiting') || '; ' ELSE '' END
                || 'superseded by nightly run ' || $2::uuid::text || ', whose full pull is later than the event and '
                || CASE WHEN EXISTS (SELECT 1 FROM sif_ingest.current_object c
                                      WHERE c.district_id = e.district_id AND c.object_name = e.object_name AND c.ref_id = e.ref_id)
                        THEN 'carries the ' || e.object_name || ' as PowerSchool has it now'
                        ELSE 'carries no ' || e.object_name || ' ' || coalesce(e.ref_id, '(no RefId)') END
        WHERE e.district_id = $1 AND e.state IN ('received', 'waiting') AND e.seq < $3`,
      [districtId, runId, before, settledAt.toISOString()],
    );
    return (result as [unknown, number])[1] ?? 0;
  }

  /** Deletes the district's events settled more than `days` ago. */
  async prune(districtId: string, days: number, now: Date): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM sif_ingest.sif_event WHERE district_id = $1 AND settled_at IS NOT NULL AND settled_at < $2::timestamptz - make_interval(days => $3)`,
      [districtId, now.toISOString(), days],
    );
    return (result as [unknown, number])[1] ?? 0;
  }
}
