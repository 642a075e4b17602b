import { startMetricsEndpoint, type MetricsEndpoint } from './metrics-endpoint';

describe('the metrics endpoint', () => {
  let endpoint: MetricsEndpoint;
  let scrapes = 0;

  beforeAll(async () => {
    endpoint = await startMetricsEndpoint({
      host: '127.0.0.1',
      port: 0,
      scrape: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: `up ${++scrapes}\n` }),
    });
  });
  afterAll(() => endpoint.close());

  const url = (path: string) => `http://127.0.0.1:${endpoint.port}${path}`;

  it('serves a fresh scrape at /metrics, on the port the system chose for 0', async () => {
    expect(endpoint.port).toBeGreaterThan(0);
    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toMatch(/^up \d+\n$/);
    const again = await (await fetch(url('/metrics?x=1'))).text();
    expect(again).not.toBe(`up 1\n`);
  });

  it('serves nothing else: no API, no probes, no docs', async () => {
    for (const path of ['/', '/healthz', '/readyz', '/docs', '/passback'])
      expect([path, (await fetch(url(path))).status]).toEqual([path, 404]);
    expect((await fetch(url('/metrics'), { method: 'POST' })).status).toBe(405);
  });
});
