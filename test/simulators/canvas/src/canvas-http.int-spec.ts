import { startCanvasSimulator, type CanvasSimulator } from './canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from './testing/canvas-test-client';

describe('Canvas simulator over HTTP: auth, throttling, faults', () => {
  let sim: CanvasSimulator;
  afterEach(async () => sim?.close());

  it('answers 401 without a token, and 401 with WWW-Authenticate for a wrong one', async () => {
    sim = await startCanvasSimulator({ token: 'right', processingTimeMs: 10 });
    const client = new CanvasTestClient(sim.url, 'right');
    const none = await client.request('GET', '/api/v1/accounts/1', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ status: 'unauthenticated', errors: [{ message: 'user authorization required' }] });
    expect(none.headers.get('www-authenticate')).toBeNull();
    const wrong = await client.request('GET', '/api/v1/accounts/1', { token: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ errors: [{ message: 'Invalid access token.' }] });
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="canvas-lms"');
    expect((await client.request('GET', '/api/v1/accounts/1')).status).toBe(200);
    // The discouraged ?access_token= works too.
    expect((await client.request('GET', '/api/v1/accounts/1', { token: null, query: { access_token: 'right' } })).status).toBe(200);
  });

  it('binds 127.0.0.1 and uses the configured root account id', async () => {
    sim = await startCanvasSimulator({ rootAccountId: 90210, processingTimeMs: 10 });
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new CanvasTestClient(sim.url, sim.token);
    expect(await client.json('GET', '/api/v1/accounts/self')).toMatchObject({ id: 90210, parent_account_id: null, root_account_id: null });
    expect(await client.json('GET', '/api/v1/accounts')).toEqual([expect.objectContaining({ id: 90210 })]);
  });

  it('sends X-Request-Cost and X-Rate-Limit-Remaining, and refuses with 403 Rate Limit Exceeded when the bucket runs dry', async () => {
    // The burst's requests are held in flight on purpose (as a slow Canvas would) until every one
    // of them has either been let in or refused: they overlap however busy the machine is.
    const burstSize = 8;
    let holding = false;
    let held = 0;
    let answered = 0;
    let releaseBurst: () => void = () => undefined;
    const burstReleased = new Promise<void>((resolve) => (releaseBurst = resolve));
    const releaseWhenAllArrived = () => {
      if (held + answered === burstSize) releaseBurst();
    };
    sim = await startCanvasSimulator({
      processingTimeMs: 10,
      throttle: { highWaterMark: 100, maximum: 150, upFrontCost: 30, requestCost: 10, outflowPerSecond: 0 },
      holdApiRequest: async () => {
        if (!holding) return;
        held++;
        releaseWhenAllArrived();
        await burstReleased;
      },
    });
    const client = new CanvasTestClient(sim.url, sim.token);
    const first = await client.request('GET', '/api/v1/accounts/self');
    expect(first.headers.get('x-request-cost')).toBe('10');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('90');
    // Parallel requests each reserve the up-front cost: the fourth finds the bucket full,
    // although one at a time the same requests would all have gone through.
    holding = true;
    const burst = await Promise.all(
      Array.from({ length: burstSize }, () =>
        client.request('GET', '/api/v1/accounts/self').then((response) => {
          answered++;
          releaseWhenAllArrived();
          return response;
        }),
      ),
    );
    holding = false;
    const throttled = burst.filter((r) => r.status === 403);
    expect(held).toBe(3);
    expect(throttled.length).toBe(5);
    expect(throttled[0]?.text).toBe('403 Forbidden (Rate Limit Exceeded)\n');
    expect(throttled[0]?.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(throttled[0]?.headers.get('x-rate-limit-remaining')).toBe('0.0');
    expect(burst.filter((r) => r.status === 200).length).toBe(3);
    // Once answered, each paid only its own cost (the reservations were refunded): the bucket is at 40, room for more.
    expect((await client.request('GET', '/api/v1/accounts/self')).status).toBe(200);
    // Each token has its own bucket, and the simulator's own endpoints are never throttled.
    expect((await client.request('GET', '/api/v1/accounts/self', { token: 'other' })).status).toBe(401);
    expect((await client.request('GET', '/__admin/health')).status).toBe(200);
  });

  it('lets the bucket drain at the outflow rate', async () => {
    // The throttle's clock is the test's: the bucket drains when the test says time has passed.
    let now = 1_000_000;
    sim = await startCanvasSimulator({
      processingTimeMs: 10,
      throttle: { highWaterMark: 20, maximum: 40, upFrontCost: 0, requestCost: 25, outflowPerSecond: 20 },
      throttleNow: () => now,
    });
    const client = new CanvasTestClient(sim.url, sim.token);
    expect((await client.request('GET', '/api/v1/accounts/self')).status).toBe(200);
    expect((await client.request('GET', '/api/v1/accounts/self')).status).toBe(403);
    now += 200; // 4 of 25 drained: still at the high-water mark
    expect((await client.request('GET', '/api/v1/accounts/self')).status).toBe(403);
    now += 200; // 8 drained: 17, below 20
    const later = await client.request('GET', '/api/v1/accounts/self');
    expect(later.status).toBe(200);
  });

  it('injects the shared --faults, except on its own /__admin endpoints, and can be reconfigured at run time', async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 10, faults: '5xx=1,seed=3' });
    const client = new CanvasTestClient(sim.url, sim.token);
    const faulted = await client.request('GET', '/api/v1/accounts/self');
    expect([500, 502, 503]).toContain(faulted.status);
    expect(faulted.text).toMatch(/^Injected fault/);
    expect((await client.request('GET', '/__admin/state')).status).toBe(200);
    await client.json('PUT', '/__admin/faults', { json: { spec: 'none' } });
    expect((await client.request('GET', '/api/v1/accounts/self')).status).toBe(200);
    expect(sim.faults.counters.errors5xx).toBe(1);
  });

  it('paginates with per_page (default 10, at most 100) and absolute Link URLs without the access token', async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 5, throttle: false });
    const client = new CanvasTestClient(sim.url, sim.token);
    const users = ['user_id,login_id,status', ...Array.from({ length: 125 }, (_, i) => `U${i},login${i},active`)].join('\n');
    expect((await client.importCsvs({ 'users.csv': users })).workflow_state).toBe('imported');

    const first = await client.request('GET', '/api/v1/accounts/self/users', { token: null, query: { access_token: sim.token } });
    expect((first.body as unknown[]).length).toBe(10);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${sim.url}/api/v1/accounts/self/users?page=2&per_page=10>; rel="next"`);
    expect(link).toContain('rel="current"');
    expect(link).toContain('rel="first"');
    expect(link).toContain(`<${sim.url}/api/v1/accounts/self/users?page=13&per_page=10>; rel="last"`);
    expect(link).not.toContain('access_token');

    const capped = await client.request('GET', '/api/v1/accounts/self/users', { query: { per_page: 500 } });
    expect((capped.body as unknown[]).length).toBe(100);
    const seen = new Set<number>();
    let next: string | undefined = `${sim.url}/api/v1/accounts/self/users?per_page=100&sort=sis_id`;
    while (next) {
      const page = await client.request('GET', next);
      for (const user of page.body as Array<{ id: number }>) seen.add(user.id);
      next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    expect(seen.size).toBe(125);
  });

  it('answers unknown routes and objects with Canvas’s 404, and accepts the .json suffix', async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 5 });
    const client = new CanvasTestClient(sim.url, sim.token);
    await client.importCsvs(smallDistrictCsvs());
    expect(await client.request('GET', '/api/v1/courses/999999')).toMatchObject({
      status: 404,
      body: { errors: [{ message: 'The specified resource does not exist.' }] },
    });
    expect((await client.request('GET', '/api/v1/nothing/here')).status).toBe(404);
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:BIO1.json')).body).toMatchObject({ sis_course_id: 'BIO1' });
  });
});
