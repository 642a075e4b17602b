import { DISTRICT, PassbackStack } from './support/passback-services';
import { COURSE, COURSES, PEOPLE } from './support/roster-fixture';

/**
 * Rate limits of Canvas's ways in, per client (told apart by X-Forwarded-For from a trusted proxy,
 * as behind the Ingress): LTI logins (each costs an RSA signature), launches, and failed API
 * authentications. Over the limit: 429 with Retry-After; another client is not affected.
 */
describe('rate limits on the LTI login, the launch and failed API authentications', () => {
  let stack: PassbackStack;

  beforeAll(async () => {
    stack = await PassbackStack.start({
      purpose: 'lti-rate-limits',
      courses: COURSES,
      people: PEOPLE,
      passbackWorkflow: 'stand-in',
      // A window far longer than the suite: nothing here depends on how fast the machine is.
      extraEnv: {
        RATE_LIMIT_WINDOW_SECONDS: '3600',
        LTI_LOGINS_PER_WINDOW: '3',
        LTI_LAUNCHES_PER_WINDOW: '2',
        API_AUTH_FAILURES_PER_WINDOW: '3',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const from = (client: string) => ({ 'X-Forwarded-For': client });
  const login = (client: string) =>
    fetch(stack.loginUrl(), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...from(client) },
      body: new URLSearchParams({ iss: stack.platform.issuer, login_hint: 'hint', client_id: stack.platform.clientId }),
    });
  const expectTooMany = (response: Response) => {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it('answers a client’s logins over the limit with 429 and Retry-After, and not another client’s', async () => {
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.10')).status).toBe(302);
    expectTooMany(await login('203.0.113.10'));
    expect((await login('203.0.113.11')).status).toBe(302);
  });

  it('answers a client’s launches over the limit with 429, refused launches counted too', async () => {
    const launch = (client: string) =>
      fetch(stack.launchUrl(), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...from(client) },
        body: new URLSearchParams({ state: 'not-a-state', id_token: 'not-a-token' }),
      });
    for (let i = 0; i < 2; i++) expect((await launch('203.0.113.20')).status).toBe(400);
    expectTooMany(await launch('203.0.113.20'));
    expect((await launch('203.0.113.21')).status).toBe(400);
  });

  it('after too many failed authentications, refuses the client for the window whatever it sends; others are not affected', async () => {
    const call = (client: string, token: string) =>
      fetch(stack.ptp.url('/passback'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...from(client) },
        // Names no teacher: a call that gets past the credentials is refused as a bad body, and starts nothing.
        body: JSON.stringify({ districtId: DISTRICT, courseSisId: COURSE }),
      });
    for (let i = 0; i < 3; i++) expect((await call('203.0.113.30', 'guess')).status).toBe(401);
    expectTooMany(await call('203.0.113.30', 'guess'));
    expectTooMany(await call('203.0.113.30', stack.bearerToken));
    expect((await call('203.0.113.31', stack.bearerToken)).status).toBe(400);
    expect(await stack.passbackRuns()).toEqual([]);
  });
});
