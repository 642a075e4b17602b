import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SifEventLedger, SifEventState } from '@sisbridge/contracts';

const STATES: readonly SifEventState[] = ['received', 'waiting', 'applied', 'rejected', 'superseded'];

/** What `sisbridge events` shows of a district's SIF_Events (ids, kinds, counts and reasons; never the objects). */
@Injectable()
export class EventLedger {
  constructor(private readonly dataSource: DataSource) {}

  async describe(districtId: string, now: Date = new Date()): Promise<SifEventLedger> {
    const counts = Object.fromEntries(STATES.map((state) => [state, 0])) as Record<SifEventState, number>;
    const byState: Array<{ state: SifEventState; n: string }> = await this.dataSource.query(
      `SELECT state, count(*) AS n FROM sif_ingest.sif_event WHERE district_id = $1 GROUP BY state`,
      [districtId],
    );
    for (const row of byState) counts[row.state] = Number(row.n);
    const ledger: SifEventLedger = { districtId, counts, waiting: [] };
    const oldest: Array<{ seq: string; received_at: Date }> = await this.dataSource.query(
      `SELECT seq, received_at FROM sif_ingest.sif_event WHERE district_id = $1 AND state IN ('received', 'waiting') ORDER BY seq LIMIT 1`,
      [districtId],
    );
    if (oldest[0]) {
      ledger.oldestUnapplied = {
        seq: Number(oldest[0].seq),
        receivedAt: oldest[0].received_at.toISOString(),
        ageSeconds: Math.max(0, Math.round((now.getTime() - oldest[0].received_at.getTime()) / 1000)),
      };
    }
    const waiting: Array<{
      seq: string;
      object_name: string;
      action: string;
      ref_id: string | null;
      reason: string | null;
      received_at: Date;
    }> = await this.dataSource.query(
      `SELECT seq, object_name, action, ref_id, reason, received_at FROM sif_ingest.sif_event
          WHERE district_id = $1 AND state = 'waiting' ORDER BY seq LIMIT 100`,
      [districtId],
    );
    ledger.waiting = waiting.map((row) => ({
      seq: Number(row.seq),
      objectName: row.object_name,
      action: row.action,
      ...(row.ref_id ? { refId: row.ref_id } : {}),
      reason: row.reason ?? 'waiting',
      receivedAt: row.received_at.toISOString(),
    }));
    const last: Array<{ id: string; completed_at: Date; events_applied: number }> = await this.dataSource.query(
      `SELECT id, completed_at, events_applied FROM sif_ingest.ingest_run
        WHERE district_id = $1 AND kind = 'events' AND status = 'complete' ORDER BY completed_at DESC LIMIT 1`,
      [districtId],
    );
    if (last[0])
      ledger.lastApplication = {
        runId: last[0].id,
        completedAt: last[0].completed_at.toISOString(),
        eventsApplied: last[0].events_applied,
      };
    return ledger;
  }
}
