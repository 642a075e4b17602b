import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ENCODED_WORKFLOW_IDS_PATCH,
  legacyWorkflowId,
  nightlyPassbackProgressQuery,
  PASSBACK_WORKFLOW,
  passbackStartOptions,
  SearchAttributes,
  TaskQueues,
  type NightlyPassbackActivities,
  type NightlyPassbackInput,
  type NightlyPassbackProgress,
  type NightlyPassbackResult,
  type NightlyPassbackTeacher,
  type NightlyPassbackTotals,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { nightlyDetails } from './nightly-details';
import { runWithLimit } from './run-with-limit';

const retry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 };

const planner = proxyActivities<NightlyPassbackActivities>({
  taskQueue: TaskQueues.ptpGradebook,
  // A large district's courses and their teachers are many paced Canvas calls; the activity heartbeats.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry,
});
const plans = proxyActivities<NightlyPassbackActivities>({ taskQueue: TaskQueues.ptpGradebook, startToCloseTimeout: '1 minute', retry });

const DEFAULT_TEACHERS_PER_RUN = 100;

/**
 * The nightly passback of a district (started by its Temporal Schedule). ptp-gradebook reads the
 * district's `nightly_sync` courses and their teachers from Canvas into a stored plan; this
 * workflow then passes each teacher's courses back, one course after another per teacher, at most
 * `maxConcurrentTeachers` teachers at once, each as a `passbackTeacherWorkflow` child with the
 * same deterministic id a click would use (`passback-{district}-{teacher}-{course}`).
 *
 * A teacher whose passback of that course is already running (they clicked "Sync Grades") is not
 * doubled: Temporal refuses the second start with that id, and the night counts it as already
 * running. Children are abandoned, not cancelled, if this workflow ends early: a teacher's
 * passback, once started, finishes (or compensates) on its own. Every `teachersPerRun` teachers the
 * workflow continues as new, so a large district never grows one long history.
 */
export async function nightlyPassbackWorkflow(input: NightlyPassbackInput): Promise<NightlyPassbackResult> {
  const { districtId } = input;
  const teachersPerRun = input.teachersPerRun ?? DEFAULT_TEACHERS_PER_RUN;
  const totals: NightlyPassbackTotals = input.resume?.totals ?? {
    teachersDone: 0,
    completed: 0,
    completedWithErrors: 0,
    failed: 0,
    alreadyRunning: 0,
  };
  const progress: NightlyPassbackProgress = {
    phase: 'planning',
    teachers: input.resume?.plan.teachers ?? 0,
    teachersDone: totals.teachersDone,
    totals,
  };
  const report = () => {
    progress.teachersDone = totals.teachersDone;
    setCurrentDetails(nightlyDetails(districtId, progress));
  };
  setHandler(nightlyPassbackProgressQuery, () => progress);
  report();

  // The first run's workflow id (unique per scheduled time) names the night's plan.
  const plan = input.resume?.plan ?? (await planner.planNightlyPassback({ districtId, planId: workflowInfo().workflowId }));
  progress.phase = 'passing-back';
  progress.teachers = plan.teachers;
  report();

  const from = input.resume?.nextTeacher ?? 0;
  const teachers = await plans.nightlyPassbackTeachers({ planId: plan.planId, offset: from, limit: teachersPerRun });
  await runWithLimit(teachers, plan.maxConcurrentTeachers, async (teacher) => {
    await passBackTeacher(districtId, teacher, totals);
    totals.teachersDone++;
    report();
  });

  const nextTeacher = from + teachers.length;
  if (teachers.length === teachersPerRun && nextTeacher < plan.teachers) {
    return continueAsNew<typeof nightlyPassbackWorkflow>({
      districtId,
      teachersPerRun: input.teachersPerRun,
      resume: { nextTeacher, totals, plan },
    });
  }
  progress.phase = 'done';
  report();
  return { districtId, plan, totals };
}

/** A teacher's courses, one after another: one teacher's runs never compete for their own PTP gradebook. */
async function passBackTeacher(districtId: string, teacher: NightlyPassbackTeacher, totals: NightlyPassbackTotals): Promise<void> {
  for (const courseSisId of teacher.courseSisIds) {
    try {
      // The same id, summary and search attributes as a click or the API would give it; the run kind says "nightly".
      const options = passbackStartOptions({ districtId, teacherSisId: teacher.teacherSisId, courseSisId, trigger: 'schedule' });
      // A night that started before ids were encoded starts its children with the ids it always did (its history must replay).
      if (!patched(ENCODED_WORKFLOW_IDS_PATCH))
        options.workflowId = legacyWorkflowId('passback', districtId, teacher.teacherSisId, courseSisId);
      const result = await executeChild<PassbackWorkflow>(PASSBACK_WORKFLOW, {
        ...options,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: options.typedSearchAttributes.updateCopy([{ key: SearchAttributes.runKind, value: 'nightly-passback' }]),
      });
      if (result.outcome === 'completed') totals.completed++;
      else if (result.outcome === 'completed-with-errors') totals.completedWithErrors++;
      else totals.failed++;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) totals.alreadyRunning++;
      // A child that failed (after compensating) has its reason in its own history; the night goes on.
      else totals.failed++;
    }
  }
}
