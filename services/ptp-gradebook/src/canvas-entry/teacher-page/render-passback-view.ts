import type {
  AssignmentOutcome,
  AssignmentValidation,
  PassbackReport,
  PassbackResult,
  UnreadCourse,
  ValidationProblem,
} from '@sisbridge/contracts';
import type { PassbackStatus } from '../passback-workflow/passback-status';
import { html, type SafeHtml } from './html';
import { OUTCOME_LABELS, PHASE_LABELS, PTP_ASSIGNMENT_LABELS, RULE_LABELS, UNREAD_LABELS } from './rule-labels';

export interface ViewContext {
  /** The district's time zone: due dates as the teacher sees them in Canvas. */
  timeZone: string;
}

/**
 * The body of the teacher's page for one passback run: where it is, what will be sent, each
 * assignment that cannot be sent with its rule and fix, and the results once done. Only what the
 * teacher sees in Canvas anyway: assignment names, due dates, points, section ids, counts. No
 * student appears here, by name or otherwise: the report and the result carry none.
 */
export function renderPassbackView(status: PassbackStatus, context: ViewContext): SafeHtml {
  return html`${headline(status)}${status.report ? reportSections(status.report, context, isFinished(status)) : waitingForReport(status)}${status.result ? resultSection(status.result) : ''}`;
}

/** Whether the page can stop asking: the run has ended. */
export function isFinished(status: PassbackStatus): boolean {
  return status.state !== 'running';
}

function headline(status: PassbackStatus): SafeHtml {
  const result = status.result;
  // A run has its result a moment before it closes: show the end as soon as it is known.
  const ended = status.state !== 'running' || result !== null;
  if (!ended) {
    const progress = status.progress;
    const percent = Math.max(0, Math.min(100, Math.round(progress?.percent ?? 0)));
    return html`<section class="status" data-state="running" aria-live="polite">
  <h2>${progress ? PHASE_LABELS[progress.phase] : 'Starting'}…</h2>
  <progress max="100" value="${percent}" aria-label="Progress">${percent}%</progress>
  <p class="status-line">${progress?.status ?? 'Waiting for the passback to report.'}</p>
  ${progress && progress.assignmentsTotal > 0 ? html`<p class="counts">${progress.assignmentsDone} of ${plural(progress.assignmentsTotal, 'assignment')} done; ${plural(progress.scoresWritten, 'score')} written, ${progress.scoresUnchanged} unchanged, ${progress.scoresFailed} failed.</p>` : ''}
</section>`;
  }
  if ((status.state === 'completed' || status.state === 'running') && result && result.outcome !== 'failed') {
    const clean = result.outcome === 'completed';
    if (clean && result.assignments.length === 0)
      return html`<section class="status" data-state="nothing-to-send" aria-live="polite">
  <h2>Done: nothing to send</h2>
  <p class="status-line">No published assignment of your course is checked “Sync to SIS” in Canvas, so nothing was sent to PowerTeacher Pro.</p>
</section>`;
    const unread = (result.unreadCourses ?? []).length > 0;
    return html`<section class="status" data-state="${result.outcome}" aria-live="polite">
  <h2>${clean ? 'Done: the grades are in PowerTeacher Pro' : unread ? 'Not everything could be read from Canvas' : 'Done, but not everything could be sent'}</h2>
  <p class="status-line">${clean ? 'Every valid assignment and its scores were sent.' : unread ? 'The courses below could not be read, so none of their grades were sent. Fix each one and click Sync Grades again.' : 'The assignments below that need fixing, or that failed, were not sent. Fix them in Canvas and click Sync Grades again.'}</p>
</section>`;
  }
  const reason = result?.reason ?? status.failure ?? `the run was ${status.state}`;
  return html`<section class="status" data-state="failed" aria-live="polite">
  <h2>The grade sync failed</h2>
  <p class="status-line">${reason}</p>
  ${result?.compensation ? html`<p class="compensation">Its changes were undone in PowerTeacher Pro: ${plural(result.compensation.assignmentsDeleted, 'assignment')} it had created deleted, ${plural(result.compensation.scoresRestored, 'score')} put back as they were.</p>` : ''}
  <p>Nothing is lost in Canvas. Try Sync Grades again later; if it fails again, tell your sisbridge administrator (run ${status.workflowId}).</p>
</section>`;
}

function waitingForReport(status: PassbackStatus): SafeHtml | string {
  return status.state === 'running'
    ? html`<section class="report-pending"><p>Checking your assignments. The list appears here as soon as it is ready.</p></section>`
    : '';
}

function reportSections(report: PassbackReport, context: ViewContext, finished: boolean): SafeHtml {
  const valid = report.assignments.filter((assignment) => assignment.valid);
  const invalid = report.assignments.filter((assignment) => !assignment.valid);
  return html`${unreadSection(report.unreadCourses ?? [])}<section class="will-send">
  <h2>${finished ? 'Passed the checks' : 'What will be sent'} (${plural(valid.length, 'assignment')})</h2>
  ${
    valid.length === 0
      ? html`<p>No assignment can be sent yet.</p>`
      : html`<table>
    <thead><tr><th scope="col">Assignment</th><th scope="col">Due</th><th scope="col">Points</th><th scope="col">Sections</th></tr></thead>
    <tbody>${valid.map((assignment) => html`<tr data-assignment-id="${assignment.canvasAssignmentId}"><td>${assignment.name}</td><td>${due(assignment, context)}</td><td>${assignment.pointsPossible ?? '—'}</td><td>${assignment.sections.length}</td></tr>`)}</tbody>
  </table>`
  }
</section>
<section class="to-fix">
  <h2>Needs fixing in Canvas (${plural(invalid.length, 'assignment')})</h2>
  ${
    invalid.length === 0
      ? html`<p>Nothing to fix: every “Sync to SIS” assignment passed the checks.</p>`
      : html`<p>These are not sent until they are fixed. Fix each one in Canvas, then click Sync Grades again.</p>
  <ul class="invalid-assignments">${invalid.map((assignment) => invalidAssignment(assignment))}</ul>`
  }
</section>`;
}

/** Courses whose grades Canvas did not give: not a success, each with what to do. */
function unreadSection(courses: readonly UnreadCourse[]): SafeHtml | string {
  if (courses.length === 0) return '';
  return html`<section class="unread">
  <h2>Could not be read from Canvas (${plural(courses.length, 'course')})</h2>
  <p>Nothing of these courses was sent. Fix each one, then click Sync Grades again.</p>
  <ul class="unread-courses">${courses.map(
    (course) =>
      html`<li class="unread-course" data-rule="${course.rule}"><span class="rule">${UNREAD_LABELS[course.rule]}</span>${course.courseSisId ? html` <span class="value">(${course.courseSisId})</span>` : ''}<p class="fix">How to fix: ${course.fix}</p></li>`,
  )}</ul>
</section>`;
}

function invalidAssignment(assignment: AssignmentValidation): SafeHtml {
  return html`<li class="invalid-assignment" data-assignment-id="${assignment.canvasAssignmentId}">
    <h3>${assignment.name}</h3>
    <ul class="problems">${assignment.problems.map((problem) => problemItem(problem))}</ul>
  </li>`;
}

function problemItem(problem: ValidationProblem): SafeHtml {
  return html`<li class="problem" data-rule="${problem.rule}">
      <span class="rule">${RULE_LABELS[problem.rule] ?? problem.rule}</span>${problem.value ? html` <span class="value">(${problem.value})</span>` : ''}${problem.sectionSisId ? html` <span class="section">in section ${problem.sectionSisId}</span>` : ''}
      <p class="fix">How to fix: ${problem.fix}</p>
    </li>`;
}

function resultSection(result: PassbackResult): SafeHtml {
  const { totals } = result;
  return html`<section class="results">
  <h2>Results</h2>
  <p class="totals">${plural(totals.assignmentsCreated, 'assignment')} created, ${totals.assignmentsUpdated} updated, ${totals.assignmentsUnchanged} already up to date in PowerTeacher Pro; ${plural(totals.scoresWritten, 'score')} written, ${totals.scoresUnchanged} unchanged, ${totals.scoresFailed} failed; ${plural(totals.assignmentsInvalid, 'assignment')} to fix, ${totals.assignmentsFailed} failed.</p>
  <table>
    <thead><tr><th scope="col">Assignment</th><th scope="col">Outcome</th><th scope="col">In PowerTeacher Pro</th><th scope="col">Scores written</th><th scope="col">Unchanged</th><th scope="col">Failed</th><th scope="col">Note</th></tr></thead>
    <tbody>${result.assignments.map((outcome) => outcomeRow(outcome))}</tbody>
  </table>
</section>`;
}

function outcomeRow(outcome: AssignmentOutcome): SafeHtml {
  // Invalid: each rule in words with its fix; failed: the reason the run gives.
  const problems = outcome.problems ?? [];
  const note =
    problems.length > 0
      ? problems.map((problem) => `${RULE_LABELS[problem.rule] ?? problem.rule}: ${problem.fix}`).join(' ')
      : (outcome.reason ?? '');
  return html`<tr class="outcome" data-assignment-id="${outcome.canvasAssignmentId}" data-status="${outcome.status}">
      <td>${outcome.name}</td><td>${OUTCOME_LABELS[outcome.status] ?? outcome.status}</td><td>${outcome.ptpAssignment ? PTP_ASSIGNMENT_LABELS[outcome.ptpAssignment] : '—'}</td>
      <td>${outcome.scores.written}</td><td>${outcome.scores.unchanged}</td><td>${outcome.scores.failed}</td><td>${note}</td>
    </tr>`;
}

function due(assignment: AssignmentValidation, context: ViewContext): string {
  if (!assignment.dueAt) return '—';
  const date = new Date(assignment.dueAt);
  if (Number.isNaN(date.getTime())) return assignment.dueAt;
  return new Intl.DateTimeFormat('en-US', { timeZone: context.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
