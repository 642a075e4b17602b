import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  PASSBACK_IDENTITY_MISMATCH,
  passbackProgressQuery,
  passbackReportQuery,
  passbackResultQuery,
  requestPassbackUpdate,
  samePassback,
  SearchAttributes,
  TaskQueues,
  type PassbackActivities,
  type PassbackCompensation,
  type PassbackInput,
  type PassbackPhase,
  type PassbackProgress,
  type PassbackReport,
  type PassbackResult,
} from '@sisbridge/contracts';
import { passbackDetails } from './passback-details';

/**
 * Retries are unlimited here: each step gives up by itself after ptp-gradebook's
 * PASSBACK_GIVE_UP_AFTER_SECONDS of failures worth retrying (PTP or Canvas down), with a
 * non-retryable failure that makes the run compensate. The schedule-to-close is a backstop.
 */
const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' };

const ptp = proxyActivities<PassbackActivities>({
  taskQueue: TaskQueues.ptpGradebook,
  startToCloseTimeout: '30 minutes',
  scheduleToCloseTimeout: '3 hours',
  heartbeatTimeout: '20 seconds',
  retry,
});
/** Undoing keeps trying for a day: PTP must end as it was before the run. */
const undo = proxyActivities<PassbackActivities>({
  taskQueue: TaskQueues.ptpGradebook,
  startToCloseTimeout: '30 minutes',
  scheduleToCloseTimeout: '24 hours',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Assignment sections per sync step and scores per write step: progress shows between steps. */
const SECTIONS_PER_STEP = 60;
const SCORES_PER_STEP = 1_000;

/**
 * One teacher's grade passback (optionally one course), id `passback-{district}-{teacher}[-{course}]`.
 * validate → collect scores → PTP assignments → scores, with per-item outcomes stored by
 * ptp-gradebook. Started by Update-with-Start (`requestPassbackUpdate`, USE_EXISTING: a second
 * click joins and gets the same report), by a plain start (CLI), or as a child (the nightly run).
 * When a step fails in a way retries cannot fix, what the run did in PTP is undone and the run
 * ends failed with the reason; invalid assignments and refused scores are outcomes, not failures.
 */
export async function passbackTeacherWorkflow(input: PassbackInput): Promise<PassbackResult> {
  const { workflowId, runId } = workflowInfo();
  const progress: PassbackProgress = {
    phase: 'queued',
    percent: 0,
    status: 'Starting',
    assignmentsDone: 0,
    assignmentsTotal: 0,
    scoresWritten: 0,
    scoresUnchanged: 0,
    scoresFailed: 0,
  };
  let report: PassbackReport | null = null;
  let result: PassbackResult | null = null;
  let refused: string | undefined;
  let accepted = 0;

  const show = (phase: PassbackPhase, percent: number, status: string) => {
    progress.phase = phase;
    progress.percent = Math.min(100, Math.max(progress.percent, Math.round(percent)));
    progress.status = status;
    setCurrentDetails(passbackDetails(input.teacherSisId, progress, report, result));
  };
  setHandler(passbackProgressQuery, () => progress);
  setHandler(passbackReportQuery, () => report);
  setHandler(passbackResultQuery, () => result);
  setHandler(
    requestPassbackUpdate,
    async () => {
      // The first request of a run started by Update-with-Start started it; any other joined it.
      const joined = accepted++ > 0 || (input.trigger !== 'canvas-api' && input.trigger !== 'lti');
      await condition(() => report !== null || refused !== undefined);
      if (!report)
        throw ApplicationFailure.create({
          type: 'PassbackRefused',
          message: refused ?? 'the passback could not start',
          nonRetryable: true,
        });
      return { workflowId, runId, joined, report };
    },
    {
      // A request for another passback than this run's (another district, teacher or course) is
      // refused before it is accepted: it learns nothing of this run.
      validator: (request) => {
        if (request.passback && !samePassback(request.passback, input))
          throw ApplicationFailure.create({
            type: PASSBACK_IDENTITY_MISMATCH,
            message: 'this run is another passback',
            nonRetryable: true,
          });
      },
    },
  );

  const attributes = [
    { key: SearchAttributes.district, value: input.districtId },
    { key: SearchAttributes.teacher, value: input.teacherSisId },
  ];
  // The nightly run names itself; a click, the API or the CLI is a plain passback.
  if (!workflowInfo().typedSearchAttributes.get(SearchAttributes.runKind))
    attributes.push({ key: SearchAttributes.runKind, value: 'passback' });
  upsertSearchAttributes(attributes);

  show('validating', 2, 'Reading Canvas assignments, the roster and PowerTeacher Pro categories; validating');
  let prepared;
  try {
    prepared = await ptp.preparePassback({ ...input, runId, workflowId });
  } catch (error) {
    // Nothing was sent yet: nothing to undo.
    refused = reasonOf(error);
    result = await ptp.finishPassback({ runId, districtId: input.districtId, failed: true, reason: refused });
    show('failed', 100, `Could not start: ${refused}`);
    await condition(allHandlersFinished);
    throw ApplicationFailure.create({
      type: 'PassbackRefused',
      message: `Passback of ${input.teacherSisId} could not start: ${refused}`,
      nonRetryable: true,
    });
  }
  report = prepared.report;
  if (prepared.schoolSisIds[0]) upsertSearchAttributes([{ key: SearchAttributes.school, value: prepared.schoolSisIds[0] }]);
  progress.assignmentsTotal = prepared.sectionsToSync;
  show('validating', 10, `${report.valid} assignments valid, ${report.invalid} invalid`);

  let failure: string | undefined;
  if (prepared.sectionsToSync > 0) {
    try {
      show('scores', 12, 'Reading grades from Canvas');
      const { scores } = await ptp.collectPassbackScores({ runId, districtId: input.districtId });

      show('assignments', 15, `Creating or updating ${prepared.sectionsToSync} PowerTeacher Pro assignments`);
      for (let remaining = prepared.sectionsToSync; remaining > 0;) {
        const step = await ptp.syncPtpAssignments({ runId, districtId: input.districtId, limit: SECTIONS_PER_STEP });
        progress.assignmentsDone += step.created + step.updated + step.unchanged + step.failed;
        remaining = step.remaining;
        show(
          'assignments',
          15 + 25 * (progress.assignmentsDone / Math.max(1, prepared.sectionsToSync)),
          `PowerTeacher Pro assignments: ${progress.assignmentsDone} of ${prepared.sectionsToSync}`,
        );
      }

      for (let remaining = scores; remaining > 0;) {
        const step = await ptp.writePtpScores({ runId, districtId: input.districtId, limit: SCORES_PER_STEP });
        progress.scoresWritten += step.written;
        progress.scoresUnchanged += step.unchanged;
        progress.scoresFailed += step.failed;
        remaining = step.remaining;
        const done = progress.scoresWritten + progress.scoresUnchanged + progress.scoresFailed;
        show(
          'scores',
          40 + 58 * (done / Math.max(1, scores)),
          `Scores: ${progress.scoresWritten} written, ${progress.scoresUnchanged} unchanged, ${progress.scoresFailed} failed (${done} of ${scores})`,
        );
      }
    } catch (error) {
      failure = reasonOf(error);
    }
  }

  let compensation: PassbackCompensation | undefined;
  if (failure !== undefined) {
    show('compensating', progress.percent, `Failed (${failure}); undoing what this run did in PowerTeacher Pro`);
    // Even a cancelled run undoes its writes.
    compensation = await CancellationScope.nonCancellable(() => undo.compensatePassback({ runId, districtId: input.districtId }));
  }
  result = await CancellationScope.nonCancellable(() =>
    ptp.finishPassback({
      runId,
      districtId: input.districtId,
      failed: failure !== undefined,
      ...(failure ? { reason: failure } : {}),
      ...(compensation ? { compensation } : {}),
    }),
  );
  show(failure ? 'failed' : 'done', 100, failure ? `Failed and undone: ${failure}` : `${result.outcome}`);
  await condition(allHandlersFinished);
  if (failure !== undefined) {
    const undone = compensation
      ? ` Undone: ${compensation.assignmentsDeleted} assignments deleted, ${compensation.assignmentsRestored} restored, ${compensation.scoresRestored} scores put back.`
      : '';
    const left = compensation && compensation.failures.length > 0 ? ` Not undone: ${compensation.failures.join('; ')}` : '';
    throw ApplicationFailure.create({
      type: 'PassbackFailed',
      message: `Passback of ${input.teacherSisId} failed: ${failure}.${undone}${left}`,
      nonRetryable: true,
    });
  }
  return result;
}

/** The words of an activity failure: its cause says what went wrong. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
