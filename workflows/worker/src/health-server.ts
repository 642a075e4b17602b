import { createServer, type Server } from 'node:http';

export interface HealthChecks {
  /** Resolves when the worker is polling and Temporal answers; the rejection says what is wrong. */
  ready: () => Promise<void>;
}

/**
 * The orchestration worker has no API, but Kubernetes still needs probes: `/healthz` (process up)
 * and `/readyz` (worker running, Temporal reachable). Its metrics have a port of their own
 * (METRICS_PORT). Plain node:http, because workflows and their worker stay free of NestJS.
 */
export function startHealthServer(host: string, port: number, checks: HealthChecks): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { status: 'error', message: 'GET only' });
    if (path === '/healthz') return reply(200, { status: 'ok' });
    if (path === '/readyz') {
      checks.ready().then(
        () => reply(200, { status: 'ok', info: { temporal: { status: 'up' } } }),
        (error: unknown) =>
          reply(503, {
            status: 'error',
            error: { temporal: { status: 'down', message: error instanceof Error ? error.message : String(error) } },
          }),
      );
      return;
    }
    reply(404, { status: 'error', message: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
