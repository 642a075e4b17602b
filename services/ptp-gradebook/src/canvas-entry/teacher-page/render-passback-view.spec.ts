import type { PassbackReport, PassbackResult } from '@sisbridge/contracts';
import type { PassbackStatus } from '../passback-workflow/passback-status';
import { isFinished, renderPassbackView } from './render-passback-view';

const report: PassbackReport = {
  districtId: 'springfield',
  teacherSisId: 'T4711',
  valid: 1,
  invalid: 1,
  assignments: [
    {
      canvasAssignmentId: 1,
      canvasCourseId: 7,
      name: 'Quiz <b>1</b>',
      dueAt: '2026-09-15T04:59:00Z',
      pointsPossible: 20,
      sections: ['SEC1', 'SEC2'],
      valid: true,
      problems: [],
    },
    {
      canvasAssignmentId: 2,
      canvasCourseId: 7,
      name: 'Lab "A" & <script>alert(1)</script>',
      sections: ['SEC1'],
      valid: false,
      problems: [
        {
          rule: 'due-date-outside-term',
          value: 'Jan 3, 2027',
          fix: 'Move the due date into the term (Aug 20 – Dec 18).',
          sectionSisId: 'SEC2',
        },
        { rule: 'group-not-linked', value: 'Extra Practice', fix: 'Move it to a group imported from PowerTeacher Pro.' },
      ],
    },
  ],
};

const status = (changes: Partial<PassbackStatus>): PassbackStatus => ({
  workflowId: 'passback-springfield-T4711',
  runId: 'run-1',
  state: 'running',
  startedAt: '2026-11-29T12:00:00Z',
  progress: {
    phase: 'scores',
    percent: 62.4,
    status: 'Writing scores for Quiz 1',
    assignmentsDone: 1,
    assignmentsTotal: 2,
    scoresWritten: 40,
    scoresUnchanged: 3,
    scoresFailed: 0,
  },
  report,
  result: null,
  ...changes,
});

const render = (value: PassbackStatus) => renderPassbackView(value, { timeZone: 'America/Chicago' }).value;

describe("the teacher's page", () => {
  it('shows live progress, what will be sent (due dates in the district’s time zone), and each problem with its rule and fix', () => {
    const page = render(status({}));
    expect(page).toContain('<h2>Sending scores…</h2>');
    expect(page).toContain('<progress max="100" value="62"');
    expect(page).toContain('1 of 2 assignments done; 40 scores written, 3 unchanged, 0 failed.');
    expect(page).toContain('What will be sent (1 assignment)');
    expect(page).toContain('<td>Sep 14, 2026, 11:59 PM</td><td>20</td><td>2</td>');
    expect(page).toContain('Needs fixing in Canvas (1 assignment)');
    expect(page).toContain(
      '<span class="rule">Due date outside the term</span> <span class="value">(Jan 3, 2027)</span> <span class="section">in section SEC2</span>',
    );
    expect(page).toContain('How to fix: Move the due date into the term (Aug 20 – Dec 18).');
    expect(page).toContain('Assignment group not linked to a PowerTeacher Pro category');
    expect(isFinished(status({}))).toBe(false);
  });

  it('escapes what comes from Canvas: an assignment name never becomes markup', () => {
    const page = render(status({}));
    expect(page).toContain('Quiz &#60;b&#62;1&#60;/b&#62;');
    expect(page).toContain('Lab &#34;A&#34; &#38; &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>1</b>');
  });

  it('says the report is coming while validation runs', () => {
    const page = render(status({ report: null, progress: null }));
    expect(page).toContain('<h2>Starting…</h2>');
    expect(page).toContain('Checking your assignments.');
  });

  it('shows the results per assignment when done', () => {
    const result: PassbackResult = {
      runId: 'run-1',
      outcome: 'completed',
      assignments: [
        {
          canvasAssignmentId: 1,
          name: 'Quiz 1',
          status: 'sent',
          ptpAssignment: 'updated',
          scores: { written: 18, unchanged: 2, failed: 0 },
        },
        {
          canvasAssignmentId: 3,
          name: 'Essay',
          status: 'invalid',
          scores: { written: 0, unchanged: 0, failed: 0 },
          reason: 'due-date-missing: Give the assignment a due date in Canvas.',
          problems: [{ rule: 'due-date-missing', value: '', fix: 'Give the assignment a due date in Canvas.' }],
        },
        {
          canvasAssignmentId: 4,
          name: 'Lab',
          status: 'failed',
          scores: { written: 0, unchanged: 0, failed: 3 },
          reason: 'PTP refused 3 scores (locked term)',
        },
      ],
      totals: {
        assignmentsCreated: 0,
        assignmentsUpdated: 1,
        assignmentsUnchanged: 0,
        assignmentsInvalid: 0,
        assignmentsFailed: 0,
        scoresWritten: 18,
        scoresUnchanged: 2,
        scoresFailed: 0,
      },
    };
    const done = status({
      state: 'completed',
      result,
      report: { ...report, assignments: [report.assignments[0] as PassbackReport['assignments'][number]], invalid: 0 },
    });
    const page = render(done);
    expect(isFinished(done)).toBe(true);
    expect(page).toContain('Done: the grades are in PowerTeacher Pro');
    expect(page).toContain('Passed the checks (1 assignment)');
    expect(page).toContain('Nothing to fix');
    expect(page).toContain('<td>Quiz 1</td><td>Sent</td><td>Updated</td>');
    expect(page).toContain('<td>No due date: Give the assignment a due date in Canvas.</td>');
    expect(page).toContain('<td>Lab</td><td>Failed</td><td>—</td>');
    expect(page).toContain('<td>PTP refused 3 scores (locked term)</td>');
    expect(page).toContain(
      '0 assignments created, 1 updated, 0 already up to date in PowerTeacher Pro; 18 scores written, 2 unchanged, 0 failed',
    );
  });

  it('explains a failed run and what was undone', () => {
    const result: PassbackResult = {
      runId: 'run-1',
      outcome: 'failed',
      assignments: [],
      totals: {
        assignmentsCreated: 0,
        assignmentsUpdated: 0,
        assignmentsUnchanged: 0,
        assignmentsInvalid: 0,
        assignmentsFailed: 1,
        scoresWritten: 0,
        scoresUnchanged: 0,
        scoresFailed: 0,
      },
      compensation: { assignmentsDeleted: 2, scoresRestored: 1 },
      reason: 'PowerTeacher Pro refused the scores (HTTP 500)',
    };
    const page = render(status({ state: 'completed', result }));
    expect(page).toContain('The grade sync failed');
    expect(page).toContain('PowerTeacher Pro refused the scores (HTTP 500)');
    expect(page).toContain('2 assignments it had created deleted, 1 score put back as they were.');
    expect(render(status({ state: 'terminated', result: null, failure: 'Terminated by an operator' }))).toContain(
      'Terminated by an operator',
    );
  });

  it('never calls a run that could not read a course done: it names each course and what to do', () => {
    const unreadCourses = [
      { rule: 'course-unpublished' as const, canvasCourseId: 7, courseSisId: 'CRS1203-TRM1', fix: 'Publish the course in Canvas.' },
    ];
    const result: PassbackResult = {
      runId: 'run-1',
      outcome: 'completed-with-errors',
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
      unreadCourses,
      reason: 'One course could not be read',
    };
    const page = render(
      status({ state: 'completed', result, report: { ...report, assignments: [], valid: 0, invalid: 0, unreadCourses } }),
    );
    expect(page).toContain('Not everything could be read from Canvas');
    expect(page).not.toContain('Done: the grades are in PowerTeacher Pro');
    expect(page).not.toContain('Every valid assignment');
    expect(page).toContain('data-rule="course-unpublished"');
    expect(page).toContain('The course is not published in Canvas');
    expect(page).toContain('(CRS1203-TRM1)');
    expect(page).toContain('How to fix: Publish the course in Canvas.');
  });

  it('says there was nothing to send when no assignment is set to sync, rather than that every one was sent', () => {
    const result: PassbackResult = {
      runId: 'run-1',
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
    const page = render(status({ state: 'completed', result, report: { ...report, assignments: [], valid: 0, invalid: 0 } }));
    expect(page).toContain('Done: nothing to send');
    expect(page).toContain('No published assignment of your course is checked “Sync to SIS”');
    expect(page).not.toContain('Every valid assignment and its scores were sent.');
  });
});
