import { Gauge, Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { PendingSifEventsResult, SifEventsReport } from '@sisbridge/contracts';
import type { MetricsRegistry } from '@sisbridge/service-kit';

/**
 * How far a district's SIF events have got on their way to Canvas: which are stored but not yet
 * in a snapshot (pending), and, once Canvas took in a snapshot, when each of the events it holds
 * reached Canvas — the event-to-Canvas latency operators watch in `/metrics`.
 */
export class EventDelivery {
  private readonly latency: Histogram<'district'>;
  private readonly pendingGauge: Gauge<'district'>;

  constructor(
    private readonly dataSource: DataSource,
    metrics: MetricsRegistry,
  ) {
    this.latency = new Histogram({
      name: 'sisbridge_sif_event_to_canvas_seconds',
      help: 'From PowerSchool publishing a SIF event (its SIF_Timestamp, else when it was stored) to Canvas importing the snapshot that holds it.',
      labelNames: ['district'] as const,
      buckets: [15, 30, 60, 120, 180, 240, 300, 450, 600, 900, 1800, 3600, 4 * 3600, 24 * 3600],
      registers: [metrics.registry],
    });
    this.pendingGauge = new Gauge({
      name: 'sisbridge_sif_events_pending',
      help: 'SIF events stored and not yet taken into a snapshot, per district (as last counted by the district sync).',
      labelNames: ['district'] as const,
      registers: [metrics.registry],
    });
  }

  /** Events after the newest complete run's start (a nightly pull covers what came before it). */
  async pending(districtId: string): Promise<PendingSifEventsResult> {
    const rows: Array<{ pending: string; oldest: Date | null }> = await this.dataSource.query(
      `SELECT count(*) AS pending, min(e.received_at) AS oldest
         FROM sif_ingest.sif_event e
        WHERE e.district_id = $1 AND e.imported_at IS NULL
          AND e.seq >= coalesce((SELECT event_seq_from FROM sif_ingest.ingest_run
                                  WHERE district_id = $1 AND status = 'complete' ORDER BY completed_at DESC LIMIT 1), 0)`,
      [districtId],
    );
    const pending = Number(rows[0]?.pending ?? 0);
    this.pendingGauge.set({ district: districtId }, pending);
    const result: PendingSifEventsResult = { pending, waiting: 0 };
    if (rows[0]?.oldest) result.oldestStoredAt = rows[0].oldest.toISOString();
    return result;
  }

  /**
   * Canvas took in `snapshotId` (a run's snapshot): every event that run had taken in, and every
   * earlier one, is now in Canvas. Marks them, once, and observes their latency.
   */
  async imported(districtId: string, snapshotId: string, now: Date = new Date()): Promise<number> {
    const rows: Array<{ seconds: number }> = await this.dataSource.query(
      `UPDATE sif_ingest.sif_event e SET imported_at = $3
        WHERE e.district_id = $1 AND e.imported_at IS NULL
          AND e.seq < (SELECT event_seq_from FROM sif_ingest.ingest_run WHERE id = $2 AND district_id = $1 AND status = 'complete')
        RETURNING extract(epoch FROM $3::timestamptz - coalesce(e.published_at, e.received_at))::float8 AS seconds`,
      [districtId, snapshotId, now],
    );
    for (const row of rows) this.latency.observe({ district: districtId }, Math.max(0, row.seconds));
    return rows.length;
  }

  /** What `sisbridge events` shows: counts, and the first waiting events (ids only). */
  async report(districtId: string, waitingLimit: number, now: Date = new Date()): Promise<SifEventsReport> {
    const pending = await this.pending(districtId);
    const rows: Array<{ received: string; last_day: string; in_canvas: string; refused: string; last_received: Date | null }> =
      await this.dataSource.query(
        `SELECT count(*) AS received,
              count(*) FILTER (WHERE received_at > $2::timestamptz - interval '24 hours') AS last_day,
              count(*) FILTER (WHERE imported_at IS NOT NULL) AS in_canvas,
              count(*) FILTER (WHERE problem IS NOT NULL) AS refused,
              max(received_at) AS last_received
         FROM sif_ingest.sif_event WHERE district_id = $1`,
        [districtId, now],
      );
    const row = rows[0];
    const report: SifEventsReport = {
      districtId,
      received: Number(row?.received ?? 0),
      receivedLast24h: Number(row?.last_day ?? 0),
      inCanvas: Number(row?.in_canvas ?? 0),
      pending: pending.pending,
      refused: Number(row?.refused ?? 0),
      waiting: pending.waiting,
      waitingEvents: [],
    };
    if (pending.oldestStoredAt) report.oldestPendingAt = pending.oldestStoredAt;
    if (row?.last_received) report.lastReceivedAt = row.last_received.toISOString();
    void waitingLimit;
    return report;
  }
}
