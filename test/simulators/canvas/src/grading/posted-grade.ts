import type { Assignment } from '../model/entities';

/** Canvas's default grading scheme: the lower bound of each letter, as a share of the points. */
const DEFAULT_GRADING_SCHEME: ReadonlyArray<readonly [string, number]> = [
  ['A', 0.94],
  ['A-', 0.9],
  ['B+', 0.87],
  ['B', 0.84],
  ['B-', 0.8],
  ['C+', 0.77],
  ['C', 0.74],
  ['C-', 0.7],
  ['D+', 0.67],
  ['D', 0.64],
  ['D-', 0.61],
  ['F', 0],
];

export type GradeResult = { ok: true; score: number | null; grade: string | null } | { ok: false; message: string };

/**
 * `submission[posted_grade]` (canvas.md §4.2): points, a percentage ("40%"), a letter grade, or
 * pass/complete/fail/incomplete. The score is in points; the grade is what Canvas shows for the
 * assignment's grading type. An empty string removes the grade.
 */
export function applyPostedGrade(assignment: Assignment, posted: string): GradeResult {
  const text = posted.trim();
  if (text === '') return { ok: true, score: null, grade: null };
  const points = assignment.pointsPossible ?? 0;
  let score: number | undefined;
  const lower = text.toLowerCase();
  if (/^-?\d+(\.\d+)?%$/.test(text)) score = (Number(text.slice(0, -1)) / 100) * points;
  else if (/^-?\d+(\.\d+)?$/.test(text)) score = Number(text);
  else if (lower === 'pass' || lower === 'complete') score = points;
  else if (lower === 'fail' || lower === 'incomplete') score = 0;
  else {
    const letter = DEFAULT_GRADING_SCHEME.findIndex(([name]) => name.toLowerCase() === lower);
    if (letter >= 0) {
      // A letter means the top of its range, as the Canvas gradebook enters it.
      const upper = letter === 0 ? 1 : (DEFAULT_GRADING_SCHEME[letter - 1] as readonly [string, number])[1] - 0.0001;
      score = Math.round(upper * points * 100) / 100;
    }
  }
  if (score === undefined) return { ok: false, message: `Invalid grade "${posted}" for a ${assignment.gradingType} assignment` };
  return { ok: true, score, grade: gradeFor(assignment, score) };
}

/** The grade string for a score, in the assignment's grading type. */
export function gradeFor(assignment: Assignment, score: number): string {
  const points = assignment.pointsPossible ?? 0;
  const share = points > 0 ? score / points : 0;
  switch (assignment.gradingType) {
    case 'percent':
      return `${round(share * 100)}%`;
    case 'pass_fail':
      return score > 0 || points === 0 ? 'complete' : 'incomplete';
    case 'letter_grade':
    case 'gpa_scale':
      return (DEFAULT_GRADING_SCHEME.find(([, bound]) => share >= bound) ?? ['F', 0])[0];
    default:
      return String(round(score));
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
