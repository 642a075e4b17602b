import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  PASSBACK_WORKFLOW,
  passbackProgressQuery,
  passbackStartOptions,
  TaskQueues,
  type FinishPassbackInput,
  type PassbackResult,
  type PassbackWorkflow,
  type PtpGradebookActivities,
} from '@sisbridge/contracts';
import { WorkflowTestEnv } from '@sisbridge/test-support';

const DISTRICT = 'springfield';

/** What ptp-gradebook's finishPassback returns for a run, from what the workflow tells it. */
function finished({ runId, failed, reason, compensation }: FinishPassbackInput): PassbackResult {
  return {
    runId,
    outcome: failed ? 'failed' : 'completed',
    assignments: [],
    totals: {
      assignmentsCreated: failed ? 0 : 2,
      assignmentsUpdated: 0,
      assignmentsUnchanged: 0,
      assignmentsInvalid: 0,
      assignmentsFailed: 0,
      scoresWritten: failed ? 0 : 3,
      scoresUnchanged: 0,
      scoresFailed: 0,
    },
    ...(reason ? { reason } : {}),
    ...(compensation ? { compensation } : {}),
  };
}

/** A teacher with two valid assignments in two sections and three scores to send. */
const teacherWithScores: Partial<PtpGradebookActivities> = {
  preparePassback: async ({ districtId, teacherSisId }) => ({
    report: { districtId, teacherSisId, assignments: [], valid: 2, invalid: 0 },
    usersDcid: 8301,
    schoolSisIds: ['SCH-1'],
    sectionsToSync: 2,
  }),
  collectPassbackScores: async () => ({ scores: 3 }),
  syncPtpAssignments: async () => ({ remaining: 0, created: 2, updated: 0, unchanged: 0, failed: 0 }),
  writePtpScores: async () => ({ remaining: 0, written: 3, unchanged: 0, failed: 0 }),
  compensatePassback: async () => ({ assignmentsDeleted: 2, assignmentsRestored: 0, scoresRestored: 3, failures: [] }),
  finishPassback: async (input) => finished(input),
};

/**
 * ptp-gradebook gives a step up once the run has been failing for PASSBACK_GIVE_UP_AFTER_SECONDS
 * (900 by default). This stand-in keeps that rule on a clock of its own, ten minutes per attempt,
 * so the third attempt is past the budget, whatever the machine's speed.
 */
function failingPtp(attempt: number): ApplicationFailure {
  const failingForSeconds = (attempt - 1) * 600;
  if (failingForSeconds > 900) {
    return ApplicationFailure.create({
      type: 'Ptp.unavailable',
      message: `PowerTeacher Pro answered 503 — failing for ${failingForSeconds} s of retries; giving up`,
      nonRetryable: true,
    });
  }
  // PTP's Retry-After, as the client passes it on: the next attempt comes at once.
  return ApplicationFailure.create({ type: 'Ptp.unavailable', message: 'PowerTeacher Pro answered 503', nextRetryDelay: 10 });
}

/** One teacher's passback: giving up after the retry budget, compensation after a failure, a refused start. */
describe('passbackTeacherWorkflow, with its activities stood in for', () => {
  let test: WorkflowTestEnv;
  let teacher = 0;

  beforeAll(async () => {
    test = await WorkflowTestEnv.start('passback-workflow', { [TaskQueues.ptpGradebook]: teacherWithScores });
  });

  afterAll(async () => {
    await test?.teardown();
  });

  afterEach(() => test.activities.reset());

  function start(): Promise<WorkflowHandle<PassbackWorkflow>> {
    const options = passbackStartOptions({ districtId: DISTRICT, teacherSisId: `T${8300 + ++teacher}`, trigger: 'cli' });
    return test.client.workflow.start<PassbackWorkflow>(PASSBACK_WORKFLOW, options);
  }

  async function failureOf(handle: WorkflowHandle): Promise<ApplicationFailure> {
    const error = await handle.result().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(ApplicationFailure);
    return (error as WorkflowFailedError).cause as ApplicationFailure;
  }

  function finishInput(workflowId: string): FinishPassbackInput {
    const finishes = test.activities.calls(workflowId).filter((call) => call.name === 'finishPassback');
    expect(finishes).toHaveLength(1);
    return finishes[0]?.input as FinishPassbackInput;
  }

  it('passes a teacher back: validate, collect, assignments, scores, finish', async () => {
    const handle = await start();
    expect(await handle.result()).toMatchObject({ outcome: 'completed', totals: { assignmentsCreated: 2, scoresWritten: 3 } });
    expect(test.activities.names(handle.workflowId)).toEqual([
      'preparePassback',
      'collectPassbackScores',
      'syncPtpAssignments',
      'writePtpScores',
      'finishPassback',
    ]);
    expect(await handle.query(passbackProgressQuery)).toMatchObject({ phase: 'done', percent: 100, scoresWritten: 3 });
    expect(finishInput(handle.workflowId)).toMatchObject({ failed: false });
  });

  it('gives up when PTP stays down past the retry budget, undoes what it wrote, and says so', async () => {
    test.activities.script(TaskQueues.ptpGradebook, {
      writePtpScores: async () => {
        throw failingPtp(Context.current().info.attempt);
      },
    });
    const handle = await start();
    const failure = await failureOf(handle);

    expect(failure.type).toBe('PassbackFailed');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      `Passback of T${8300 + teacher} failed: PowerTeacher Pro answered 503 — failing for 1200 s of retries; giving up. Undone: 2 assignments deleted, 0 restored, 3 scores put back.`,
    );
    const writes = test.activities.calls(handle.workflowId).filter((call) => call.name === 'writePtpScores');
    expect(writes.map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(test.activities.names(handle.workflowId).slice(-2)).toEqual(['compensatePassback', 'finishPassback']);
    expect(finishInput(handle.workflowId)).toMatchObject({
      failed: true,
      reason: 'PowerTeacher Pro answered 503 — failing for 1200 s of retries; giving up',
      compensation: { assignmentsDeleted: 2, scoresRestored: 3 },
    });
    expect(await handle.query(passbackProgressQuery)).toMatchObject({ phase: 'failed' });
  });

  it('undoes the run after a step fails for good, and names what could not be undone', async () => {
    test.activities.script(TaskQueues.ptpGradebook, {
      syncPtpAssignments: async () => {
        throw ApplicationFailure.create({ type: 'Ptp.forbidden', message: 'PTP refused the plugin (403)', nonRetryable: true });
      },
      compensatePassback: async () => ({
        assignmentsDeleted: 1,
        assignmentsRestored: 1,
        scoresRestored: 0,
        failures: ['PTP assignment 77 could not be deleted (404)'],
      }),
    });
    const handle = await start();
    const failure = await failureOf(handle);

    expect(failure.message).toBe(
      `Passback of T${8300 + teacher} failed: PTP refused the plugin (403). Undone: 1 assignments deleted, 1 restored, 0 scores put back. Not undone: PTP assignment 77 could not be deleted (404)`,
    );
    expect(test.activities.names(handle.workflowId)).toEqual([
      'preparePassback',
      'collectPassbackScores',
      'syncPtpAssignments',
      'compensatePassback',
      'finishPassback',
    ]);
  });

  it('refuses to start when validation cannot run, with nothing to undo', async () => {
    test.activities.script(TaskQueues.ptpGradebook, {
      preparePassback: async () => {
        throw ApplicationFailure.create({ type: 'PassbackRefusal', message: 'the district has no PTP settings', nonRetryable: true });
      },
    });
    const handle = await start();
    const failure = await failureOf(handle);

    expect(failure.type).toBe('PassbackRefused');
    expect(failure.message).toBe(`Passback of T${8300 + teacher} could not start: the district has no PTP settings`);
    expect(test.activities.names(handle.workflowId)).toEqual(['preparePassback', 'finishPassback']);
    expect(finishInput(handle.workflowId)).toEqual({
      runId: expect.any(String),
      districtId: DISTRICT,
      failed: true,
      reason: 'the district has no PTP settings',
    });
  });

  it('undoes its writes and records the outcome even when cancelled in the middle of them', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    test.activities.script(TaskQueues.ptpGradebook, {
      writePtpScores: async () => {
        await held;
        return { remaining: 0, written: 3, unchanged: 0, failed: 0 };
      },
    });
    const handle = await start();
    try {
      await test.activities.callOf(handle.workflowId, 'writePtpScores');
      await handle.cancel();
      await test.activities.callOf(handle.workflowId, 'finishPassback');
      await handle.result().catch(() => undefined);
    } finally {
      release();
    }
    expect(test.activities.names(handle.workflowId).slice(-2)).toEqual(['compensatePassback', 'finishPassback']);
    expect(finishInput(handle.workflowId)).toMatchObject({ failed: true, compensation: { assignmentsDeleted: 2 } });
  });
});
