import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  approveGuardSignal,
  districtCategoriesWorkflowId,
  PROVISION_DISTRICT_WORKFLOW,
  provisionProgressQuery,
  rejectGuardSignal,
  TaskQueues,
  type GuardVerdict,
  type ProvisionDistrictInput,
  type ProvisionDistrictWorkflow,
  type RunOutcomeRecord,
} from '@sisbridge/contracts';
import { WorkflowTestEnv, type ActivityScripts } from '@sisbridge/test-support';

const DISTRICT = 'springfield';

const tripped: GuardVerdict = {
  tripped: true,
  threshold: 0.1,
  kinds: [{ kind: 'enrollment', removing: 212, existing: 1940, share: 212 / 1940, over: true }],
};

const counts = { rows: 0, created: 0, updated: 0, deleted: 0 };

/** A district whose night goes well: every step answers, Canvas takes the import in. */
const happyNight: ActivityScripts = {
  [TaskQueues.sifIngest]: {
    ingestDistrict: async ({ runId }) => ({ runId, snapshotId: 'snapshot-2', schoolYear: 2027, counts: { user: 600 }, rejected: 0 }),
    diffSnapshots: async () => ({
      diffId: 'diff-2',
      counts: { enrollment: { add: 4, change: 1, remove: 212, before: 1940, after: 1732 } },
    }),
  },
  [TaskQueues.canvasProvisioner]: {
    provisioningSettings: async () => ({ schoolYear: 2027, deleteThreshold: 0.1, guardTimeoutHours: 20, courseMode: 'course-per-section' }),
    lastAppliedSnapshot: async () => ({ snapshotId: 'snapshot-1' }),
    evaluateDeleteGuard: async () => ({ tripped: false, threshold: 0.1, kinds: [] }),
    buildSisImport: async () => ({
      buildId: 'build-2',
      counts: { accounts: counts, terms: counts, courses: counts, sections: counts, users: counts, enrollments: { ...counts, rows: 217 } },
      totalRows: 217,
      problems: 0,
      changes: 217,
    }),
    uploadSisImport: async () => ({ canvasImportId: 501 }),
    awaitSisImport: async () => ({ state: 'imported', warnings: 0, errors: 0, applied: true }),
    markSnapshotApplied: async () => undefined,
    restoreRunImports: async () => ({ restored: [501], failed: [] }),
    recordRunOutcome: async () => undefined,
  },
  // The category sync that follows an applied run: a district with no teachers finishes at once.
  [TaskQueues.ptpGradebook]: { teachersWithSections: async () => ({ teacherSisIds: [] }) },
};

/** What no Canvas-changing step may be asked for in a run that must leave Canvas as it was. */
const CANVAS_CHANGES = ['buildSisImport', 'uploadSisImport', 'awaitSisImport', 'markSnapshotApplied', 'restoreRunImports'];

/**
 * The provisioning workflow's branches that an end-to-end run cannot reach in reasonable time or at
 * all: the delete guard (approve, reject, and the timeout that rejects by itself), the failed
 * import, and compensation after a failure at each step after the upload.
 */
describe('provisionDistrictWorkflow, with its activities stood in for', () => {
  let test: WorkflowTestEnv;
  let started = 0;

  beforeAll(async () => {
    test = await WorkflowTestEnv.start('provisioning-workflow', happyNight);
  });

  afterAll(async () => {
    await test?.teardown();
  });

  afterEach(() => test.activities.reset());

  function start(input: Partial<ProvisionDistrictInput> = {}): Promise<WorkflowHandle<ProvisionDistrictWorkflow>> {
    return test.client.workflow.start<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `provision-${DISTRICT}-test-${++started}`,
      args: [{ districtId: DISTRICT, trigger: 'operator', ...input }],
    });
  }

  function recordedOutcome(workflowId: string): RunOutcomeRecord {
    const calls = test.activities.calls(workflowId).filter((call) => call.name === 'recordRunOutcome');
    expect(calls).toHaveLength(1);
    return calls[0]?.input as RunOutcomeRecord;
  }

  /** The guard's wait is a timer: once it is in the history, the workflow listens for an operator. */
  function guardTimer(handle: WorkflowHandle) {
    return test.untilEvent(handle, (event) => Boolean(event.timerStartedEventAttributes));
  }

  async function failureOf(handle: WorkflowHandle): Promise<WorkflowFailedError> {
    const error = await handle.result().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    return error as WorkflowFailedError;
  }

  it('applies a night: every step in order, the outcome recorded, then every teacher’s categories', async () => {
    const handle = await start();
    const result = await handle.result();

    expect(result).toMatchObject({
      outcome: 'applied',
      snapshotId: 'snapshot-2',
      diffId: 'diff-2',
      buildId: 'build-2',
      canvasImportIds: [501],
    });
    expect(test.activities.names(handle.workflowId)).toEqual([
      'provisioningSettings',
      'ingestDistrict',
      'lastAppliedSnapshot',
      'diffSnapshots',
      'evaluateDeleteGuard',
      'buildSisImport',
      'uploadSisImport',
      'awaitSisImport',
      'markSnapshotApplied',
      'recordRunOutcome',
    ]);
    expect(recordedOutcome(handle.workflowId)).toMatchObject({ outcome: 'applied', snapshotId: 'snapshot-2', buildId: 'build-2' });
    const categories = test.client.workflow.getHandle(districtCategoriesWorkflowId(DISTRICT, result.runId));
    expect(await categories.result()).toMatchObject({ teachers: 0, failed: 0 });
  });

  it('waits for an operator as long as the district says (20 hours), and an approval lets the run go on', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, { evaluateDeleteGuard: async () => tripped });
    const handle = await start({ trigger: 'schedule' });
    const timer = await guardTimer(handle);
    expect(String(timer.timerStartedEventAttributes?.startToFireTimeout?.seconds)).toBe(String(20 * 3600));
    const waiting = await handle.query(provisionProgressQuery);
    expect(waiting).toMatchObject({ step: 'guard', guard: tripped });
    expect(waiting.status).toContain(`sisbridge approve ${handle.workflowId}`);
    expect(test.activities.names(handle.workflowId)).not.toContain('buildSisImport');

    await handle.signal(approveGuardSignal, { by: 'operator-1', reason: 'the school closed' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'applied', decision: { decision: 'approved', by: 'operator-1', reason: 'the school closed' } });
    expect(test.activities.names(handle.workflowId)).toEqual(expect.arrayContaining(['buildSisImport', 'uploadSisImport']));
  });

  it('a rejection ends the run with Canvas unchanged, and says who rejected it and why', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, { evaluateDeleteGuard: async () => tripped });
    const handle = await start();
    await guardTimer(handle);
    await handle.signal(rejectGuardSignal, { by: 'operator-2', reason: 'PowerSchool export is broken' });

    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'rejected', decision: { decision: 'rejected', by: 'operator-2' } });
    expect(result.reason).toBe(
      'the delete guard stopped it (enrollment: 212 of 1940 (10.9%)) and operator-2 rejected it: PowerSchool export is broken; Canvas was not changed',
    );
    expect(test.activities.names(handle.workflowId)).toEqual(expect.not.arrayContaining(CANVAS_CHANGES));
    expect(recordedOutcome(handle.workflowId)).toMatchObject({ outcome: 'rejected', reason: result.reason });
  });

  it('rejects itself when no operator answers within the timeout, and changes nothing in Canvas', async () => {
    // The dev server does not skip time: the district's timeout (an activity's answer) is made short instead.
    // No signal is ever sent, so only the timer can end the wait, however slow the machine.
    test.activities.script(TaskQueues.canvasProvisioner, {
      evaluateDeleteGuard: async () => tripped,
      provisioningSettings: async () => ({
        schoolYear: 2027,
        deleteThreshold: 0.1,
        guardTimeoutHours: 0.0005,
        courseMode: 'course-per-section',
      }),
    });
    const handle = await start({ trigger: 'schedule' });

    const result = await handle.result();
    expect(result).toMatchObject({
      outcome: 'rejected',
      decision: { decision: 'rejected', by: 'timeout', reason: 'no decision within 0.0005 hours' },
    });
    expect(result.reason).toContain('and timeout rejected it: no decision within 0.0005 hours; Canvas was not changed');
    expect(test.activities.names(handle.workflowId)).toEqual(expect.not.arrayContaining(CANVAS_CHANGES));
    const fired = (await test.events(handle)).filter((event) => event.timerFiredEventAttributes);
    expect(fired).toHaveLength(1);
  });

  it('ignores an approval sent before the guard stopped the run: only an answer to the question counts', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, {
      evaluateDeleteGuard: async () => tripped,
      provisioningSettings: async () => ({
        schoolYear: 2027,
        deleteThreshold: 0.1,
        guardTimeoutHours: 0.0005,
        courseMode: 'course-per-section',
      }),
    });
    const handle = await test.client.workflow.signalWithStart<ProvisionDistrictWorkflow, [{ by: string }]>(PROVISION_DISTRICT_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `provision-${DISTRICT}-test-${++started}`,
      args: [{ districtId: DISTRICT, trigger: 'operator' }],
      signal: approveGuardSignal,
      signalArgs: [{ by: 'too-early' }],
    });
    const result = await test.client.workflow.getHandle<ProvisionDistrictWorkflow>(handle.workflowId).result();
    expect(result).toMatchObject({ outcome: 'rejected', decision: { by: 'timeout' } });
    expect(test.activities.names(handle.workflowId)).toEqual(expect.not.arrayContaining(CANVAS_CHANGES));
  });

  it('does not ask Canvas to restore anything when the upload fails: no import of this run is known', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, {
      uploadSisImport: async () => {
        throw ApplicationFailure.nonRetryable('Canvas refused the upload (403)', 'Canvas.forbidden');
      },
    });
    const handle = await start();
    const failure = await failureOf(handle);

    expect(failure.cause?.message).toBe(`Provisioning ${DISTRICT} failed: Canvas refused the upload (403)`);
    const names = test.activities.names(handle.workflowId);
    expect(names).not.toContain('restoreRunImports');
    expect(names).not.toContain('markSnapshotApplied');
    expect(recordedOutcome(handle.workflowId)).toMatchObject({ outcome: 'failed', reason: 'Canvas refused the upload (403)' });
  });

  it('restores the run’s imports when polling the import fails, then fails with the reason', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, {
      awaitSisImport: async () => {
        throw ApplicationFailure.nonRetryable('Canvas SIS import 501 vanished (404)', 'Canvas.notFound');
      },
    });
    const handle = await start();
    const failure = await failureOf(handle);

    expect(failure.cause?.message).toBe(`Provisioning ${DISTRICT} failed: Canvas SIS import 501 vanished (404)`);
    expect(test.activities.names(handle.workflowId).slice(-3)).toEqual(['awaitSisImport', 'restoreRunImports', 'recordRunOutcome']);
    const restore = test.activities.calls(handle.workflowId).find((call) => call.name === 'restoreRunImports');
    const runId = (recordedOutcome(handle.workflowId) as RunOutcomeRecord).runId;
    expect(restore?.input).toEqual({ runId, districtId: DISTRICT });
    expect(test.activities.names(handle.workflowId)).not.toContain('markSnapshotApplied');
  });

  it('restores the run’s imports when Canvas ends the import failed, naming its state and errors', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, {
      awaitSisImport: async () => ({ state: 'failed_with_messages', warnings: 2, errors: 3, applied: false }),
    });
    const handle = await start();
    const failure = await failureOf(handle);

    const reason = 'Canvas SIS import 501 ended failed_with_messages (3 errors, see sisbridge runs)';
    expect(failure.cause?.message).toBe(`Provisioning ${DISTRICT} failed: ${reason}`);
    expect(test.activities.names(handle.workflowId).slice(-2)).toEqual(['restoreRunImports', 'recordRunOutcome']);
    expect(test.activities.names(handle.workflowId)).not.toContain('markSnapshotApplied');
    expect(recordedOutcome(handle.workflowId)).toMatchObject({ outcome: 'failed', reason });
  });

  it('restores the run’s imports when recording the snapshot as applied fails after Canvas took it in', async () => {
    test.activities.script(TaskQueues.canvasProvisioner, {
      markSnapshotApplied: async () => {
        throw ApplicationFailure.nonRetryable('the snapshot was superseded', 'SnapshotSuperseded');
      },
    });
    const handle = await start();
    const failure = await failureOf(handle);

    expect(failure.cause?.message).toBe(`Provisioning ${DISTRICT} failed: the snapshot was superseded`);
    expect(test.activities.names(handle.workflowId).slice(-3)).toEqual(['markSnapshotApplied', 'restoreRunImports', 'recordRunOutcome']);
    expect(recordedOutcome(handle.workflowId)).toMatchObject({ outcome: 'failed', reason: 'the snapshot was superseded' });
  });

  it('restores the run’s imports even when the run is cancelled while Canvas imports', async () => {
    let releasePoll: () => void = () => undefined;
    const pollHeld = new Promise<void>((resolve) => (releasePoll = resolve));
    test.activities.script(TaskQueues.canvasProvisioner, {
      awaitSisImport: async () => {
        await pollHeld;
        return { state: 'imported', warnings: 0, errors: 0, applied: true };
      },
    });
    const handle = await start();
    try {
      await test.activities.callOf(handle.workflowId, 'awaitSisImport');
      await handle.cancel();
      await test.activities.callOf(handle.workflowId, 'restoreRunImports');
      await handle.result().catch(() => undefined);
    } finally {
      releasePoll();
    }
    expect(test.activities.names(handle.workflowId)).toContain('restoreRunImports');
    expect(test.activities.names(handle.workflowId)).not.toContain('markSnapshotApplied');
  });

  it('records an unchanged night without building anything', async () => {
    test.activities.script(TaskQueues.sifIngest, {
      diffSnapshots: async () => ({ diffId: 'diff-3', counts: { user: { add: 0, change: 0, remove: 0, before: 600, after: 600 } } }),
    });
    const handle = await start();
    expect(await handle.result()).toMatchObject({ outcome: 'unchanged', diffId: 'diff-3', canvasImportIds: [] });
    expect(test.activities.names(handle.workflowId)).toEqual([
      'provisioningSettings',
      'ingestDistrict',
      'lastAppliedSnapshot',
      'diffSnapshots',
      'markSnapshotApplied',
      'recordRunOutcome',
    ]);
  });
});
