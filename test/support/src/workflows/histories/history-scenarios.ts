import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { WithStartWorkflowOperation, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import {
  approveGuardSignal,
  INGEST_DISTRICT_WORKFLOW,
  NIGHTLY_PASSBACK_WORKFLOW,
  PASSBACK_WORKFLOW,
  passbackStartOptions,
  PROVISION_DISTRICT_WORKFLOW,
  requestPassbackUpdate,
  RESOLVE_TEACHER_WORKFLOW,
  SYNC_CATEGORIES_WORKFLOW,
  SYNC_DISTRICT_CATEGORIES_WORKFLOW,
  TaskQueues,
  WIRING_CHECK_WORKFLOW,
  type DiffSnapshotsResult,
  type FinishPassbackInput,
  type GuardVerdict,
  type PassbackResult,
} from '@sisbridge/contracts';
import type { ActivityScripts } from '../scripted-activities';
import type { WorkflowTestEnv } from '../workflow-test-env';

/**
 * The runs whose histories are recorded for the replay test: each workflow type, through the
 * branches that issue different commands (timers, signals, updates, children, compensation,
 * continue-as-new). Activities are stood in for: replay checks the workflow's commands, not what
 * an activity did. Adding a workflow type, or a branch with commands of its own, means adding a
 * scenario here (the replay test fails for a workflow type with no recorded history).
 */
export interface HistoryScenario {
  /** `<workflow type>/<scenario>`: the file is `test-histories/<name>.json` (one per run of a continue-as-new chain: `-run-N`). */
  name: string;
  run(env: WorkflowTestEnv): Promise<RecordedRun>;
}

/** The run a scenario ended: the first of its continue-as-new chain. */
export interface RecordedRun {
  workflowId: string;
  firstRunId: string;
}

const DISTRICT = 'springfield';

const counts = { rows: 0, created: 0, updated: 0, deleted: 0 };

const tripped: GuardVerdict = {
  tripped: true,
  threshold: 0.1,
  kinds: [{ kind: 'enrollment', removing: 212, existing: 1940, share: 212 / 1940, over: true }],
};

const NO_CHANGES: DiffSnapshotsResult['counts'] = { user: { add: 0, change: 0, remove: 0, before: 600, after: 600 } };
const GUARDED_CHANGES: DiffSnapshotsResult['counts'] = { enrollment: { add: 4, change: 1, remove: 212, before: 1940, after: 1732 } };

const settings = (guardTimeoutHours: number) => ({
  schoolYear: 2027,
  deleteThreshold: 0.1,
  guardTimeoutHours,
  courseMode: 'course-per-section' as const,
});

function finished({ runId, failed, reason, compensation }: FinishPassbackInput): PassbackResult {
  return {
    runId,
    outcome: failed ? 'failed' : 'completed',
    assignments: [],
    totals: {
      assignmentsCreated: failed ? 0 : 1,
      assignmentsUpdated: 0,
      assignmentsUnchanged: 0,
      assignmentsInvalid: 0,
      assignmentsFailed: 0,
      scoresWritten: failed ? 0 : 2,
      scoresUnchanged: 0,
      scoresFailed: 0,
    },
    ...(reason ? { reason } : {}),
    ...(compensation ? { compensation } : {}),
  };
}

/** Which scenario a call belongs to, by the workflow id it was made for. */
function workflowId(): string {
  return Context.current().info.workflowExecution?.workflowId ?? '';
}

const TEACHERS = ['T1', 'T2', 'T3'];

/** One set of stand-ins serves every scenario; a scenario's workflow id picks its branch. */
export const HISTORY_ACTIVITIES: ActivityScripts = {
  [TaskQueues.sifIngest]: {
    sifIngestWiringCheck: async ({ checkId }) => ({
      service: 'sif-ingest',
      schema: 'sif_ingest',
      checkId,
      recordedAt: '2026-11-29T02:00:00.000Z',
      timesRecorded: 1,
    }),
    ingestDistrict: async ({ runId }) => ({
      runId,
      snapshotId: runId,
      schoolYear: 2027,
      previousSnapshotId: 'snapshot-1',
      counts: { user: 600 },
      rejected: 0,
    }),
    diffSnapshots: async () => ({ diffId: 'diff-2', counts: workflowId().includes('unchanged') ? NO_CHANGES : GUARDED_CHANGES }),
  },
  [TaskQueues.canvasProvisioner]: {
    canvasProvisionerWiringCheck: async ({ checkId }) => ({
      service: 'canvas-provisioner',
      schema: 'canvas_provisioner',
      checkId,
      recordedAt: '2026-11-29T02:00:00.000Z',
      timesRecorded: 1,
    }),
    provisioningSettings: async () => settings(workflowId().includes('timed-out') ? 0.0005 : 20),
    lastAppliedSnapshot: async () => ({ snapshotId: 'snapshot-1' }),
    evaluateDeleteGuard: async () => (workflowId().includes('guard') ? tripped : { tripped: false, threshold: 0.1, kinds: [] }),
    buildSisImport: async () => ({
      buildId: 'build-2',
      counts: { accounts: counts, terms: counts, courses: counts, sections: counts, users: counts, enrollments: { ...counts, rows: 217 } },
      totalRows: 217,
      problems: 0,
      changes: 217,
    }),
    uploadSisImport: async () => ({ canvasImportId: 501 }),
    awaitSisImport: async () =>
      workflowId().includes('failed-import')
        ? { state: 'failed_with_messages', warnings: 0, errors: 3, applied: false }
        : { state: 'imported', warnings: 0, errors: 0, applied: true },
    markSnapshotApplied: async () => undefined,
    restoreRunImports: async () => ({ restored: [501], failed: [] }),
    recordRunOutcome: async () => undefined,
    syncAssignmentGroups: async () => ({
      courses: 1,
      created: 2,
      renamed: 0,
      relinked: 0,
      recreated: 0,
      unchanged: 0,
      inactive: 0,
      excluded: 0,
    }),
  },
  [TaskQueues.ptpGradebook]: {
    ptpGradebookWiringCheck: async ({ checkId }) => ({
      service: 'ptp-gradebook',
      schema: 'ptp_gradebook',
      checkId,
      recordedAt: '2026-11-29T02:00:00.000Z',
      timesRecorded: 1,
    }),
    resolveTeacher: async () => ({ teacherSisId: 'T8301', usersDcid: 8301, matchedBy: 'dcid' }),
    preparePassback: async ({ districtId, teacherSisId, courseSisId }) => {
      if (teacherSisId === 'T-REFUSED') {
        throw ApplicationFailure.create({ type: 'PassbackRefusal', message: 'the teacher has no PTP sections', nonRetryable: true });
      }
      return {
        report: { districtId, teacherSisId, ...(courseSisId ? { courseSisId } : {}), assignments: [], valid: 1, invalid: 0 },
        usersDcid: 8301,
        schoolSisIds: ['SCH-1'],
        sectionsToSync: 1,
      };
    },
    collectPassbackScores: async () => ({ scores: 2 }),
    syncPtpAssignments: async () => ({ remaining: 0, created: 1, updated: 0, unchanged: 0, failed: 0 }),
    writePtpScores: async () => {
      if (workflowId().includes('T-GIVES-UP')) {
        const attempt = Context.current().info.attempt;
        if (attempt < 2) throw ApplicationFailure.create({ type: 'Ptp.unavailable', message: 'PTP answered 503', nextRetryDelay: 10 });
        throw ApplicationFailure.create({ type: 'Ptp.unavailable', message: 'PTP answered 503 — giving up', nonRetryable: true });
      }
      return { remaining: 0, written: 2, unchanged: 0, failed: 0 };
    },
    compensatePassback: async () => ({ assignmentsDeleted: 1, assignmentsRestored: 0, scoresRestored: 2, failures: [] }),
    finishPassback: async (input) => finished(input),
    planNightlyPassback: async ({ planId }) => ({
      planId,
      teachers: TEACHERS.length,
      courses: TEACHERS.length,
      maxConcurrentTeachers: 2,
      skipped: { coursesWithoutSisId: 0, coursesWithoutTeacher: 0, teachersWithoutSisId: 0, coTeachers: 0 },
    }),
    nightlyPassbackTeachers: async ({ offset, limit }) =>
      TEACHERS.slice(offset, offset + limit).map((teacherSisId) => ({ teacherSisId, courseSisIds: [`C-${teacherSisId}`] })),
    teachersWithSections: async ({ after, limit }) => {
      const from = after === undefined ? 0 : TEACHERS.indexOf(after) + 1;
      return { teacherSisIds: TEACHERS.slice(from, from + limit) };
    },
    readTeacherCategories: async ({ teacherSisId }) => ({
      teacherSisId,
      usersDcid: 1,
      yearId: 36,
      sectionSisIds: ['S1'],
      categories: [{ teacherCategoryId: 1, name: 'Homework', active: true, displayPosition: 1, excludedSectionSisIds: [] }],
    }),
  },
};

function start(
  env: WorkflowTestEnv,
  workflowType: string,
  workflowId: string,
  input: unknown,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return env.client.workflow.start(workflowType, { taskQueue: TaskQueues.orchestration, workflowId, args: [input] });
}

/** Waits for a started run to end (a failed run is a history too). */
async function ended(handle: Promise<WorkflowHandleWithFirstExecutionRunId>): Promise<RecordedRun> {
  const started = await handle;
  await started.result().catch(() => undefined);
  return { workflowId: started.workflowId, firstRunId: started.firstExecutionRunId };
}

const provision = (env: WorkflowTestEnv, id: string) =>
  start(env, PROVISION_DISTRICT_WORKFLOW, `provision-${DISTRICT}-${id}`, { districtId: DISTRICT, trigger: 'schedule' });

export const HISTORY_SCENARIOS: HistoryScenario[] = [
  {
    name: `${WIRING_CHECK_WORKFLOW}/completed`,
    run: (env) => ended(start(env, WIRING_CHECK_WORKFLOW, 'wiring-check-history', { reason: 'recorded history' })),
  },
  {
    name: `${INGEST_DISTRICT_WORKFLOW}/with-diff`,
    run: (env) => ended(start(env, INGEST_DISTRICT_WORKFLOW, `ingest-${DISTRICT}-history`, { districtId: DISTRICT })),
  },
  { name: `${PROVISION_DISTRICT_WORKFLOW}/applied`, run: (env) => ended(provision(env, 'applied')) },
  { name: `${PROVISION_DISTRICT_WORKFLOW}/unchanged`, run: (env) => ended(provision(env, 'unchanged')) },
  {
    name: `${PROVISION_DISTRICT_WORKFLOW}/guard-approved`,
    run: async (env) => {
      const handle = await provision(env, 'guard-approved');
      await env.untilEvent(handle, (event) => Boolean(event.timerStartedEventAttributes));
      await handle.signal(approveGuardSignal, { by: 'operator' });
      return ended(Promise.resolve(handle));
    },
  },
  { name: `${PROVISION_DISTRICT_WORKFLOW}/guard-timed-out`, run: (env) => ended(provision(env, 'guard-timed-out')) },
  { name: `${PROVISION_DISTRICT_WORKFLOW}/failed-import-compensated`, run: (env) => ended(provision(env, 'failed-import')) },
  {
    name: `${PASSBACK_WORKFLOW}/completed-update-with-start`,
    run: async (env) => {
      const options = passbackStartOptions({ districtId: DISTRICT, teacherSisId: 'T8301', courseSisId: 'C1', trigger: 'lti' });
      const startOperation = new WithStartWorkflowOperation(PASSBACK_WORKFLOW, { ...options, workflowIdConflictPolicy: 'USE_EXISTING' });
      const acceptance = await env.client.workflow.executeUpdateWithStart(requestPassbackUpdate, {
        args: [{ requestedBy: 'canvas-user-42' }],
        startWorkflowOperation: startOperation,
      });
      await (await startOperation.workflowHandle()).result();
      return { workflowId: acceptance.workflowId, firstRunId: acceptance.runId };
    },
  },
  {
    name: `${PASSBACK_WORKFLOW}/gave-up-compensated`,
    run: (env) => ended(start(env, PASSBACK_WORKFLOW, passbackStartOptions(passback('T-GIVES-UP')).workflowId, passback('T-GIVES-UP'))),
  },
  {
    name: `${PASSBACK_WORKFLOW}/refused`,
    run: (env) => ended(start(env, PASSBACK_WORKFLOW, passbackStartOptions(passback('T-REFUSED')).workflowId, passback('T-REFUSED'))),
  },
  {
    name: `${NIGHTLY_PASSBACK_WORKFLOW}/continued-as-new`,
    run: (env) =>
      ended(start(env, NIGHTLY_PASSBACK_WORKFLOW, `passback-nightly-${DISTRICT}-history`, { districtId: DISTRICT, teachersPerRun: 2 })),
  },
  {
    name: `${SYNC_DISTRICT_CATEGORIES_WORKFLOW}/continued-as-new`,
    run: (env) =>
      ended(
        start(env, SYNC_DISTRICT_CATEGORIES_WORKFLOW, `categories-all-${DISTRICT}-history`, {
          districtId: DISTRICT,
          trigger: 'cli',
          teachersPerRun: 2,
        }),
      ),
  },
  {
    name: `${SYNC_CATEGORIES_WORKFLOW}/completed`,
    run: (env) =>
      ended(
        start(env, SYNC_CATEGORIES_WORKFLOW, `categories-${DISTRICT}-T9`, { districtId: DISTRICT, teacherSisId: 'T9', trigger: 'cli' }),
      ),
  },
  {
    name: `${RESOLVE_TEACHER_WORKFLOW}/resolved`,
    run: (env) =>
      ended(start(env, RESOLVE_TEACHER_WORKFLOW, `resolve-teacher-${DISTRICT}-8301`, { districtId: DISTRICT, teacher: '8301' })),
  },
];

function passback(teacherSisId: string) {
  return { districtId: DISTRICT, teacherSisId, trigger: 'cli' as const };
}
