import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedExchange {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
}

/**
 * An HTTP proxy in front of a simulator (PowerTeacher Pro's, mostly) that records every exchange
 * (method, path, status), so a test or a benchmark can count what sisbridge sent it: "a second
 * run makes zero writes", "one passback costs 284 calls".
 */
export class RecordingProxy {
  readonly exchanges: RecordedExchange[] = [];
  private server?: Server;
  private outage: { after: (exchange: RecordedExchange) => boolean; started: boolean } | undefined;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((incoming: IncomingMessage, outgoing) => {
      if (this.outage?.started) {
        this.exchanges.push({ method: incoming.method ?? 'GET', path: (incoming.url ?? '').split('?')[0] ?? '', status: 503 });
        incoming.resume();
        outgoing.writeHead(503, { 'Content-Type': 'text/plain' }).end('PowerSchool is down\n');
        return;
      }
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          const exchange = {
            method: incoming.method ?? 'GET',
            path: (incoming.url ?? '').split('?')[0] ?? '',
            status: answer.statusCode ?? 0,
          };
          this.exchanges.push(exchange);
          if (this.outage && !this.outage.started && this.outage.after(exchange)) this.outage.started = true;
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Writes to the gradebook (assignments and scores), not reads or tokens. */
  writes(since = 0): RecordedExchange[] {
    return this.exchanges
      .slice(since)
      .filter(
        (e) =>
          (e.method === 'POST' || e.method === 'PUT' || e.method === 'DELETE') &&
          e.path.startsWith('/ws/xte/') &&
          e.path !== '/ws/xte/assignment_score',
      );
  }

  /** PTP goes down (every request answered 503) right after the first exchange `after` matches. */
  outageAfter(after: (exchange: RecordedExchange) => boolean): void {
    this.outage = { after, started: false };
  }

  get outageStarted(): boolean {
    return this.outage?.started ?? false;
  }

  endOutage(): void {
    this.outage = undefined;
  }

  mark(): number {
    return this.exchanges.length;
  }

  /** Exchanges since `since`, counted per `METHOD path`, a trailing numeric id shown as `{id}`. */
  tally(since = 0): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const exchange of this.exchanges.slice(since)) {
      const key = `${exchange.method} ${exchange.path.replace(/\/\d+$/, '/{id}')}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
