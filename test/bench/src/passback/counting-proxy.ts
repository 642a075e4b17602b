import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of the PTP simulator that counts every call by method and path. */
export class CountingProxy {
  readonly calls: Array<{ method: string; path: string; status: number }> = [];
  private server?: Server;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((incoming, outgoing) => {
      const forwarded = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } }, (answer) => {
        this.calls.push({ method: incoming.method ?? 'GET', path: (incoming.url ?? '').split('?')[0]?.replace(/\/\d+$/, '/{id}') ?? '', status: answer.statusCode ?? 0 });
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Calls since `from`, counted per `METHOD path`. */
  tally(from = 0): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls.slice(from)) counts[`${call.method} ${call.path}`] = (counts[`${call.method} ${call.path}`] ?? 0) + 1;
    return counts;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
