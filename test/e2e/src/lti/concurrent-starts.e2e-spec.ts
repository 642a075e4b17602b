import { decodeJwt } from 'jose';
import { passbackWorkflowId } from '@sisbridge/contracts';
import { LtiRoles, type LaunchContext } from '@sisbridge/test-support';
import { DISTRICT, PassbackStack } from './support/passback-services';
import { COURSE, COURSES, PEOPLE, TEACHER } from './support/roster-fixture';
import { signedHeaders } from './support/signed-request';

interface Accepted {
  workflowId: string;
  runId: string;
  joined: boolean;
  statusUrl: string;
}

/**
 * A teacher double-clicks Sync Grades while Canvas-side automation calls the API for the same
 * teacher and course: ten starts at once, through both ways in, make exactly one workflow run.
 */
describe('ten concurrent starts for one teacher, through the API and the LTI launch together', () => {
  let stack: PassbackStack;

  beforeAll(async () => {
    stack = await PassbackStack.start({ purpose: 'lti-concurrent', courses: COURSES, people: PEOPLE, passbackWorkflow: 'stand-in' });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('make one workflow run, which every caller is told about', async () => {
    const launch: LaunchContext = {
      user: {
        canvasId: stack.roster.userId(TEACHER),
        sisId: TEACHER,
        roles: [LtiRoles.instructor],
        enrollmentTypes: ['TeacherEnrollment'],
      },
      course: { canvasId: stack.roster.courseId(COURSE), sisId: COURSE, title: 'Biology 1' },
    };
    const bySisId = JSON.stringify({ districtId: DISTRICT, teacherSisId: TEACHER, courseSisId: COURSE });
    const byCanvasId = JSON.stringify({
      districtId: DISTRICT,
      teacherCanvasId: stack.roster.userId(TEACHER),
      courseCanvasId: stack.roster.courseId(COURSE),
    });
    const api = (body: string, headers: Record<string, string>) =>
      fetch(stack.ptp.url('/passback'), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body }).then(
        async (response) => {
          expect(response.status).toBe(202);
          return (await response.json()) as Accepted;
        },
      );
    const lti = () =>
      stack.platform.launchWithoutBrowser(stack.loginUrl(), launch).then(({ launch: response }) => {
        expect(response.status).toBe(303);
        const session = decodeJwt(decodeURIComponent((response.headers.get('location') ?? '').split('#session=')[1] ?? ''));
        return { workflowId: String(session['wid']), runId: String(session['rid']) };
      });

    const starts = await Promise.all([
      api(bySisId, { Authorization: `Bearer ${stack.bearerToken}` }),
      lti(),
      api(bySisId, signedHeaders(stack.hmacSecret, 'POST', '/passback', bySisId)),
      lti(),
      api(byCanvasId, { Authorization: `Bearer ${stack.bearerToken}` }),
      api(bySisId, { Authorization: `Bearer ${stack.bearerToken}` }),
      lti(),
      api(byCanvasId, signedHeaders(stack.hmacSecret, 'POST', '/passback', byCanvasId)),
      lti(),
      api(bySisId, signedHeaders(stack.hmacSecret, 'POST', '/passback', bySisId)),
    ]);

    const workflowId = passbackWorkflowId(DISTRICT, TEACHER, COURSE);
    expect(new Set(starts.map((start) => start.workflowId))).toEqual(new Set([workflowId]));
    const runIds = new Set(starts.map((start) => start.runId));
    expect(runIds.size).toBe(1);

    // Temporal agrees: one execution of that id, started once.
    const runs = await stack.passbackRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.runId).toBe([...runIds][0]);
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((event) => event.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    // Every start reached the one run as a request (six through the API, four through the launch).
    expect(events.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(10);
    // At most one API caller was the one that started it; the others joined.
    const apiStarts = starts.filter((start): start is Accepted => 'joined' in start);
    expect(apiStarts.filter((start) => !start.joined).length).toBeLessThanOrEqual(1);
  });
});
