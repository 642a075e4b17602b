import { WorkflowNotFoundError } from '@temporalio/client';
import { passbackWorkflowId } from '@sisbridge/contracts';
import { LtiRoles, type LaunchContext } from '@sisbridge/test-support';
import { DISTRICT, PassbackStack } from './support/passback-services';
import { COURSE, COURSES, OTHER_TEACHER, PEOPLE, STUDENT, TA, TEACHER } from './support/roster-fixture';

/**
 * Launches that must not start anything: each is refused with a page that says why, in words a
 * teacher can act on, with the HTTP status of the refusal, and no passback run exists afterwards.
 */
describe('LTI launches that are refused, with nothing started', () => {
  let stack: PassbackStack;

  beforeAll(async () => {
    stack = await PassbackStack.start({ purpose: 'lti-refusals', courses: COURSES, people: PEOPLE, passbackWorkflow: 'stand-in' });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  function launchAs(sisId: string | undefined, canvasUser: string, roles: string[], enrollmentTypes: string[]): LaunchContext {
    return {
      user: { canvasId: stack.roster.userId(canvasUser), ...(sisId ? { sisId } : {}), roles, enrollmentTypes },
      course: { canvasId: stack.roster.courseId(COURSE), sisId: COURSE, title: 'Biology 1' },
    };
  }

  const teacher = () => launchAs(TEACHER, TEACHER, [LtiRoles.instructor], ['TeacherEnrollment']);

  async function expectRefused(response: Response, status: number, code: string, explanation: RegExp): Promise<string> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain(`data-refusal="${code}"`);
    expect(page).toMatch(explanation);
    expect(page).toContain('Nothing was started.');
    return page;
  }

  async function expectNothingStarted(): Promise<void> {
    await expect(stack.client.workflow.getHandle(passbackWorkflowId(DISTRICT, TEACHER, COURSE)).describe()).rejects.toThrow(
      WorkflowNotFoundError,
    );
    expect(await stack.passbackRuns()).toEqual([]);
  }

  it('refuses a token signed with a key the platform does not publish (a forgery)', async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher(), { sign: { forged: true } });
    await expectRefused(
      launch,
      401,
      'bad-signature',
      /This launch is not signed by your Canvas: its signature does not match the keys Canvas publishes/,
    );
    await expectNothingStarted();
  });

  it("refuses a token for another tool (the audience is not this district's developer key)", async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher(), {
      sign: { audience: '10000000000999' },
      claims: (claims) => ({ ...claims, azp: '10000000000999' }),
    });
    const page = await expectRefused(
      launch,
      401,
      'wrong-audience',
      /This launch was issued for another tool, not this district&#39;s Sync Grades/,
    );
    expect(page).not.toContain('10000000000999');
    await expectNothingStarted();
  });

  it('refuses an expired token', async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher(), { sign: { expiresInSeconds: -600 } });
    await expectRefused(launch, 401, 'expired', /This launch has expired/);
    await expectNothingStarted();
  });

  it("refuses a student's launch before asking Canvas anything", async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(STUDENT, STUDENT, [LtiRoles.learner, LtiRoles.institutionStudent], ['StudentEnrollment']),
    );
    await expectRefused(
      launch,
      403,
      'not-instructor',
      /Only a teacher of this course can sync its grades to PowerTeacher Pro, and Canvas did not launch this for you as one/,
    );
    await expectNothingStarted();
  });

  it('refuses a TA, whom Canvas gives the Instructor role but who is not a teacher of the course', async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(TA, TA, [LtiRoles.instructor, `${LtiRoles.instructor}#TeachingAssistant`], ['TaEnrollment']),
    );
    await expectRefused(launch, 403, 'not-teacher-of-course', /Canvas does not list you as a teacher of this course; only its teachers/);
    await expectNothingStarted();
  });

  it("refuses another course's teacher", async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(OTHER_TEACHER, OTHER_TEACHER, [LtiRoles.instructor], ['TeacherEnrollment']),
    );
    await expectRefused(launch, 403, 'not-teacher-of-course', /Canvas does not list you as a teacher of this course/);
    await expectNothingStarted();
  });

  it('refuses a teacher Canvas has no SIS id for (the custom field comes through unexpanded)', async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(undefined, TEACHER, [LtiRoles.instructor], ['TeacherEnrollment']),
    );
    await expectRefused(launch, 403, 'no-user-sis-id', /Your Canvas account has no SIS id/);
    await expectNothingStarted();
  });

  it('refuses a deployment the district does not list, and a launch whose state was not issued by the tool', async () => {
    const unknownDeployment = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher(), {
      claims: (claims) => ({ ...claims, 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': '99:elsewhere' }),
    });
    await expectRefused(unknownDeployment.launch, 401, 'unknown-deployment', /an installation of Sync Grades that sisbridge does not know/);

    const { form } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(STUDENT, STUDENT, [LtiRoles.learner], ['StudentEnrollment']),
    );
    const forgedState = await stack.platform.postLaunch(stack.launchUrl(), { ...form, state: `${form.state.slice(0, -4)}AAAA` });
    expect(forgedState.status).toBe(400);
    expect(await forgedState.text()).toContain('data-refusal="bad-state"');
    await expectNothingStarted();
  });

  it('refuses a login initiation from another issuer', async () => {
    const response = await fetch(stack.loginUrl(), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ iss: 'https://evil.example', login_hint: 'x', client_id: stack.platform.clientId }),
    });
    await expectRefused(response, 401, 'wrong-issuer', /This login request does not come from this district&#39;s Canvas/);
  });

  it('shows only its own words and the refusal code: nothing the request or the platform said (issuer, error description)', async () => {
    const login = await fetch(stack.loginUrl(), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ iss: 'https://evil.example/<b>Call 555-0100 to verify your account</b>', login_hint: 'x' }),
    });
    const loginPage = await login.text();
    expect(loginPage).toContain('data-refusal="wrong-issuer"');
    expect(loginPage).not.toMatch(/evil\.example|555-0100|verify your account/);

    // A state of a real login (a student's launch, which starts nothing), with Canvas's error instead of a token.
    const { form } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(STUDENT, STUDENT, [LtiRoles.learner], ['StudentEnrollment']),
    );
    const platformError = await fetch(stack.launchUrl(), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        state: form.state,
        error: 'login_required',
        error_description: 'Your session expired: sign in at https://evil.example',
      }),
    });
    const page = await expectRefused(platformError, 400, 'platform-error', /Canvas could not sign you in to the tool/);
    expect(page).not.toMatch(/evil\.example|session expired|login_required/);
  });

  it('refuses a launch posted by a browser that did not log in (login CSRF): its state is bound to the browser that did', async () => {
    // An attacker logs in with their own Canvas account and has the teacher's browser post their launch.
    const { launch } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher(), { cookies: false });
    await expectRefused(launch, 401, 'unbound-state', /This launch did not come from the browser that started it/);
    await expectNothingStarted();
  });

  it('answers 404 for the configuration or key set of a district that is unknown or has no LTI tool', async () => {
    for (const path of [
      '/lti/atlantis/config.json',
      '/lti/atlantis/jwks.json',
      '/lti/lti-e2e-other/config.json',
      '/lti/lti-e2e-other/jwks.json',
    ])
      expect((await fetch(stack.ptp.url(path))).status).toBe(404);
  });

  it('accepts a launch once: the same id token and nonce posted again are refused, and start nothing more', async () => {
    const { launch, form, cookie } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher());
    expect(launch.status).toBe(303);
    expect(launch.headers.get('location')).toMatch(new RegExp(`^${stack.toolUrl}/lti/passback#session=`));
    const handle = stack.client.workflow.getHandle(passbackWorkflowId(DISTRICT, TEACHER, COURSE));
    const started = await handle.describe();

    const replay = await stack.platform.postLaunch(stack.launchUrl(), form, cookie);
    await expectRefused(replay, 401, 'nonce-reused', /This launch has already been used once, and a launch cannot be replayed/);

    // Still the one run, and it took one request only: the replay never reached it.
    expect((await stack.passbackRuns()).map((run) => run.runId)).toEqual([started.runId]);
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
  });
});
