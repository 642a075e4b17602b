import type { CanvasSubmission } from '@sisbridge/canvas-client';
import type { PtpScoreSettings } from '@sisbridge/district-config';

/** A score as sisbridge sends it and the ledger remembers it: the entry and the flags it manages, in PTP's words. */
export interface ScoreValue {
  /** Points as entered (text), or null for no score. */
  entered: string | null;
  isExempt: boolean;
  isLate: boolean;
  isMissing: boolean;
}

/**
 * What a Canvas submission becomes in PowerTeacher Pro (the choices are the README's):
 * - excused → exempt, with no score (or 0 where the district says PTP wants one);
 * - missing → ismissing, with the score when graded and none otherwise;
 * - late → islate with the score;
 * - not graded and not missing → nothing is sent (undefined);
 * - above points possible → sent as it is (the assignment's extra points are raised to fit) or
 *   clamped to points possible.
 * Canvas's drop-lowest rules are not passed on: PTP's own calculation decides.
 */
export function scoreValue(submission: CanvasSubmission, pointsPossible: number, settings: PtpScoreSettings): ScoreValue | undefined {
  if (submission.excused)
    return { entered: settings.excused === 'exempt-with-zero' ? '0' : null, isExempt: true, isLate: false, isMissing: false };
  const missing = settings.missing === 'flag' && (submission.missing || submission.late_policy_status === 'missing');
  const late = settings.late === 'flag' && !missing && (submission.late || submission.late_policy_status === 'late');
  const score = typeof submission.score === 'number' && Number.isFinite(submission.score) ? submission.score : null;
  if (score === null) return missing ? { entered: null, isExempt: false, isLate: false, isMissing: true } : undefined;
  const sent = settings.aboveMaximum === 'clamp' ? Math.min(score, pointsPossible) : score;
  return { entered: scoreText(sent), isExempt: false, isLate: late, isMissing: missing };
}

/** Points as PTP keeps them typed in: no exponent, at most four decimals, no trailing zeros. */
export function scoreText(points: number): string {
  const rounded = Math.round(points * 10_000) / 10_000;
  return Object.is(rounded, -0) ? '0' : rounded.toFixed(4).replace(/\.?0+$/, '');
}

/**
 * The extra points an assignment needs so every score fits under PTP's Max Entry (points + extra
 * points), within PTP's ceiling of 9,999 in all; 0 when none is above the points possible.
 */
export function extraPointsFor(points: number, highestScore: number | undefined, ceiling: number): number {
  if (highestScore === undefined || highestScore <= points) return 0;
  const needed = Math.ceil((highestScore - points) * 100) / 100;
  return Math.max(0, Math.min(needed, ceiling - points));
}

/** Whether two values are the same score in PTP (an entry of "8.50" is the score 8.5). */
export function sameScore(a: ScoreValue, b: ScoreValue): boolean {
  return a.isExempt === b.isExempt && a.isLate === b.isLate && a.isMissing === b.isMissing && sameEntry(a.entered, b.entered);
}

function sameEntry(a: string | null, b: string | null): boolean {
  const blank = (value: string | null) => value === null || value.trim() === '';
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? Math.abs(x - y) < 1e-9 : (a as string).trim() === (b as string).trim();
}
