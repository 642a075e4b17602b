import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SeededRandom } from '@sisbridge/sim-common';

/**
 * The 412 "Resubmit" PTP documents for its writes without saying why (§2.4): a configurable share
 * of POST, PUT and DELETE requests is answered 412 before anything is saved, so a client's
 * retry-once path is exercised. Deterministic for a given seed.
 */
export function resubmit(rate: () => number, random: SeededRandom): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const share = rate();
    if (
      share > 0 &&
      req.method !== 'GET' &&
      req.path.startsWith('/ws/xte/') &&
      !req.path.startsWith('/ws/xte/assignment_score') &&
      random.chance(share)
    ) {
      res.status(412).json({ message: 'Resubmit' });
      return;
    }
    next();
  };
}
