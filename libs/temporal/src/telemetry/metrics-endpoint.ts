import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsEndpoint {
  /** The port it listens on (the configured one, or the one the system chose for 0). */
  port: number;
  close(): Promise<void>;
}

export interface MetricsEndpointOptions {
  host: string;
  /** 0: any free port (the local stack and tests, which read `port` back). */
  port: number;
  /** The exposition text and its content type, e.g. a prom-client registry's. */
  scrape: () => Promise<{ contentType: string; body: string }>;
}

/**
 * `GET /metrics` on a port of its own, apart from the API and the probes, so that a
 * NetworkPolicy can let Prometheus reach the metrics and nothing else, and the Ingress
 * controller the API and not the metrics. Nothing else is served on it.
 */
export function startMetricsEndpoint(options: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: only /metrics is served on this port\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('GET only\n');
      return;
    }
    options.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
