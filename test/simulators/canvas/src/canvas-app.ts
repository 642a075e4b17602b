import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { faultMiddleware, type FaultInjector } from '@sisbridge/sim-common';
import { accountsRouter } from './api/accounts';
import { assignmentGroupsRouter } from './api/assignment-groups';
import { assignmentOverridesRouter } from './api/assignment-overrides';
import { assignmentsRouter } from './api/assignments';
import { coursesRouter } from './api/courses';
import { enrollmentsRouter } from './api/enrollments';
import { filesRouter } from './api/files';
import { progressRouter } from './api/progress';
import { sectionsRouter } from './api/sections';
import { simulatorAdminRouter } from './api/simulator-admin';
import { sisImportsRouter } from './api/sis-imports';
import { sisIntegrationRouter } from './api/sis-integration';
import { studentSubmissionsRouter } from './api/student-submissions';
import { submissionsRouter } from './api/submissions';
import { termsRouter } from './api/terms';
import { usersRouter } from './api/users';
import type { CanvasRuntime } from './canvas-runtime';
import { bearerAuth } from './http/bearer-auth';
import { queryParams, railsBodyParams } from './http/body-params';
import { CanvasApiError } from './http/canvas-errors';
import type { ThrottleSettings } from './http/leaky-bucket';
import { setRequestParams } from './http/param-readers';
import { parseRailsParams } from './http/rails-params';
import { requestThrottle } from './http/request-throttle';

export interface CanvasAppOptions {
  token: string;
  throttle: ThrottleSettings | false;
  /** The throttle's clock in ms (how much the bucket has drained); Date.now unless a test drives it. */
  throttleNow?: () => number;
  /** A test's hold on each API request the throttle let in, until the promise settles (see CanvasSimulatorOptions). */
  holdApiRequest?: () => Promise<void>;
  faults: FaultInjector;
}

/** The simulated Canvas as an Express app: auth, throttling and faults in front of the API routes. */
export function createCanvasApp(runtime: CanvasRuntime, options: CanvasAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', parseRailsParams);

  // `/api/v1/accounts/1/sis_imports.json` is the same route as without `.json`, as in Rails.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    req.url = req.url.replace(/^(\/api\/[^?]*?)\.json(?=$|\?)/, '$1');
    setRequestParams(req, queryParams(req));
    next();
  });
  app.use(simulatorAdminRouter(runtime, options.faults, options.token));
  // The throttle sits in front of everything, as Canvas's Rack middleware does, so time spent in
  // injected latency counts as time in flight (and parallel requests pay the up-front cost).
  if (options.throttle) app.use('/api', requestThrottle(options.throttle, options.throttleNow ?? (() => Date.now())));
  const hold = options.holdApiRequest;
  if (hold) app.use('/api', (_req: Request, _res: Response, next: NextFunction) => void hold().then(() => next(), next));
  app.use(faultMiddleware(options.faults, { exempt: (req) => req.path.startsWith('/__admin') }));
  const files = filesRouter(runtime);
  app.use(files.downloads);
  app.use(
    '/api',
    bearerAuth((token) => token === options.token),
  );

  // The SIS import upload reads its own body (multipart or raw); every other route gets Rails params.
  const bodyParams = railsBodyParams();
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && /^\/api\/v1\/accounts\/[^/]+\/sis_imports\/?$/.test(req.path)) return next();
    runChain(bodyParams, req, res, next);
  });

  for (const router of [
    sisImportsRouter(runtime),
    accountsRouter(runtime),
    termsRouter(runtime),
    coursesRouter(runtime),
    sectionsRouter(runtime),
    usersRouter(runtime),
    enrollmentsRouter(runtime),
    assignmentGroupsRouter(runtime),
    assignmentsRouter(runtime),
    assignmentOverridesRouter(runtime),
    submissionsRouter(runtime),
    studentSubmissionsRouter(runtime),
    sisIntegrationRouter(runtime),
    progressRouter(runtime),
    files.api,
  ]) {
    app.use(router);
  }

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: 'The specified resource does not exist.' }] });
  });
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof CanvasApiError) {
      res.status(error.status).json(error.body);
      return;
    }
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : 500;
    if (status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: error instanceof Error ? error.message : 'Bad request' }] });
      return;
    }
    process.stderr.write(`canvas simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    res.status(500).json({ errors: [{ message: 'An error occurred.' }], error_report_id: Date.now() });
  });
  return app;
}

function runChain(handlers: readonly express.RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  const step = (index: number, error?: unknown): void => {
    if (error !== undefined) return done(error);
    const handler = handlers[index];
    if (!handler) return done();
    handler(req, res, (next?: unknown) => step(index + 1, next === 'route' || next === 'router' ? undefined : next));
  };
  step(0);
}
