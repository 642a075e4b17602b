import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { HEALTHCHECK_SCRIPT } from './paths';

/** The images' HEALTHCHECK script, against a real HTTP server on the loopback interface. */
const execFileAsync = promisify(execFile);

function check(env: Record<string, string>, args: string[] = []): Promise<{ code: number; stderr: string }> {
  return execFileAsync(process.execPath, [HEALTHCHECK_SCRIPT, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    timeout: 20_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? -1, stderr: error.stderr ?? '' }),
  );
}

describe('deploy/docker/healthcheck.js', () => {
  let server: Server;
  let port: number;
  const answers: Record<string, number | 'hang'> = { '/healthz': 200, '/readyz': 503 };
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const answer = answers[req.url ?? ''] ?? 404;
      if (answer === 'hang') return; // never answers
      res.writeHead(answer).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is healthy when GET /healthz on PORT answers 200', async () => {
    expect(await check({ PORT: String(port) })).toEqual({ code: 0, stderr: '' });
    expect(asked).toContain('/healthz');
  });

  it('prefers HEALTH_PORT (the workflow worker) over PORT', async () => {
    expect((await check({ HEALTH_PORT: String(port), PORT: '1' })).code).toBe(0);
  });

  it('is unhealthy, saying why, when the endpoint answers anything else', async () => {
    const result = await check({ PORT: String(port) }, ['/readyz']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('healthcheck: GET /readyz answered 503\n');
  });

  it('is unhealthy when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await check({ PORT: String(freePort) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  });

  it('is unhealthy when the process hangs, after its timeout', async () => {
    answers['/stuck'] = 'hang';
    // The answer itself proves it gave up after its own timeout (the server never answers); how long the
    // process took on this machine proves nothing.
    const result = await check({ PORT: String(port), HEALTHCHECK_TIMEOUT_MS: '300' }, ['/stuck']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('healthcheck: GET /stuck did not answer within 300 ms\n');
  });

  it('refuses to guess a port', async () => {
    expect(await check({})).toEqual({ code: 1, stderr: 'healthcheck: neither HEALTH_PORT nor PORT is set to a port number\n' });
  });
});
