import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Ports below Linux's ephemeral range (32768–60999 by default). The OS hands ephemeral ports to
 * every outgoing connection and every `listen(0)` (the Temporal dev server's own services, a
 * simulator on port 0), so a port it picked for us could be taken again by the time a process
 * binds it; a port from below that range stays free until someone binds it on purpose.
 */
const CHOSEN_FROM = 20_000;
const CHOSEN_BELOW = 32_768;

/** A TCP port nothing listens on right now, for a process to bind a little later. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = randomInt(CHOSEN_FROM, CHOSEN_BELOW);
    if (!(await portInUse(port))) return port;
  }
  return osPickedPort();
}

/** Whether something already listens on `port` (the local stack refuses to start over it). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
