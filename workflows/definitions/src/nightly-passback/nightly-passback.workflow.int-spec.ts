import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  NIGHTLY_PASSBACK_WORKFLOW,
  PASSBACK_WORKFLOW,
  passbackStartOptions,
  TaskQueues,
  type NightlyPassbackActivities,
  type NightlyPassbackResult,
  type NightlyPassbackTeacher,
  type NightlyPassbackWorkflow,
  type PassbackResult,
  type PassbackWorkflow,
  type PtpGradebookActivities,
} from '@sisbridge/contracts';
import { WorkflowTestEnv } from '@sisbridge/test-support';

/** Five teachers, six courses: T3's only course cannot start (refused), T4's second course has invalid assignments. */
const TEACHERS: NightlyPassbackTeacher[] = [
  { teacherSisId: 'T1', courseSisIds: ['C1'] },
  { teacherSisId: 'T2', courseSisIds: ['C2'] },
  { teacherSisId: 'T3', courseSisIds: ['C3'] },
  { teacherSisId: 'T4', courseSisIds: ['C4', 'C5'] },
  { teacherSisId: 'T5', courseSisIds: ['C6'] },
];

const night: Partial<PtpGradebookActivities & NightlyPassbackActivities> = {
  planNightlyPassback: async ({ planId }) => ({
    planId,
    teachers: TEACHERS.length,
    courses: 6,
    maxConcurrentTeachers: 2,
    skipped: { coursesWithoutSisId: 0, coursesWithoutTeacher: 0, teachersWithoutSisId: 0, coTeachers: 0 },
  }),
  nightlyPassbackTeachers: async ({ offset, limit }) => TEACHERS.slice(offset, offset + limit),
  preparePassback: async ({ districtId, teacherSisId, courseSisId }) => {
    if (teacherSisId === 'T3') {
      throw ApplicationFailure.create({ type: 'PassbackRefusal', message: 'no PTP section for C3', nonRetryable: true });
    }
    return {
      report: { districtId, teacherSisId, ...(courseSisId ? { courseSisId } : {}), assignments: [], valid: 1, invalid: 0 },
      usersDcid: 1,
      schoolSisIds: [],
      sectionsToSync: 0,
    };
  },
  finishPassback: async ({ runId, failed }) => ({
    runId,
    outcome: failed ? 'failed' : 'completed',
    assignments: [],
    totals: {
      assignmentsCreated: 0,
      assignmentsUpdated: 0,
      assignmentsUnchanged: 0,
      assignmentsInvalid: 0,
      assignmentsFailed: 0,
      scoresWritten: 0,
      scoresUnchanged: 0,
      scoresFailed: 0,
    },
  }),
};

/** T4's second course ends with errors (an invalid assignment); everything else as `night`. */
const withErrorsInC5: Partial<PtpGradebookActivities & NightlyPassbackActivities> = {
  finishPassback: async (input) => {
    const result = (await night.finishPassback?.(input)) as PassbackResult;
    const course = Context.current().info.workflowExecution?.workflowId.split('-').pop();
    return course === 'C5' ? { ...result, outcome: 'completed-with-errors' } : result;
  },
};

/** The nightly passback: its children's outcomes counted, continue-as-new after its page of teachers, a teacher's own click not doubled. */
describe('nightlyPassbackWorkflow, with its activities stood in for', () => {
  let test: WorkflowTestEnv;

  beforeAll(async () => {
    test = await WorkflowTestEnv.start('nightly-passback-workflow', { [TaskQueues.ptpGradebook]: night });
  });

  afterAll(async () => {
    await test?.teardown();
  });

  afterEach(() => test.activities.reset());

  async function runNight(
    districtId: string,
    teachersPerRun?: number,
  ): Promise<{ result: NightlyPassbackResult; workflowId: string; firstRunId: string }> {
    const workflowId = `passback-nightly-${districtId}-test`;
    const handle = await test.client.workflow.start<NightlyPassbackWorkflow>(NIGHTLY_PASSBACK_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId,
      args: [{ districtId, ...(teachersPerRun ? { teachersPerRun } : {}) }],
    });
    return { result: await handle.result(), workflowId, firstRunId: handle.firstExecutionRunId };
  }

  it('continues as new after each page of teachers and ends with the same totals as one long run', async () => {
    test.activities.script(TaskQueues.ptpGradebook, withErrorsInC5);
    const paged = await runNight('north', 2);
    const whole = await runNight('south');

    const expected = { teachersDone: 5, completed: 4, completedWithErrors: 1, failed: 1, alreadyRunning: 0 };
    expect(paged.result.totals).toEqual(expected);
    expect(whole.result.totals).toEqual(expected);
    // The plan is made once, by the first run, and named after it; the later runs carry it on.
    expect(paged.result.plan.planId).toBe(paged.workflowId);
    expect(test.activities.names(paged.workflowId).filter((name) => name === 'planNightlyPassback')).toHaveLength(1);
    const pages = test.activities.calls(paged.workflowId).filter((call) => call.name === 'nightlyPassbackTeachers');
    expect(pages.map((call) => call.input)).toEqual([
      { planId: paged.workflowId, offset: 0, limit: 2 },
      { planId: paged.workflowId, offset: 2, limit: 2 },
      { planId: paged.workflowId, offset: 4, limit: 2 },
    ]);
    // Three runs in the chain (read from the histories, not from visibility, which the server updates later).
    expect(await test.runsOf(paged.workflowId, paged.firstRunId)).toHaveLength(3);
    // Each course was passed back once, under the id a click would use.
    for (const teacherCourse of ['T1-C1', 'T2-C2', 'T3-C3', 'T4-C4', 'T4-C5', 'T5-C6']) {
      expect(test.activities.names(`passback-north-${teacherCourse}`).filter((name) => name === 'preparePassback')).toHaveLength(1);
    }
  });

  it('leaves a teacher’s own running passback of a course alone and counts it as already running', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    test.activities.script(TaskQueues.ptpGradebook, {
      preparePassback: async (input) => {
        if (input.trigger !== 'schedule') await held;
        return (await night.preparePassback?.(input)) as Awaited<ReturnType<PtpGradebookActivities['preparePassback']>>;
      },
    });
    // T2 clicked "Sync Grades" for C2 just before the night started; the night must not start a twin.
    const click = await test.client.workflow.start<PassbackWorkflow>(
      PASSBACK_WORKFLOW,
      passbackStartOptions({ districtId: 'east', teacherSisId: 'T2', courseSisId: 'C2', trigger: 'lti' }),
    );
    try {
      await test.activities.callOf(click.workflowId, 'preparePassback');
      const { result } = await runNight('east');
      expect(result.totals).toEqual({ teachersDone: 5, completed: 4, completedWithErrors: 0, failed: 1, alreadyRunning: 1 });
    } finally {
      release();
    }
    expect(await click.result()).toMatchObject({ outcome: 'completed' });
    expect(test.activities.calls(click.workflowId).filter((call) => call.name === 'preparePassback')).toHaveLength(1);
  });
});
