import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';

const THROTTLER = 'api-auth-failures';

/**
 * Failed passback API authentications per client, in @nestjs/throttler's storage: after
 * API_AUTH_FAILURES_PER_WINDOW failures in a window, the client is refused (429, Retry-After) for
 * the rest of it, whatever it sends, so credentials cannot be guessed at speed.
 */
@Injectable()
export class ApiAuthFailures {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorageService,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
  ) {}

  /** Refuses a client that is blocked now, before its credentials are looked at. */
  assertAllowed(request: Request, response: Response): void {
    const record = this.storage.storage.get(keyOf(request));
    const now = Date.now();
    if (record?.isBlocked && record.blockExpiresAt > now) throw tooMany(response, (record.blockExpiresAt - now) / 1000);
  }

  /** Counts a failure; the one over the limit is answered 429 instead of 401. */
  async recordFailure(request: Request, response: Response, refusal: unknown): Promise<never> {
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    const counted = await this.storage.increment(keyOf(request), windowMs, this.config.API_AUTH_FAILURES_PER_WINDOW, windowMs, THROTTLER);
    if (counted.isBlocked) throw tooMany(response, counted.timeToBlockExpire);
    throw refusal;
  }
}

function keyOf(request: Request): string {
  return `${THROTTLER}:${request.ip ?? 'unknown'}`;
}

function tooMany(response: Response, seconds: number): HttpException {
  response.setHeader('Retry-After', String(Math.max(1, Math.ceil(seconds))));
  return new HttpException(
    'too many failed authentications from this client; try again after the time in Retry-After',
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
