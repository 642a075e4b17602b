import { condition, defineSignal, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  passbackProgressQuery,
  passbackReportQuery,
  passbackResultQuery,
  requestPassbackUpdate,
  type PassbackAcceptance,
  type PassbackInput,
  type PassbackProgress,
  type PassbackReport,
  type PassbackResult,
} from '@sisbridge/contracts';

/** Lets a held stand-in run (see `held-stand-in-passback.workflow.ts`) finish. */
export const releaseHeldPassbackSignal = defineSignal('releaseHeldPassback');

/**
 * The stand-in `passbackTeacherWorkflow` (same update and queries): it "validates" to a fixed
 * report (two valid assignments, two to fix), reports progress for a few seconds, and ends with a
 * fixed result. Held, it does not end until `releaseHeldPassbackSignal`: a test keeps the run going
 * on purpose while more starts arrive. Used where the test is about the way in (API, LTI, page,
 * nightly fan-out), not about PowerTeacher Pro.
 */
export async function standInPassback(input: PassbackInput, options: { held: boolean }): Promise<PassbackResult> {
  let released = false;
  setHandler(releaseHeldPassbackSignal, () => void (released = true));
  const { workflowId, runId } = workflowInfo();
  const progress: PassbackProgress = {
    phase: 'validating',
    percent: 5,
    status: 'Checking 4 assignments',
    assignmentsDone: 0,
    assignmentsTotal: 0,
    scoresWritten: 0,
    scoresUnchanged: 0,
    scoresFailed: 0,
  };
  let report: PassbackReport | null = null;
  let result: PassbackResult | null = null;
  let requests = 0;
  setHandler(passbackProgressQuery, () => progress);
  setHandler(passbackReportQuery, () => report);
  setHandler(passbackResultQuery, () => result);
  setHandler(requestPassbackUpdate, async (): Promise<PassbackAcceptance> => {
    requests++;
    const joined = requests > 1 || input.trigger === 'schedule';
    await condition(() => report !== null);
    return { workflowId, runId, joined, report: report as PassbackReport };
  });

  await sleep('300 milliseconds');
  report = standInReport(input);
  progress.phase = 'assignments';
  progress.percent = 30;
  progress.status = 'Creating 2 assignments in PowerTeacher Pro';
  progress.assignmentsTotal = 2;
  await sleep('2 seconds');
  progress.phase = 'scores';
  progress.percent = 70;
  progress.status = 'Writing scores for Photosynthesis Quiz';
  progress.assignmentsDone = 1;
  progress.scoresWritten = 24;
  await sleep('2 seconds');
  if (options.held) await condition(() => released);
  result = {
    runId,
    outcome: 'completed-with-errors',
    assignments: [
      {
        canvasAssignmentId: 101,
        name: 'Cell Structure Worksheet',
        status: 'sent',
        ptpAssignment: 'created',
        scores: { written: 24, unchanged: 0, failed: 0 },
      },
      {
        canvasAssignmentId: 102,
        name: 'Photosynthesis Quiz',
        status: 'sent',
        ptpAssignment: 'updated',
        scores: { written: 20, unchanged: 4, failed: 0 },
      },
      {
        canvasAssignmentId: 103,
        name: LONG_NAME,
        status: 'invalid',
        scores: { written: 0, unchanged: 0, failed: 0 },
        problems: report.assignments[2]?.problems,
      },
      {
        canvasAssignmentId: 104,
        name: 'Reading Reflection',
        status: 'invalid',
        scores: { written: 0, unchanged: 0, failed: 0 },
        problems: report.assignments[3]?.problems,
      },
    ],
    totals: {
      assignmentsCreated: 1,
      assignmentsUpdated: 1,
      assignmentsUnchanged: 0,
      assignmentsInvalid: 2,
      assignmentsFailed: 0,
      scoresWritten: 44,
      scoresUnchanged: 4,
      scoresFailed: 0,
    },
  };
  progress.phase = 'done';
  progress.percent = 100;
  progress.status = 'Done';
  progress.assignmentsDone = 2;
  progress.scoresWritten = 44;
  // Queries are answered until the run is closed; let a poller see the end.
  return result;
}

const LONG_NAME = 'Comprehensive Laboratory Report on Cellular Respiration and Fermentation';

function standInReport(input: PassbackInput): PassbackReport {
  const section = 'SEC7001';
  return {
    districtId: input.districtId,
    teacherSisId: input.teacherSisId,
    ...(input.courseSisId ? { courseSisId: input.courseSisId } : {}),
    valid: 2,
    invalid: 2,
    assignments: [
      {
        canvasAssignmentId: 101,
        canvasCourseId: 7,
        name: 'Cell Structure Worksheet',
        dueAt: '2026-09-15T04:59:59Z',
        pointsPossible: 10,
        sections: [section],
        valid: true,
        problems: [],
      },
      {
        canvasAssignmentId: 102,
        canvasCourseId: 7,
        name: 'Photosynthesis Quiz',
        dueAt: '2026-09-22T04:59:59Z',
        pointsPossible: 20,
        sections: [section],
        valid: true,
        problems: [],
      },
      {
        canvasAssignmentId: 103,
        canvasCourseId: 7,
        name: LONG_NAME,
        dueAt: '2026-09-29T04:59:59Z',
        pointsPossible: 50,
        sections: [section],
        valid: false,
        problems: [
          {
            rule: 'name-too-long',
            value: `${LONG_NAME.length} characters`,
            fix: 'Shorten the name to 30 characters or fewer in Canvas (Assignments → Edit).',
          },
        ],
      },
      {
        canvasAssignmentId: 104,
        canvasCourseId: 7,
        name: 'Reading Reflection',
        pointsPossible: 10,
        sections: [section],
        valid: false,
        problems: [
          { rule: 'due-date-missing', value: 'no due date', fix: 'Give the assignment a due date in Canvas (Assignments → Edit → Due).' },
        ],
      },
    ],
  };
}
