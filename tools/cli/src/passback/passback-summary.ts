import type { PassbackCompensation, PassbackResult, PassbackRule } from '@sisbridge/contracts';

/** The one JSON document `passback --json` prints. */
export interface PassbackSummary {
  workflowId: string;
  runId: string;
  teacher: string;
  outcome: PassbackResult['outcome'] | 'running';
  /** Canvas assignments by what happened to their PTP assignment; invalid ones with the rules they broke. */
  assignments: {
    created: number;
    updated: number;
    unchanged: number;
    failed: number;
    invalid: Array<{ canvasAssignmentId: number; name: string; rules: PassbackRule[] }>;
  };
  /** PTP assignments (one per Canvas assignment and section) by outcome. */
  ptpAssignments?: { created: number; updated: number; unchanged: number; failed: number };
  scores: { written: number; unchanged: number; failed: number };
  reason?: string;
  compensation?: PassbackResult['compensation'] | PassbackCompensation;
}

export function summarisePassback(workflowId: string, runId: string, teacher: string, result: PassbackResult): PassbackSummary {
  return {
    workflowId,
    runId,
    teacher,
    outcome: result.outcome,
    assignments: {
      created: result.totals.assignmentsCreated,
      updated: result.totals.assignmentsUpdated,
      unchanged: result.totals.assignmentsUnchanged,
      failed: result.totals.assignmentsFailed,
      invalid: result.assignments
        .filter((assignment) => assignment.status === 'invalid')
        .map((assignment) => ({
          canvasAssignmentId: assignment.canvasAssignmentId,
          name: assignment.name,
          rules: [...new Set((assignment.problems ?? []).map((problem) => problem.rule))],
        })),
    },
    ...(result.ptpAssignmentSections ? { ptpAssignments: result.ptpAssignmentSections } : {}),
    scores: { written: result.totals.scoresWritten, unchanged: result.totals.scoresUnchanged, failed: result.totals.scoresFailed },
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.compensation ? { compensation: result.compensation } : {}),
  };
}

/** The report a teacher or an operator reads: each assignment, what happened, why and what to do. */
export function describeResult(workflowId: string, result: PassbackResult): string[] {
  const t = result.totals;
  const lines = [
    `${workflowId} (run ${result.runId}): ${result.outcome}${result.reason ? ` — ${result.reason}` : ''}`,
    `  assignments: ${t.assignmentsCreated} created, ${t.assignmentsUpdated} updated, ${t.assignmentsUnchanged} unchanged, ${t.assignmentsInvalid} invalid, ${t.assignmentsFailed} failed`,
    `  scores: ${t.scoresWritten} written, ${t.scoresUnchanged} unchanged, ${t.scoresFailed} failed`,
  ];
  if (result.compensation)
    lines.push(
      `  undone: ${result.compensation.assignmentsDeleted} assignments deleted, ${result.compensation.scoresRestored} scores put back`,
    );
  for (const assignment of result.assignments) {
    const scores = assignment.scores;
    lines.push(
      `  ${assignment.status.padEnd(9)} ${assignment.name}${assignment.ptpAssignment ? ` (PTP assignment ${assignment.ptpAssignment})` : ''} — scores ${scores.written} written, ${scores.unchanged} unchanged, ${scores.failed} failed`,
    );
    for (const problem of assignment.problems ?? []) {
      lines.push(
        `      ${problem.rule}${problem.sectionSisId ? ` [section ${problem.sectionSisId}]` : ''}: "${problem.value}" — ${problem.fix}`,
      );
    }
    if (assignment.status !== 'invalid' && assignment.reason) lines.push(`      ${assignment.reason}`);
  }
  return lines;
}
