import { Injectable } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PendingSifEventsResult } from '@sisbridge/contracts';
import { MetricsRegistry } from '@sisbridge/service-kit';

/**
 * How far a district's SIF events have got on their way to Canvas: which are stored but not yet
 * applied (pending: what opens the district sync's next window), and, once Canvas took in a
 * snapshot, when each event settled into it reached Canvas — the event-to-Canvas latency
 * operators watch in `/metrics`. The events' states themselves belong to `SifEventApplier`.
 */
@Injectable()
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
      help: 'SIF events stored and not yet applied, per district (as last counted by the district sync); waiting ones included.',
      labelNames: ['district'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * Events not applied yet. Only `received` ones open a window: a `waiting` event moves when the
   * object it names arrives, which is itself a received event (or the nightly run settles it).
   */
  async pending(districtId: string): Promise<PendingSifEventsResult> {
    const rows: Array<{ pending: string; waiting: string; oldest: Date | null }> = await this.dataSource.query(
      `SELECT count(*) AS pending,
              count(*) FILTER (WHERE state = 'waiting') AS waiting,
              min(received_at) FILTER (WHERE state = 'received') AS oldest
         FROM sif_ingest.sif_event
        WHERE district_id = $1 AND state IN ('received', 'waiting')`,
      [districtId],
    );
    const pending = Number(rows[0]?.pending ?? 0);
    this.pendingGauge.set({ district: districtId }, pending);
    const result: PendingSifEventsResult = { pending, waiting: Number(rows[0]?.waiting ?? 0) };
    if (rows[0]?.oldest) result.oldestStoredAt = rows[0].oldest.toISOString();
    return result;
  }

  /**
   * Canvas took in `snapshotId` (the snapshot of the run with that id): every event settled into
   * it or into an earlier snapshot (applied by an events run, or superseded by a nightly pull) is
   * now in Canvas, since each import sends the difference from the last snapshot Canvas took.
   * Marks them, once, and observes their latency.
   */
  async imported(districtId: string, snapshotId: string, now: Date = new Date()): Promise<number> {
    const rows: Array<{ seconds: number }> = await this.dataSource.query(
      // As a CTE: TypeORM hands back an UPDATE's rows with its row count, a SELECT's rows alone.
      `WITH marked AS (
         UPDATE sif_ingest.sif_event e SET imported_at = $3
          WHERE e.district_id = $1 AND e.imported_at IS NULL AND e.state IN ('applied', 'superseded')
            AND e.settled_at <= (SELECT completed_at FROM sif_ingest.ingest_run WHERE id = $2 AND district_id = $1 AND status = 'complete')
          RETURNING extract(epoch FROM $3::timestamptz - coalesce(e.published_at, e.received_at))::float8 AS seconds)
       SELECT seconds FROM marked`,
      [districtId, snapshotId, now],
    );
    for (const row of rows) this.latency.observe({ district: districtId }, Math.max(0, row.seconds));
    return rows.length;
  }
}
