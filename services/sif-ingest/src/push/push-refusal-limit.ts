import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { SifIngestConfig } from '../sif-ingest.config';

const THROTTLER = 'sif-push-refusals';

/**
 * Refused pushes per client and district, in @nestjs/throttler's storage (in-process: each replica
 * counts its own): after SIF_PUSH_REFUSALS_PER_WINDOW refusals (bad or no credentials, a pull-mode
 * or unknown district) in RATE_LIMIT_WINDOW_SECONDS, the client is answered 429 with Retry-After
 * for the rest of the window, before anything it sends is read or a signature computed. Accepted
 * pushes are never counted, so a zone delivering a night's packets is not slowed; a zone refused
 * by mistake loses nothing (it keeps the message queued and pushes it again).
 */
@Injectable()
export class PushRefusalLimit implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: Pick<SifIngestConfig, 'RATE_LIMIT_WINDOW_SECONDS' | 'SIF_PUSH_REFUSALS_PER_WINDOW'>,
  ) {}

  /** Seconds the client must wait before it may push to the district again, or undefined when it may now. */
  blockedFor(client: string, districtId: string, now = Date.now()): number | undefined {
    const record = this.storage.storage.get(keyOf(client, districtId));
    return record?.isBlocked && record.blockExpiresAt > now ? secondsFrom(record.blockExpiresAt - now) : undefined;
  }

  /** Counts a refusal; returns the seconds to wait when this one went over the limit. */
  async refused(client: string, districtId: string): Promise<number | undefined> {
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    const counted = await this.storage.increment(
      keyOf(client, districtId),
      windowMs,
      this.config.SIF_PUSH_REFUSALS_PER_WINDOW,
      windowMs,
      THROTTLER,
    );
    return counted.isBlocked ? Math.max(1, Math.ceil(counted.timeToBlockExpire)) : undefined;
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}

function keyOf(client: string, districtId: string): string {
  return `${THROTTLER}:${districtId}:${client}`;
}

function secondsFrom(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
