import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { FaultInjector } from './fault-injector';

export interface FaultMiddlewareOptions {
  /** Requests never faulted, such as the simulators' own admin and state endpoints. */
  exempt?: (req: Request) => boolean;
}

/**
 * Express middleware that applies the injector's decision before the simulator handles the
 * request: waits, then drops the connection, answers 5xx, or lets the request through.
 */
export function faultMiddleware(injector: FaultInjector, options: FaultMiddlewareOptions = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!injector.active || options.exempt?.(req)) return next();
    const decision = injector.decide();
    const act = () => {
      if (decision.drop) {
        req.socket.destroy();
        return;
      }
      if (decision.status5xx) {
        res.status(decision.status5xx).type('text/plain').send(`Injected fault: HTTP ${decision.status5xx}\n`);
        return;
      }
      next();
    };
    if (decision.delayMs > 0) setTimeout(act, decision.delayMs);
    else act();
  };
}
