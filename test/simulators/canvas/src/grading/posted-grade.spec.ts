import type { Assignment } from '../model/entities';
import { applyPostedGrade } from './posted-grade';

const assignment = (gradingType: Assignment['gradingType'], pointsPossible = 40): Assignment =>
  ({ gradingType, pointsPossible }) as Assignment;

describe('posted_grade', () => {
  it('takes points, percentages, pass/fail and letters, and shows the grade in the grading type', () => {
    expect(applyPostedGrade(assignment('points'), '34')).toEqual({ ok: true, score: 34, grade: '34' });
    expect(applyPostedGrade(assignment('points'), '85%')).toEqual({ ok: true, score: 34, grade: '34' });
    expect(applyPostedGrade(assignment('percent'), '30')).toEqual({ ok: true, score: 30, grade: '75%' });
    expect(applyPostedGrade(assignment('pass_fail'), 'complete')).toEqual({ ok: true, score: 40, grade: 'complete' });
    expect(applyPostedGrade(assignment('pass_fail'), 'fail')).toEqual({ ok: true, score: 0, grade: 'incomplete' });
    expect(applyPostedGrade(assignment('letter_grade', 100), 'A')).toEqual({ ok: true, score: 100, grade: 'A' });
    expect(applyPostedGrade(assignment('letter_grade', 100), 'B')).toEqual({ ok: true, score: 86.99, grade: 'B' });
  });

  it('removes the grade on an empty string and refuses nonsense', () => {
    expect(applyPostedGrade(assignment('points'), '')).toEqual({ ok: true, score: null, grade: null });
    expect(applyPostedGrade(assignment('points'), 'lots')).toEqual({ ok: false, message: 'Invalid grade "lots" for a points assignment' });
  });
});
