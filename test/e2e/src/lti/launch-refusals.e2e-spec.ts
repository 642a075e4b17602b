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

  async function expectRefused(response: Response, status: number, code: string, explanation: RegExp): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain(`data-refusal="${code}"`);
    expect(page).toMatch(explanation);
    expect(page).toContain('Nothing was started.');
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
    await expectRefused(
      launch,
      401,
      'wrong-audience',
      /issued for another tool \(audience &#34;10000000000999&#34;\), not this district&#39;s Sync Grades developer key \(client id 10000000000042\)/,
    );
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
      /Only a teacher of this course can sync its grades to PowerTeacher Pro, and Canvas launched this for you as: StudentEnrollment/,
    );
    await expectNothingStarted();
  });

  it('refuses a TA, whom Canvas gives the Instructor role but who is not a teacher of the course', async () => {
    const { launch } = await stack.platform.launchWithoutBrowser(
      stack.loginUrl(),
      launchAs(TA, TA, [LtiRoles.instructor, `${LtiRoles.instructor}#TeachingAssistant`], ['TaEnrollment']),
    );
    await expectRefused(
      launch,
      403,
      'not-teacher-of-course',
      /Canvas does not list you as a teacher of this course \(Canvas says: TaEnrollment\)/,
    );
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
    await expectRefused(
      unknownDeployment.launch,
      401,
      'unknown-deployment',
      /a deployment of the tool \(&#34;99:elsewhere&#34;\) that sisbridge does not know/,
    );

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
    await expectRefused(
      response,
      401,
      'wrong-issuer',
      /This login request comes from &#34;https:\/\/evil.example&#34;, not from this district&#39;s Canvas/,
    );
  });

  it('accepts a launch once: the same id token and nonce posted again are refused, and start nothing more', async () => {
    const { launch, form } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher());
    expect(launch.status).toBe(303);
    expect(launch.headers.get('location')).toMatch(new RegExp(`^${stack.toolUrl}/lti/passback#session=`));
    const handle = stack.client.workflow.getHandle(passbackWorkflowId(DISTRICT, TEACHER, COURSE));
    const started = await handle.describe();

    const replay = await stack.platform.postLaunch(stack.launchUrl(), form);
    await expectRefused(replay, 401, 'nonce-reused', /This launch has already been used once, and a launch cannot be replayed/);

    // Still the one run, and it took one request only: the replay never reached it.
    expect((await stack.passbackRuns()).map((run) => run.runId)).toEqual([started.runId]);
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
  });
});
