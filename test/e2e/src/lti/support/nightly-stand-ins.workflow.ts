import { condition, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { TaskQueues, type PassbackInput, type PassbackResult } from '@sisbridge/contracts';

/** The real nightly fan-out, bundled with the stand-in passback below. */
export { nightlyPassbackWorkflow } from '@sisbridge/workflows';

/** What the nightly suite records about each passback the night starts (activities of the test process). */
export interface NightlyRecorder {
  passbackStarted(input: { teacherSisId: string; courseSisId?: string; trigger: string }): Promise<void>;
  passbackEnded(input: { teacherSisId: string; courseSisId?: string }): Promise<void>;
}

const recorder = proxyActivities<NightlyRecorder>({ taskQueue: TaskQueues.orchestration, startToCloseTimeout: '10 seconds' });

/**
 * A stand-in `passbackTeacherWorkflow` that tells the test when it starts and ends, so the test can
 * see that a teacher's courses go one after another. A teacher's own click (trigger `lti`) runs
 * until the test ends it, so the night finds it running however long the night takes.
 */
export async function passbackTeacherWorkflow(input: PassbackInput): Promise<PassbackResult> {
  await recorder.passbackStarted({ teacherSisId: input.teacherSisId, courseSisId: input.courseSisId, trigger: input.trigger });
  if (input.trigger === 'schedule') await sleep('500 milliseconds');
  else await condition(() => false);
  await recorder.passbackEnded({ teacherSisId: input.teacherSisId, courseSisId: input.courseSisId });
  return {
    runId: workflowInfo().runId,
    outcome: 'completed',
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
  };
}
