import { setTimeout as sleep } from 'node:timers/promises';
import { PASSBACK_WORKFLOW, passbackStartOptions, passbackWorkflowId, TaskQueues } from '@sisbridge/contracts';
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

  const NOT_ACCEPTED = 'these credentials are not accepted for this district';

  describe('credentials: missing or wrong is a 401, and nothing starts', () => {
    const body = () => JSON.stringify({ districtId: DISTRICT, teacherSisId: OTHER_TEACHER, courseSisId: OTHER_COURSE });

    it.each([
      ['no credentials', () => ({}), /credentials are missing/],
      ['a wrong bearer token', () => ({ Authorization: 'Bearer not-the-token' }), NOT_ACCEPTED],
      ["another district's bearer token", () => ({ Authorization: `Bearer ${stack.otherToken}` }), NOT_ACCEPTED],
      ['a signature made with another secret', () => signedHeaders('wrong-secret', 'POST', '/passback', body()), NOT_ACCEPTED],
      [
        'a signature over another body',
        () => signedHeaders(stack.hmacSecret, 'POST', '/passback', body().replace(OTHER_TEACHER, TEACHER)),
        NOT_ACCEPTED,
      ],
      ['a signature for another path', () => signedHeaders(stack.hmacSecret, 'POST', '/passback/x', body()), NOT_ACCEPTED],
      [
        'a right signature ten minutes old',
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

    it('answers alike whether the district does not exist, has no API, does not take that credential, or it is wrong', async () => {
      const answer = async (districtId: string, headers: (body: string) => Record<string, string>) => {
        const payload = JSON.stringify({ districtId, teacherSisId: TEACHER });
        const response = await post(payload, headers(payload));
        return { status: response.status, authenticate: response.headers.get('www-authenticate'), body: await response.json() };
      };
      const bearerFor = (token: string) => () => ({ Authorization: `Bearer ${token}` });
      const signed = (payload: string) => signedHeaders(stack.hmacSecret, 'POST', '/passback', payload);
      const answers = [
        await answer('atlantis', bearerFor(stack.bearerToken)),
        await answer('atlantis', signed),
        await answer(OTHER_DISTRICT, signed),
        await answer(OTHER_DISTRICT, bearerFor(stack.bearerToken)),
        await answer(DISTRICT, bearerFor(stack.otherToken)),
      ];
      for (const each of answers)
        expect(each).toEqual({
          status: 401,
          authenticate: 'Bearer realm="sisbridge", Sisbridge-HMAC-SHA256 realm="sisbridge"',
          body: { statusCode: 401, message: NOT_ACCEPTED, error: 'Unauthorized' },
        });
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
    expect(accepted.statusUrl).toBe(
      stack.ptp.url(`/passback/${DISTRICT}/${encodeURIComponent(accepted.workflowId)}/runs/${accepted.runId}`),
    );
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
    const elsewhere = await fetch(
      stack.ptp.url(`/passback/${OTHER_DISTRICT}/${encodeURIComponent(accepted.workflowId)}/runs/${accepted.runId}`),
      {
        headers: { Authorization: `Bearer ${stack.otherToken}` },
      },
    );
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

  it('refuses to join a running passback of this id that is another request’s, and tells nothing of it', async () => {
    // A run under the id of (TEACHER, OTHER_COURSE) but for another teacher: what an ambiguous id once allowed.
    const intruder = passbackStartOptions({ districtId: DISTRICT, teacherSisId: OTHER_TEACHER, courseSisId: OTHER_COURSE, trigger: 'cli' });
    const workflowId = passbackWorkflowId(DISTRICT, TEACHER, OTHER_COURSE);
    await stack.client.workflow.start(PASSBACK_WORKFLOW, { ...intruder, workflowId, taskQueue: TaskQueues.orchestration });
    const response = await post({ districtId: DISTRICT, teacherSisId: TEACHER, courseSisId: OTHER_COURSE }, bearer());
    expect(response.status).toBe(409);
    const text = await response.text();
    expect(text).not.toContain(OTHER_TEACHER);
    expect(text).not.toMatch(/runId|report|Cell Structure/);
    await stack.client.workflow.getHandle(workflowId).terminate('test done');
  });

  it('shows a run only to its own district, exactly: a run without a district on record is nobody’s', async () => {
    // A run of the other district (its id starts with this district's: lti-e2e-other), without the search attribute.
    const workflowId = `passback-${OTHER_DISTRICT}-T9`;
    const handle = await stack.client.workflow.start(PASSBACK_WORKFLOW, {
      workflowId,
      taskQueue: TaskQueues.orchestration,
      args: [{ districtId: OTHER_DISTRICT, teacherSisId: 'T9', trigger: 'cli' }],
    });
    const read = await fetch(stack.ptp.url(`/passback/${DISTRICT}/${encodeURIComponent(workflowId)}/runs/${handle.firstExecutionRunId}`), {
      headers: bearer(),
    });
    expect(read.status).toBe(404);
    await handle.terminate('test done');
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
