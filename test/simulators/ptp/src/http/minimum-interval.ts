import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * PowerSchool's "Minimum time interval (ms) between API requests per plugin" (§1.3): a request
 * that comes sooner than that after the plugin's last accepted one is refused, telling the caller
 * to wait. 0 turns it off. The status (429) and wording are not documented; the meaning is.
 */
export function minimumInterval(intervalMs: () => number, now: () => number): RequestHandler {
  let lastAccepted = -Infinity;
  return (_req: Request, res: Response, next: NextFunction) => {
    const interval = intervalMs();
    const at = now();
    const wait = lastAccepted + interval - at;
    if (interval > 0 && wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      res.setHeader('Retry-After', String(seconds));
      res.status(429).json({ message: `Too many requests. Wait ${seconds} seconds before sending the next request.` });
      return;
    }
    lastAccepted = at;
    next();
  };
}
