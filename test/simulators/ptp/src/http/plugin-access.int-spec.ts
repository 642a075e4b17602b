import { startPtpSimulator, type PtpSimulator } from '../ptp-simulator';
import { PtpTestClient, tinyDistrict } from '../testing/ptp-test-client';

describe('plugin OAuth, token expiry, the minimum interval and faults', () => {
  const district = tinyDistrict();
  const teacher = district.teachers[0]?.users_dcid ?? 0;
  const categories = `/ws/xte/teacher_category?users_dcid=${teacher}&year_id=${district.yearid}`;
  let sim: PtpSimulator;
  afterEach(async () => sim?.close());

  it('issues a Bearer token for Basic client credentials, with expires_in as a string', async () => {
    sim = await startPtpSimulator({ district, clientId: 'abc', clientSecret: 'xyz' });
    const client = new PtpTestClient(sim.url, 'abc', 'xyz');
    const response = await client.requestToken();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: '2592000' });
    expect(await client.requestToken('abc:wrong')).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await client.requestToken('abc:xyz', 'grant_type=password')).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    const trailing = await fetch(`${sim.url}/oauth/access_token/`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('abc:xyz').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(trailing.status).toBe(200);
  });

  it('answers 401 without a token, with an unknown one, and with an expired one (WWW-Authenticate says expired)', async () => {
    let now = new Date('2025-10-01T00:00:00Z').getTime();
    sim = await startPtpSimulator({ district, tokenLifetimeSeconds: 60, now: () => new Date(now) });
    const client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    const none = await client.request('GET', categories, undefined, null);
    expect(none.status).toBe(401);
    expect(none.text).toBe('');
    const unknown = await client.request('GET', categories, undefined, 'not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).not.toMatch(/expired/);
    const token = await client.authenticate();
    expect((await client.request('GET', categories)).status).toBe(200);
    now += 30_000;
    expect((await client.requestToken()).body).toMatchObject({ access_token: token, expires_in: '30' });
    now += 31_000;
    const expired = await client.request('GET', categories);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/expired/);
    const fresh = await client.authenticate();
    expect(fresh).not.toBe(token);
    expect((await client.request('GET', categories)).status).toBe(200);
    await fetch(`${sim.url}/__admin/tokens/expire`, { method: 'POST' });
    expect((await client.request('GET', categories)).headers.get('www-authenticate')).toMatch(/expired/);
  });

  it('refuses requests that come sooner than the minimum interval after the last one', async () => {
    // The interval runs on the test's clock: "too soon" means too soon, however slow the machine.
    let now = 1_000_000;
    sim = await startPtpSimulator({ district, minIntervalMs: 200, minIntervalNow: () => now });
    const client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    await client.authenticate();
    expect((await client.request('GET', categories)).status).toBe(200);
    now += 199;
    const tooSoon = await client.request('GET', categories);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('retry-after')).toBe('1');
    expect(tooSoon.body).toEqual({ message: 'Too many requests. Wait 1 seconds before sending the next request.' });
    now += 1;
    expect((await client.request('GET', categories)).status).toBe(200);
  });

  it('injects the shared --faults except on /__admin, and adds a random $breach_mitigation to JSON', async () => {
    sim = await startPtpSimulator({ district, faults: '5xx=1' });
    const client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    expect([500, 502, 503]).toContain((await client.requestToken()).status);
    expect((await client.request('GET', '/__admin/health')).status).toBe(200);
    await client.request('PUT', '/__admin/faults', { spec: 'none' });
    await client.authenticate();
    const first = (await client.request('GET', categories)).body as Array<Record<string, unknown>>;
    const second = (await client.request('GET', categories)).body as Array<Record<string, unknown>>;
    expect(first[0]?.['$breach_mitigation']).toEqual(expect.any(String));
    expect(first[0]?.['$breach_mitigation']).not.toBe(second[0]?.['$breach_mitigation']);
  });
});
