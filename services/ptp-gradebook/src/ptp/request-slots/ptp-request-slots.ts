import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PtpSettings } from '@sisbridge/district-config';
import { defaultSpacingMarginMs, InProcessStartSpacing, type StartSpacing } from '@sisbridge/ptp-client';
import { MetricsRegistry, SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';
import { PostgresStartSpacing } from './postgres-start-spacing';

/**
 * Chooses how each district's PowerSchool minimum interval is kept in this process: through the
 * shared slots in Postgres (PTP_REQUEST_SPACING=shared, the default), so the interval holds across
 * every replica, or in this process alone (`per-replica`). A district without an interval needs no
 * coordination and is spaced in-process (only PTP's "wait N seconds" pauses it).
 */
@Injectable()
export class PtpRequestSlots {
  private readonly missedSlots: Counter<'district'>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
    metrics: MetricsRegistry,
  ) {
    this.missedSlots = new Counter({
      name: 'sisbridge_ptp_missed_request_slots_total',
      help: 'PTP request slots given up because the request would have started too late in it (it took a later one), by district.',
      labelNames: ['district'] as const,
      registers: [metrics.registry],
    });
  }

  spacingFor(districtId: string, settings: PtpSettings): StartSpacing {
    const minIntervalMs = settings.minIntervalMs;
    const marginMs = settings.minIntervalMarginMs ?? defaultSpacingMarginMs(minIntervalMs);
    if (minIntervalMs <= 0 || this.config.PTP_REQUEST_SPACING === 'per-replica')
      return new InProcessStartSpacing({ minIntervalMs, marginMs });
    return new PostgresStartSpacing(
      (sql, params) => this.dataSource.query(sql, [...params]),
      { districtId, minIntervalMs, marginMs },
      undefined,
      () => this.missedSlots.inc({ district: districtId }),
    );
  }
}
