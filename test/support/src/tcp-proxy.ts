import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy for fault injection in tests: put it between a service and Postgres or
 * Temporal, then add latency or cut the line, and watch how the service behaves.
 */
export class TcpProxy {
  private latencyMs = 0;
  private partitioned = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const ready: { proxy?: TcpProxy } = {};
    const server = createServer((client) => ready.proxy?.pipe(client, targetHost, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('proxy has no port');
    ready.proxy = new TcpProxy(server, address.port);
    return ready.proxy;
  }

  /** Delays every chunk from the target by `ms` (order is kept). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * A network partition, until `heal()`: every open connection is dropped, and each new one is
   * dropped as soon as it arrives. The port stays bound, so the same address works again after.
   */
  partition(): void {
    this.partitioned = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.partitioned = false;
  }

  /** Drops every open connection and refuses new ones: the dependency is "down". */
  async cut(): Promise<void> {
    // close() only stops accepting; its callback waits for open connections, so drop them first.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private pipe(client: Socket, host: string, port: number): void {
    if (this.partitioned) return void client.destroy();
    const upstream = createConnection({ host, port });
    this.sockets.add(client);
    this.sockets.add(upstream);
    let releaseAt = 0;
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (this.latencyMs === 0) return void client.write(chunk);
      releaseAt = Math.max(Date.now() + this.latencyMs, releaseAt);
      setTimeout(() => client.writable && client.write(chunk), releaseAt - Date.now());
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }
}
