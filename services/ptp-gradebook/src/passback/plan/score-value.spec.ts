import type { CanvasSubmission } from '@sisbridge/canvas-client';
import type { PtpScoreSettings } from '@sisbridge/district-config';
import { extraPointsFor, sameScore, scoreText, scoreValue } from './score-value';

const defaults: PtpScoreSettings = {
  excused: 'exempt',
  missing: 'flag',
  late: 'flag',
  aboveMaximum: 'extra-points',
  batchSize: 200,
  writeQuery: {},
};
const submission = (extra: Partial<CanvasSubmission>): CanvasSubmission => ({
  assignment_id: 1,
  user_id: 2,
  score: null,
  excused: false,
  late: false,
  missing: false,
  workflow_state: 'graded',
  ...extra,
});

describe('a Canvas grade as a PowerTeacher Pro score', () => {
  it('sends a score as the text PTP keeps, late flagged', () => {
    expect(scoreValue(submission({ score: 8.5 }), 10, defaults)).toEqual({
      entered: '8.5',
      isExempt: false,
      isLate: false,
      isMissing: false,
    });
    expect(scoreValue(submission({ score: 7, late: true }), 10, defaults)).toEqual({
      entered: '7',
      isExempt: false,
      isLate: true,
      isMissing: false,
    });
    expect(scoreValue(submission({ score: 7, late: true }), 10, { ...defaults, late: 'ignore' })?.isLate).toBe(false);
  });

  it('[U] sends excused as exempt with no score, or with 0 where the district says PTP wants one', () => {
    expect(scoreValue(submission({ excused: true }), 10, defaults)).toEqual({
      entered: null,
      isExempt: true,
      isLate: false,
      isMissing: false,
    });
    expect(scoreValue(submission({ excused: true }), 10, { ...defaults, excused: 'exempt-with-zero' })).toEqual({
      entered: '0',
      isExempt: true,
      isLate: false,
      isMissing: false,
    });
  });

  it('flags missing with the score when graded and none otherwise; sends nothing for ungraded work', () => {
    expect(scoreValue(submission({ missing: true, workflow_state: 'unsubmitted' }), 10, defaults)).toEqual({
      entered: null,
      isExempt: false,
      isLate: false,
      isMissing: true,
    });
    expect(scoreValue(submission({ late_policy_status: 'missing', score: 0 }), 10, defaults)).toEqual({
      entered: '0',
      isExempt: false,
      isLate: false,
      isMissing: true,
    });
    expect(
      scoreValue(submission({ missing: true, workflow_state: 'unsubmitted' }), 10, { ...defaults, missing: 'ignore' }),
    ).toBeUndefined();
    expect(scoreValue(submission({ workflow_state: 'submitted' }), 10, defaults)).toBeUndefined();
  });

  it('keeps extra credit (the assignment gets extra points) or clamps it, as the district chooses', () => {
    expect(scoreValue(submission({ score: 12 }), 10, defaults)?.entered).toBe('12');
    expect(scoreValue(submission({ score: 12 }), 10, { ...defaults, aboveMaximum: 'clamp' })?.entered).toBe('10');
    expect(extraPointsFor(10, 12.333, 9999)).toBe(2.34);
    expect(extraPointsFor(10, 9, 9999)).toBe(0);
    expect(extraPointsFor(9990, 10_050, 9999)).toBe(9);
  });

  it('compares scores as PTP does: "8.50" is 8.5', () => {
    expect(scoreText(1 / 3)).toBe('0.3333');
    expect(scoreText(-0)).toBe('0');
    expect(
      sameScore(
        { entered: '8.50', isExempt: false, isLate: false, isMissing: false },
        { entered: '8.5', isExempt: false, isLate: false, isMissing: false },
      ),
    ).toBe(true);
    expect(
      sameScore(
        { entered: null, isExempt: true, isLate: false, isMissing: false },
        { entered: '', isExempt: true, isLate: false, isMissing: false },
      ),
    ).toBe(true);
    expect(
      sameScore(
        { entered: '8', isExempt: false, isLate: false, isMissing: false },
        { entered: '8', isExempt: false, isLate: true, isMissing: false },
      ),
    ).toBe(false);
  });
});
