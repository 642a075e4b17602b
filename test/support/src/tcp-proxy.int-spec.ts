import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';

/** An echo server on loopback: what comes in goes back. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** Connects, sends `text`, and resolves with what came back, or with `closed` if the line was dropped. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received === text) {
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received === text ? received : 'closed'));
  });
}

describe('TcpProxy partitions', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = await echoServer();
    proxy = await TcpProxy.start('127.0.0.1', echo.port);
  });

  afterEach(async () => {
    await proxy.cut();
    echo.server.close();
  });

  it('drops open connections and every new one while partitioned, and carries traffic again once healed', async () => {
    expect(await roundTrip(proxy.port, 'before')).toBe('before');

    const open = createConnection({ host: '127.0.0.1', port: proxy.port });
    open.on('error', () => undefined);
    await once(open, 'connect');
    open.write('x');
    await once(open, 'data');
    const dropped = once(open, 'close');
    proxy.partition();
    await dropped;
    expect(await roundTrip(proxy.port, 'during')).toBe('closed');

    proxy.heal();
    expect(await roundTrip(proxy.port, 'after')).toBe('after');
  });
});
