import type { CanvasSubmission, GroupedSubmissions } from '@sisbridge/canvas-client';
import type { PtpScoreSettings } from '@sisbridge/district-config';
import { scoresToSend, type RosterStudent, type ScoreTarget } from './scores-to-send';

const settings: PtpScoreSettings = {
  excused: 'exempt',
  missing: 'flag',
  late: 'flag',
  aboveMaximum: 'extra-points',
  batchSize: 200,
  writeQuery: {},
};
const graded = (assignmentId: number, score: number | null, extra: Partial<CanvasSubmission> = {}): CanvasSubmission => ({
  assignment_id: assignmentId,
  user_id: 0,
  score,
  excused: false,
  late: false,
  missing: false,
  workflow_state: score === null ? 'unsubmitted' : 'graded',
  ...extra,
});
const student = (userId: number, sisId: string | null, submissions: CanvasSubmission[]): GroupedSubmissions => ({
  user_id: userId,
  sis_user_id: sisId,
  submissions: submissions.map((s) => ({ ...s, user_id: userId })),
});
const target = (assignment: number, section: number): ScoreTarget => ({
  canvasAssignmentId: assignment,
  sectionsDcid: 4000 + section,
  sectionSisId: `SEC${section}`,
  points: 10,
});
const enrolled = (dcid: number, ...sections: number[]): RosterStudent => ({ dcid, sectionSisIds: new Set(sections.map((n) => `SEC${n}`)) });

const match = (submissions: GroupedSubmissions[], students: Record<string, RosterStudent>) =>
  scoresToSend({
    submissions,
    students: new Map(Object.entries(students)),
    targets: new Map([
      [1, [target(1, 1), target(1, 2)]],
      [2, [target(2, 1)]],
    ]),
    // Assignment 2 is also assigned to SEC3, another teacher's section (not planned here).
    rosterSections: new Map([
      [1, ['SEC1', 'SEC2']],
      [2, ['SEC1', 'SEC3']],
    ]),
    settings,
  });

describe('which Canvas scores go where in PowerTeacher Pro', () => {
  it('sends each gradable score to the planned sections the roster enrolls the student in', () => {
    const { scores, unmatched } = match([student(11, 'S1', [graded(1, 8), graded(2, 9.5)]), student(12, 'S2', [graded(1, 7)])], {
      S1: enrolled(501, 1),
      S2: enrolled(502, 2),
    });
    expect(scores).toEqual([
      { canvasAssignmentId: 1, sectionsDcid: 4001, studentsDcid: 501, entered: '8', isExempt: false, isLate: false, isMissing: false },
      { canvasAssignmentId: 2, sectionsDcid: 4001, studentsDcid: 501, entered: '9.5', isExempt: false, isLate: false, isMissing: false },
      { canvasAssignmentId: 1, sectionsDcid: 4002, studentsDcid: 502, entered: '7', isExempt: false, isLate: false, isMissing: false },
    ]);
    expect(unmatched).toEqual([]);
  });

  it('sends nothing for ungraded work and for assignments that are not planned', () => {
    const { scores, unmatched } = match([student(11, 'S1', [graded(1, null), graded(99, 5)])], { S1: enrolled(501, 1) });
    expect(scores).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it('reports a gradable score that has nowhere to go, with the reason and no student id', () => {
    const { scores, unmatched } = match(
      [student(13, null, [graded(1, 5)]), student(14, 'S4', [graded(1, 6)]), student(15, 'S5', [graded(1, 4)])],
      { S5: enrolled(505, 7) },
    );
    expect(scores).toEqual([]);
    expect(unmatched).toEqual([
      { canvasAssignmentId: 1, canvasUserId: 13, reason: 'the student has no SIS id: not provisioned from PowerSchool' },
      {
        canvasAssignmentId: 1,
        canvasUserId: 14,
        reason: 'the student is in none of this assignment’s PowerSchool sections (enrolled in Canvas only?)',
      },
      { canvasAssignmentId: 1, canvasUserId: 15, reason: 'the student is in none of this assignment’s PowerSchool sections' },
    ]);
  });

  it('leaves a student of a section that is not sent here to that section’s passback', () => {
    const { scores, unmatched } = match([student(16, 'S6', [graded(2, 3)])], { S6: enrolled(506, 3) });
    expect(scores).toEqual([]);
    expect(unmatched).toEqual([]);
  });

  it('counts a student Canvas lists twice once per section', () => {
    const { scores } = match([student(11, 'S1', [graded(1, 8)]), student(11, 'S1', [graded(1, 9)])], { S1: enrolled(501, 1) });
    expect(scores.map((s) => s.entered)).toEqual(['9']);
  });
});
