import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { faultMiddleware, SeededRandom, type FaultInjector } from '@sisbridge/sim-common';
import { oauthRouter } from './api/oauth';
import { scoresRouter } from './api/scores';
import { sectionAssignmentsRouter } from './api/section-assignments';
import { simulatorAdminRouter } from './api/simulator-admin';
import { teacherCategoriesRouter } from './api/teacher-categories';
import { minimumInterval } from './http/minimum-interval';
import type { OAuthTokens } from './http/oauth-tokens';
import { pluginAuth } from './http/plugin-auth';
import { resubmit } from './http/resubmit';
import { conflictBody, ValidationError, XteError } from './http/xte-errors';
import type { PtpRuntime } from './ptp-runtime';

export interface PtpAppOptions {
  tokens: OAuthTokens;
  clientId: string;
  clientSecret: string;
  faults: FaultInjector;
  /** Seed of the 412 "Resubmit" draws. */
  resubmitSeed: number;
  /** The minimum interval's clock in ms; Date.now unless a test drives it. */
  minIntervalNow?: () => number;
  /** A test's hold on plugin requests (see PtpSimulatorOptions). */
  holdRequest?: (req: Request) => Promise<void>;
}

/** The simulated PowerSchool server as an Express app: the plugin token endpoint and `/ws/xte`. */
export function createPtpApp(runtime: PtpRuntime, options: PtpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(simulatorAdminRouter(runtime, options.faults, options.tokens));
  app.use(faultMiddleware(options.faults, { exempt: (req) => req.path.startsWith('/__admin') }));
  app.use(oauthRouter(options.tokens, { clientId: options.clientId, clientSecret: options.clientSecret }));
  app.use('/ws', pluginAuth(options.tokens));
  app.use(
    '/ws',
    minimumInterval(() => runtime.minIntervalMs, options.minIntervalNow ?? (() => Date.now())),
  );
  const hold = options.holdRequest;
  if (hold) app.use('/ws', (req: Request, _res: Response, next: NextFunction) => void hold(req).then(() => next(), next));
  // Clients send JSON; a missing or odd Content-Type is read as JSON too.
  app.use('/ws', express.json({ type: () => true, limit: '20mb' }));
  app.use(resubmit(() => runtime.resubmitRate, new SeededRandom(options.resubmitSeed)));
  app.use(teacherCategoriesRouter(runtime));
  app.use(sectionAssignmentsRouter(runtime));
  app.use(scoresRouter(runtime));

  app.use((req: Request, res: Response) => {
    res.status(404).json({ message: `No resource at ${req.method} ${req.path}` });
  });
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof ValidationError) {
      res.status(409).json(conflictBody(error.problems, runtime.readings));
      return;
    }
    if (error instanceof XteError) {
      res.status(error.status).json(error.body);
      return;
    }
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : 500;
    if (status >= 400 && status < 500) {
      res.status(status).json({ message: error instanceof Error ? error.message : 'Bad request' });
      return;
    }
    process.stderr.write(`ptp simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    res.status(500).json({ message: 'Internal Server Error' });
  });
  return app;
}
