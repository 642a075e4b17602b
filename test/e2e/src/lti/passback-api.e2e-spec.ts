import { setTimeout as sleep } from 'node:timers/promises';
import { passbackWorkflowId } from '@sisbridge/contracts';
import { DISTRICT, OTHER_DISTRICT, PassbackStack } from './support/passback-services';
import { COURSE, COURSES, OTHER_COURSE, OTHER_TEACHER, PEOPLE, TEACHER } from './support/roster-fixture';
import { signedHeaders } from './support/signed-request';

interface Status {
  workflowId: string;
  runId: string;
  state: string;
  progress: { phase: string; percent: number } | null;
  report: { assignments: unknown[]; valid: number; invalid: number } | null;
  result: { outcome: string; assignments: Array<{ name: string; status: string }> } | null;
}

/** `POST /passback` and its status URL, for Canvas-side automation, against the compiled service. */
describe('the passback API', () => {
  let stack: PassbackStack;

  beforeAll(async () => {
    stack = await PassbackStack.start({ purpose: 'passback-api', courses: COURSES, people: PEOPLE, passbackWorkflow: 'stand-in' });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const post = (body: unknown, headers: Record<string, string>) =>
    fetch(stack.ptp.url('/passback'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const bearer = () => ({ Authorization: `Bearer ${stack.bearerToken}` });

  describe('credentials: missing or wrong is a 401 naming the problem, and nothing starts', () => {
    const body = () => JSON.stringify({ districtId: DISTRICT, teacherSisId: OTHER_TEACHER, courseSisId: OTHER_COURSE });

    it.each([
      ['no credentials', () => ({}), /credentials are missing/],
      ['a wrong bearer token', () => ({ Authorization: 'Bearer not-the-token' }), /the bearer token is not this district's/],
      [
        "another district's bearer token",
        () => ({ Authorization: `Bearer ${stack.otherToken}` }),
        /the bearer token is not this district's/,
      ],
      [
        'a signature made with another secret',
        () => signedHeaders('wrong-secret', 'POST', '/passback', body()),
        /the signature does not match this request/,
      ],
      [
        'a signature over another body',
        () => signedHeaders(stack.hmacSecret, 'POST', '/passback', body().replace(OTHER_TEACHER, TEACHER)),
        /the signature does not match/,
      ],
      [
        'a signature for another path',
        () => signedHeaders(stack.hmacSecret, 'POST', '/passback/x', body()),
        /the signature does not match/,
      ],
      [
        'a signature ten minutes old',
        () => signedHeaders(stack.hmacSecret, 'POST', '/passback', body(), Math.floor(Date.now() / 1000) - 600),
        /^X-Sisbridge-Timestamp is 60\d s away from the service's clock \(at most 300 s\)/,
      ],
      [
        'a malformed signature',
        () => ({ 'X-Sisbridge-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Sisbridge-Signature': 'sha1=abc' }),
        /must be "v1=" followed by 64/,
      ],
    ])('%s', async (_name, headers, message) => {
      const response = await post(body(), headers());
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sisbridge", Sisbridge-HMAC-SHA256 realm="sisbridge"');
      expect(((await response.json()) as { message: string }).message).toMatch(message);
      expect(await stack.passbackRuns()).toEqual([]);
    });

    it('refuses a district without the API, and one that does not exist', async () => {
      const signedForOther = JSON.stringify({ districtId: OTHER_DISTRICT, teacherSisId: OTHER_TEACHER });
      const noHmac = await post(signedForOther, signedHeaders(stack.hmacSecret, 'POST', '/passback', signedForOther));
      expect(noHmac.status).toBe(401);
      expect(((await noHmac.json()) as { message: string }).message).toBe(
        `district "${OTHER_DISTRICT}" does not accept signed requests: send its bearer token`,
      );
      const unknown = await post({ districtId: 'atlantis', teacherSisId: TEACHER }, bearer());
      expect(unknown.status).toBe(401);
      expect(((await unknown.json()) as { message: string }).message).toMatch(/not enabled for district "atlantis"/);
      expect(await stack.passbackRuns()).toEqual([]);
    });
  });

  it('refuses a body that does not name one teacher, with the reason', async () => {
    const neither = await post({ districtId: DISTRICT, courseSisId: COURSE }, bearer());
    expect(neither.status).toBe(400);
    expect(((await neither.json()) as { message: string }).message).toBe('name the teacher: teacherSisId or teacherCanvasId');
    const both = await post({ districtId: DISTRICT, teacherSisId: TEACHER, teacherCanvasId: 5 }, bearer());
    expect(both.status).toBe(400);
    const typo = await post({ districtId: DISTRICT, teacherSisID: TEACHER }, bearer());
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { message: string[] }).message).toContain('unknown field "teacherSisID"');
    const unknownUser = await post({ districtId: DISTRICT, teacherCanvasId: 999_999 }, bearer());
    expect(unknownUser.status).toBe(422);
    expect(((await unknownUser.json()) as { message: string }).message).toBe('Canvas user 999999 does not exist in Canvas');
    expect(await stack.passbackRuns()).toEqual([]);
  });

  it('answers at once with the run, the validation report and a status URL; GET on it gives progress, then results', async () => {
    const response = await post({ districtId: DISTRICT, teacherSisId: TEACHER, courseSisId: COURSE }, bearer());
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as {
      workflowId: string;
      runId: string;
      joined: boolean;
      report: Status['report'];
      statusUrl: string;
    };
    expect(accepted.workflowId).toBe(passbackWorkflowId(DISTRICT, TEACHER, COURSE));
    expect(accepted.joined).toBe(false);
    expect(accepted.report).toMatchObject({ valid: 2, invalid: 2 });
    expect(accepted.statusUrl).toBe(stack.ptp.url(`/passback/${DISTRICT}/${accepted.workflowId}/runs/${accepted.runId}`));
    expect(response.headers.get('location')).toBe(accepted.statusUrl);

    const read = async (headers: Record<string, string>) => fetch(accepted.statusUrl, { headers });
    const first = (await (await read(bearer())).json()) as Status;
    expect(first).toMatchObject({
      workflowId: accepted.workflowId,
      runId: accepted.runId,
      state: 'running',
      report: { valid: 2, invalid: 2 },
    });
    expect(first.progress?.phase).toBeDefined();

    // The same status, read with a signature instead of the token.
    const path = new URL(accepted.statusUrl).pathname;
    expect((await read(signedHeaders(stack.hmacSecret, 'GET', path, ''))).status).toBe(200);
    // Another district's credentials do not open it, nor does naming that district in the URL.
    expect((await read({ Authorization: `Bearer ${stack.otherToken}` })).status).toBe(401);
    const elsewhere = await fetch(stack.ptp.url(`/passback/${OTHER_DISTRICT}/${accepted.workflowId}/runs/${accepted.runId}`), {
      headers: { Authorization: `Bearer ${stack.otherToken}` },
    });
    expect(elsewhere.status).toBe(404);

    let status = first;
    // Until the run ends, however long that takes on this machine (Jest's timeout is the limit, not 100 polls).
    while (status.state === 'running') {
      await sleep(200);
      status = (await (await read(bearer())).json()) as Status;
    }
    expect(status.state).toBe('completed');
    expect(status.progress?.phase).toBe('done');
    expect(status.result?.outcome).toBe('completed-with-errors');
    expect(status.result?.assignments.map((assignment) => assignment.status)).toEqual(['sent', 'sent', 'invalid', 'invalid']);
  });

  it('joins the run already going when asked again, also by Canvas ids', async () => {
    const first = (await (
      await post({ districtId: DISTRICT, teacherSisId: OTHER_TEACHER, courseSisId: OTHER_COURSE }, bearer())
    ).json()) as { runId: string; joined: boolean };
    const body = JSON.stringify({
      districtId: DISTRICT,
      teacherCanvasId: stack.roster.userId(OTHER_TEACHER),
      courseCanvasId: stack.roster.courseId(OTHER_COURSE),
    });
    const again = await post(body, signedHeaders(stack.hmacSecret, 'POST', '/passback', body));
    expect(again.status).toBe(202);
    expect((await again.json()) as { runId: string; joined: boolean }).toMatchObject({ runId: first.runId, joined: true });
  });

  it('lists the API in the OpenAPI document', async () => {
    const document = (await (await fetch(stack.ptp.url('/docs/json'))).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/passback',
        '/passback/{districtId}/{workflowId}/runs/{runId}',
        '/lti/{districtId}/login',
        '/lti/{districtId}/launch',
        '/lti/{districtId}/config.json',
      ]),
    );
  });
});
