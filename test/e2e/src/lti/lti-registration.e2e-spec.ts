import { LtiRoles, type LaunchContext } from '@sisbridge/test-support';
import { DISTRICT, PassbackStack } from './support/passback-services';
import { COURSE, COURSES, PEOPLE, TEACHER } from './support/roster-fixture';

/**
 * The two ways a Canvas administrator registers Sync Grades, against the test platform: the tool's
 * JSON configuration (with its redirect URI where Canvas reads it), and LTI Dynamic Registration
 * (one URL; the tool and the platform exchange the configuration; the tool keeps the client id and
 * the deployment for the district).
 */
describe('registering the LTI tool', () => {
  let stack: PassbackStack;

  beforeAll(async () => {
    stack = await PassbackStack.start({
      purpose: 'lti-registration',
      courses: COURSES,
      people: PEOPLE,
      passbackWorkflow: 'stand-in',
      dynamicRegistration: true,
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  const teacher = (): LaunchContext => ({
    user: { canvasId: stack.roster.userId(TEACHER), sisId: TEACHER, roles: [LtiRoles.instructor], enrollmentTypes: ['TeacherEnrollment'] },
    course: { canvasId: stack.roster.courseId(COURSE), sisId: COURSE, title: 'Biology 1' },
  });
  const login = () =>
    fetch(stack.loginUrl(), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ iss: stack.platform.issuer, login_hint: 'hint', client_id: stack.platform.clientId }),
    });

  it('publishes the launch URL as the redirect URI in the JSON configuration', async () => {
    const configuration = (await (await fetch(stack.ptp.url(`/lti/${DISTRICT}/config.json`))).json()) as { redirect_uris: string[] };
    expect(configuration.redirect_uris).toEqual([stack.launchUrl()]);
  });

  it('refuses a registration that does not come from the district’s Canvas, and registers nothing', async () => {
    const foreign = await stack.platform.registerDynamically(stack.ptp.url(`/lti/${DISTRICT}/register`), {
      openidConfigurationUrl: 'https://canvas.elsewhere.example/api/lti/security/openid-configuration',
    });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('data-refusal="registration-refused"');
    const unregistered = await login();
    expect(unregistered.status).toBe(404);
    expect(await unregistered.text()).toContain('data-refusal="lti-not-configured"');
  });

  it('registers by Dynamic Registration, keeps the client id and deployment, and then takes launches under them', async () => {
    const registered = await stack.platform.registerDynamically(stack.ptp.url(`/lti/${DISTRICT}/register`), {
      clientId: '10000000000077',
      deploymentId: '77:dynamic',
    });
    expect(registered.status).toBe(200);
    const page = await registered.text();
    expect(page).toContain('id="registration-done"');
    expect(page).toContain('src="/lti/assets/registration-done.js"');
    expect(stack.platform.clientId).toBe('10000000000077');

    const { launch } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), teacher());
    expect(launch.status).toBe(303);
    expect(launch.headers.get('location')).toMatch(/\/lti\/passback#session=/);
  });
});
