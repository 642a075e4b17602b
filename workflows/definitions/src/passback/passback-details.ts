import type { PassbackProgress, PassbackReport, PassbackResult } from '@sisbridge/contracts';

/** The Markdown Temporal UI shows as a passback's current details: phase, counts, and what is wrong. */
export function passbackDetails(
  teacherSisId: string,
  progress: PassbackProgress,
  report: PassbackReport | null,
  result: PassbackResult | null,
): string {
  const lines = [`**Passback of teacher ${teacherSisId}** — ${progress.phase} (${progress.percent}%)`, '', progress.status];
  if (report) {
    lines.push('', `Assignments: ${report.valid} valid, ${report.invalid} invalid`);
    const unread = report.unreadCourses ?? [];
    if (unread.length > 0) {
      lines.push(
        '',
        `**Not read from Canvas: ${unread.length} course(s)** — nothing of them is sent`,
        '',
        '| course | rule | fix |',
        '|---|---|---|',
      );
      for (const course of unread)
        lines.push(
          `| ${cell(course.courseSisId ?? (course.canvasCourseId === undefined ? '—' : String(course.canvasCourseId)))} | ${course.rule} | ${cell(course.fix)} |`,
        );
    }
    const invalid = report.assignments.filter((assignment) => !assignment.valid).slice(0, 20);
    if (invalid.length > 0) {
      lines.push('', '| assignment | rule | value |', '|---|---|---|');
      for (const assignment of invalid) {
        for (const problem of assignment.problems) lines.push(`| ${cell(assignment.name)} | ${problem.rule} | ${cell(problem.value)} |`);
      }
    }
  }
  if (progress.assignmentsTotal > 0) lines.push('', `PTP assignments: ${progress.assignmentsDone} of ${progress.assignmentsTotal}`);
  if (progress.scoresWritten + progress.scoresUnchanged + progress.scoresFailed > 0) {
    lines.push(`Scores: ${progress.scoresWritten} written, ${progress.scoresUnchanged} unchanged, ${progress.scoresFailed} failed`);
  }
  if (result?.totals.scoresReplacingHandEdits)
    lines.push(`${result.totals.scoresReplacingHandEdits} written score(s) replaced a change made by hand in PowerTeacher Pro`);
  if (result) {
    const t = result.totals;
    lines.push(
      '',
      `**${result.outcome}**: assignments ${t.assignmentsCreated} created, ${t.assignmentsUpdated} updated, ${t.assignmentsUnchanged} unchanged, ${t.assignmentsInvalid} invalid, ${t.assignmentsFailed} failed`,
    );
    if (result.compensation)
      lines.push(
        `Undone: ${result.compensation.assignmentsDeleted} assignments deleted, ${result.compensation.scoresRestored} scores put back`,
      );
    if (result.reason) lines.push('', result.reason);
  }
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 60);
}
