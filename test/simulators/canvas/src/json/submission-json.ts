import { canvasTime } from '../http/canvas-time';
import { dueAtFor } from '../grading/assignment-visibility';
import { submissionStatus } from '../grading/submission-status';
import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, Submission } from '../model/entities';
import { assignmentJson } from './assignment-json';
import { userDisplayJson } from './user-json';

/**
 * The Submission object (canvas.md §4.2). A student who never submitted and was never graded has
 * a placeholder submission (`unsubmitted`), as in Canvas; its id is assigned the first time it is
 * shown, so the same placeholder keeps the same id.
 */
export function submissionJson(
  store: CanvasStore,
  assignment: Assignment,
  submission: Submission,
  baseUrl: string,
  includes: readonly string[] = [],
): Record<string, unknown> {
  const dueAt = dueAtFor(store, assignment, submission.userId);
  const status = submissionStatus(assignment, submission, dueAt, store.now());
  const json: Record<string, unknown> = {
    id: submission.id,
    assignment_id: assignment.id,
    user_id: submission.userId,
    attempt: submission.attempt,
    body: submission.body,
    grade: submission.excused ? null : submission.grade,
    score: submission.excused ? null : submission.score,
    entered_grade: submission.excused ? null : submission.grade,
    entered_score: submission.excused ? null : submission.score,
    grade_matches_current_submission: true,
    submission_type: submission.submissionType,
    submitted_at: canvasTime(submission.submittedAt),
    graded_at: canvasTime(submission.gradedAt),
    grader_id: submission.graderId,
    posted_at: canvasTime(submission.postedAt),
    workflow_state: submission.workflowState,
    excused: submission.excused,
    late: status.late,
    missing: status.missing,
    late_policy_status: submission.latePolicyStatus,
    points_deducted: status.late ? 0 : null,
    seconds_late: status.secondsLate,
    cached_due_date: canvasTime(dueAt),
    extra_attempts: null,
    redo_request: false,
    assignment_visible: true,
    grading_period_id: null,
    preview_url: `${baseUrl}/courses/${assignment.courseId}/assignments/${assignment.id}/submissions/${submission.userId}?preview=1`,
    url: null,
  };
  if (includes.includes('assignment')) json['assignment'] = assignmentJson(store, assignment, baseUrl);
  if (includes.includes('user')) {
    const user = store.users.get(submission.userId);
    if (user) json['user'] = userDisplayJson(store, user);
  }
  return json;
}

/** The student's submission, or the placeholder Canvas keeps for students who have none yet. */
export function submissionFor(store: CanvasStore, assignment: Assignment, userId: number): Submission {
  const existing = store.findSubmission(assignment.id, userId);
  if (existing) return existing;
  const now = store.now();
  const placeholder: Submission = {
    id: store.nextId(),
    assignmentId: assignment.id,
    userId,
    score: null,
    grade: null,
    excused: false,
    latePolicyStatus: null,
    secondsLateOverride: null,
    submittedAt: null,
    gradedAt: null,
    graderId: null,
    postedAt: null,
    submissionType: null,
    body: null,
    attempt: null,
    workflowState: 'unsubmitted',
    createdAt: now,
    updatedAt: now,
  };
  store.addSubmission(placeholder);
  return placeholder;
}
