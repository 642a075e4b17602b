import { decodeJwt } from 'jose';
import { passbackWorkflowId } from '@sisbridge/contracts';
import { LtiRoles, type LaunchContext } from '@sisbridge/test-support';
import { DISTRICT, PassbackStack } from './support/passback-services';
import { releaseHeldPassbackSignal } from './support/stand-in-passback-run';
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
    stack = await PassbackStack.start({ purpose: 'lti-concurrent', courses: COURSES, people: PEOPLE, passbackWorkflow: 'held-stand-in' });
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

    // Temporal agrees: the latest (and, held, still running) execution of that id is that run, started once.
    // (Asked by id, not listed: the server's visibility store is updated after the start, not with it.)
    const run = stack.client.workflow.getHandle(workflowId);
    expect(await run.describe()).toMatchObject({ runId: [...runIds][0], status: { name: 'RUNNING' } });
    const history = await run.fetchHistory();
    const events = history.events ?? [];
    expect(events.filter((event) => event.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    // Every start reached the one run as a request (six through the API, four through the launch).
    expect(events.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(10);
    // At most one API caller was the one that started it; the others joined.
    const apiStarts = starts.filter((start): start is Accepted => 'joined' in start);
    expect(apiStarts.filter((start) => !start.joined).length).toBeLessThanOrEqual(1);
    // The run was held before its end until every start had been answered, so none could find it ended.
    await run.signal(releaseHeldPassbackSignal);
    expect((await run.result()).outcome).toBe('completed-with-errors');
  });
});
