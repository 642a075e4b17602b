import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { accessTokenOf } from './bearer-auth';
import { LeakyBucket, type ThrottleSettings } from './leaky-bucket';

/**
 * Canvas's request throttle (canvas.md §6.2): a leaky bucket per hashed access token. A request
 * reserves the up-front cost when it arrives, and settles to its real cost when it answers; every
 * answer carries `X-Request-Cost` and `X-Rate-Limit-Remaining`. When the bucket is at the
 * high-water mark the request is refused with `403 Forbidden (Rate Limit Exceeded)` in plain text.
 */
export function requestThrottle(settings: ThrottleSettings, now: () => number): RequestHandler {
  const buckets = new Map<string, LeakyBucket>();
  return (req: Request, res: Response, next: NextFunction) => {
    const token = accessTokenOf(req) ?? '';
    const key = createHash('sha256').update(token).digest('hex');
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new LeakyBucket(settings, now());
      buckets.set(key, bucket);
    }
    bucket.leak(now());
    if (bucket.full) {
      res.setHeader('X-Request-Cost', '0');
      res.setHeader('X-Rate-Limit-Remaining', '0.0');
      res.status(403).type('text/plain').send('403 Forbidden (Rate Limit Exceeded)\n');
      return;
    }
    bucket.add(settings.upFrontCost);
    const reserved = bucket;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      reserved.leak(now());
      reserved.add(settings.requestCost - settings.upFrontCost);
    };
    const writeHead = res.writeHead;
    res.writeHead = function writeHeadWithThrottleHeaders(this: Response, ...args: unknown[]) {
      settle();
      if (!this.headersSent) {
        this.setHeader('X-Request-Cost', String(settings.requestCost));
        this.setHeader('X-Rate-Limit-Remaining', String(round(reserved.remaining)));
      }
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    // A dropped connection still ends the request: refund the reservation.
    res.on('close', settle);
    next();
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
