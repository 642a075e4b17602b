import { NativeConnection, Worker } from '@temporalio/worker';
import { passbackWorkflowId, TaskQueues } from '@sisbridge/contracts';
import { LtiRoles, testEnv } from '@sisbridge/test-support';
import { DISTRICT, PassbackStack, quietTemporalRuntime } from './support/passback-services';
import { COURSE, COURSES, PEOPLE, TEACHER } from './support/roster-fixture';

/**
 * Validation that takes longer than PASSBACK_ACCEPT_TIMEOUT_SECONDS (here: no orchestration worker
 * at all, at first) must not leave Canvas or the teacher waiting: the start answers with the run
 * and no report yet, the status says so, and once a worker picks the run up the report appears.
 */
describe('a start that cannot wait for validation', () => {
  let stack: PassbackStack;
  let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;

  beforeAll(async () => {
    stack = await PassbackStack.start({
      purpose: 'passback-slow',
      courses: COURSES,
      people: PEOPLE,
      passbackWorkflow: 'none',
      extraEnv: { PASSBACK_ACCEPT_TIMEOUT_SECONDS: '2' },
    });
  }, 180_000);

  afterAll(async () => {
    if (worker) {
      worker.worker.shutdown();
      await worker.running.catch(() => undefined);
      await worker.connection.close();
    }
    await stack?.close();
  });

  it('answers with the run and no report, then shows the report once the run is picked up', async () => {
    const response = await fetch(stack.ptp.url('/passback'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.bearerToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ districtId: DISTRICT, teacherSisId: TEACHER, courseSisId: COURSE }),
    });
    // Answered with no report: it did not wait for a validation no worker can run (however long it took to say so).
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { workflowId: string; runId: string; report: unknown; statusUrl: string };
    expect(accepted).toMatchObject({ workflowId: passbackWorkflowId(DISTRICT, TEACHER, COURSE), report: null });
    const headers = { Authorization: `Bearer ${stack.bearerToken}` };
    expect(await (await fetch(accepted.statusUrl, { headers })).json()).toMatchObject({
      runId: accepted.runId,
      state: 'running',
      report: null,
      result: null,
    });

    // The teacher's click lands on the page, which says the check is under way.
    const { launch } = await stack.platform.launchWithoutBrowser(stack.loginUrl(), {
      user: {
        canvasId: stack.roster.userId(TEACHER),
        sisId: TEACHER,
        roles: [LtiRoles.instructor],
        enrollmentTypes: ['TeacherEnrollment'],
      },
      course: { canvasId: stack.roster.courseId(COURSE), sisId: COURSE, title: 'Biology 1' },
    });
    expect(launch.status).toBe(303);
    const session = decodeURIComponent((launch.headers.get('location') ?? '').split('#session=')[1] ?? '');
    const page = async () =>
      (await (await fetch(stack.ptp.url('/lti/passback/status'), { headers: { Authorization: `Bearer ${session}` } })).json()) as {
        done: boolean;
        html: string;
      };
    expect(await page()).toMatchObject({ done: false, html: expect.stringContaining('Checking your assignments.') });

    quietTemporalRuntime();
    const connection = await NativeConnection.connect({ address: testEnv('temporalAddress') });
    const created = await Worker.create({
      connection,
      namespace: stack.namespace,
      taskQueue: TaskQueues.orchestration,
      workflowsPath: require.resolve('./support/stand-in-passback.workflow'),
    });
    worker = { worker: created, connection, running: created.run() };
    let status = { report: null as unknown };
    // Until the worker has validated, however long that takes on this machine (Jest's timeout is the limit).
    while (status.report === null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await (await fetch(accepted.statusUrl, { headers })).json()) as { report: unknown };
    }
    expect(status.report).toMatchObject({ valid: 2, invalid: 2 });
    expect((await page()).html).toContain('What will be sent (2 assignments)');
    expect((await stack.passbackRuns()).map((run) => run.runId)).toEqual([accepted.runId]);
  });
});
