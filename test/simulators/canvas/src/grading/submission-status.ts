import type { Assignment, Submission } from '../model/entities';

/** Submission types that expect the student to hand something in (so it can be missing or late). */
const NO_SUBMISSION_TYPES = new Set(['none', 'on_paper', 'not_graded', 'external_tool', 'wiki_page']);

export interface SubmissionStatus {
  late: boolean;
  missing: boolean;
  secondsLate: number;
}

/**
 * `late` and `missing` as Canvas derives them (canvas.md §4.2): a teacher's `late_policy_status`
 * decides when set; otherwise a submission is late when it came in after the student's due date,
 * and missing when nothing came in, the due date has passed and the assignment expects a
 * submission. Excused work is neither.
 */
export function submissionStatus(
  assignment: Assignment,
  submission: Submission | undefined,
  dueAt: Date | null,
  now: Date,
): SubmissionStatus {
  if (!submission || !submission.latePolicyStatus) {
    if (submission?.excused) return { late: false, missing: false, secondsLate: 0 };
    const submittedAt = submission?.submittedAt ?? null;
    const expects = assignment.submissionTypes.some((t) => !NO_SUBMISSION_TYPES.has(t));
    if (submittedAt && dueAt && submittedAt > dueAt) {
      return { late: true, missing: false, secondsLate: Math.round((submittedAt.getTime() - dueAt.getTime()) / 1000) };
    }
    const missing = !submittedAt && expects && dueAt !== null && dueAt < now && (submission?.score ?? null) === null;
    return { late: false, missing, secondsLate: 0 };
  }
  if (submission.excused) return { late: false, missing: false, secondsLate: 0 };
  switch (submission.latePolicyStatus) {
    case 'late':
      return { late: true, missing: false, secondsLate: submission.secondsLateOverride ?? lateBy(submission, dueAt) };
    case 'missing':
      return { late: false, missing: true, secondsLate: 0 };
    default:
      return { late: false, missing: false, secondsLate: 0 };
  }
}

function lateBy(submission: Submission, dueAt: Date | null): number {
  if (!submission.submittedAt || !dueAt) return 0;
  return Math.max(0, Math.round((submission.submittedAt.getTime() - dueAt.getTime()) / 1000));
}
