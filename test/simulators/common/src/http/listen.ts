import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ListeningServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections and destroys open ones, so tests and Ctrl-C never hang on keep-alive sockets. */
  close(): Promise<void>;
}

/**
 * Listens on `host` (127.0.0.1 unless told otherwise: the simulators are never exposed) and
 * `port` (0 picks a free one), and resolves once the socket is bound.
 */
export async function listen(handler: RequestListener, options: { port?: number; host?: string } = {}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
