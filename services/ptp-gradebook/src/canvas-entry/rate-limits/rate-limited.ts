import { SetMetadata, type ExecutionContext } from '@nestjs/common';

/** The limits a route may be under, each per client and per window (ptp-gradebook.config.ts). */
export type RateLimitName = 'lti-login' | 'lti-launch';

const RATE_LIMIT = 'sisbridge:rate-limit';

/** Puts a route under one named limit (RouteRateLimitGuard enforces it). */
export const RateLimited = (name: RateLimitName) => SetMetadata(RATE_LIMIT, name);

/** The limit a route is under, if any. */
export function rateLimitOf(context: ExecutionContext): RateLimitName | undefined {
  return Reflect.getMetadata(RATE_LIMIT, context.getHandler()) as RateLimitName | undefined;
}
