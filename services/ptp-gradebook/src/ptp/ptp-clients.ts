import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { PtpSettings } from '@sisbridge/district-config';
import { DistrictNotConfiguredError, DistrictRegistry } from '@sisbridge/district-config';
import { PtpClient } from '@sisbridge/ptp-client';
import { MetricsRegistry, sharedAxios } from '@sisbridge/service-kit';
import { PtpRequestSlots } from './request-slots/ptp-request-slots';

/** A district without a `ptp` block cannot pass grades back: said once, in words. */
export class PtpNotConfiguredError extends DistrictNotConfiguredError {
  constructor(districtId: string) {
    super(
      `district ${districtId} has no ptp settings (baseUrl, clientIdEnv, clientSecretEnv) in the districts file: grade passback is off for it`,
    );
  }
}

/**
 * One PTP client per district in this process: one plugin token, the plugin's minimum interval
 * kept across every replica (PtpRequestSlots) with at most `maxConcurrentRequests` in flight from
 * this process, counted in `/metrics`.
 */
@Injectable()
export class PtpClients {
  private readonly clients = new Map<string, { client: PtpClient; settings: PtpSettings }>();
  private readonly requests: Counter<'district' | 'method' | 'status'>;

  constructor(
    private readonly districts: DistrictRegistry,
    private readonly http: HttpService,
    private readonly requestSlots: PtpRequestSlots,
    metrics: MetricsRegistry,
  ) {
    // Fail at start-up, naming the variable, rather than on a teacher's first click.
    districts.assertSecrets((district) =>
      district.ptp
        ? [
            ['ptp.clientIdEnv', district.ptp.clientIdEnv],
            ['ptp.clientSecretEnv', district.ptp.clientSecretEnv],
          ]
        : [],
    );
    this.requests = new Counter({
      name: 'sisbridge_ptp_requests_total',
      help: 'HTTP exchanges with PowerTeacher Pro, by district, method and status (0: no answer).',
      labelNames: ['district', 'method', 'status'] as const,
      registers: [metrics.registry],
    });
  }

  forDistrict(districtId: string): { client: PtpClient; settings: PtpSettings } {
    let entry = this.clients.get(districtId);
    if (!entry) {
      const settings = this.districts.get(districtId).ptp;
      if (!settings) throw new PtpNotConfiguredError(districtId);
      const client = new PtpClient({
        baseUrl: settings.baseUrl,
        credentials: {
          clientId: this.districts.secret(districtId, 'ptp.clientIdEnv', settings.clientIdEnv),
          clientSecret: this.districts.secret(districtId, 'ptp.clientSecretEnv', settings.clientSecretEnv),
        },
        axios: sharedAxios(this.http),
        timeoutMs: settings.requestTimeoutSeconds * 1000,
        minIntervalMs: settings.minIntervalMs,
        startSpacing: this.requestSlots.spacingFor(districtId, settings),
        maxConcurrent: settings.maxConcurrentRequests,
        maxAttempts: settings.maxAttemptsPerRequest,
        onExchange: (exchange) =>
          this.requests.inc({ district: districtId, method: exchange.method, status: String(exchange.status ?? 0) }),
      });
      entry = { client, settings };
      this.clients.set(districtId, entry);
    }
    return entry;
  }
}
