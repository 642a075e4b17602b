import { Router, type Request } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, notFound } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { baseUrl, paginate } from '../http/pagination';
import {
  paramBoolean,
  paramGiven,
  paramNumber,
  paramObject,
  paramPresent,
  paramString,
  paramStrings,
  requestParams,
} from '../http/param-readers';
import { isAssignedTo, studentEnrollments } from '../grading/assignment-visibility';
import { applyPostedGrade } from '../grading/posted-grade';
import { findCourse, findUserOrUndefined } from '../model/api-find';
import type { Assignment, Course, LatePolicyStatus, Submission } from '../model/entities';
import { submissionFor, submissionJson } from '../json/submission-json';

const LATE_POLICY_STATUSES: readonly LatePolicyStatus[] = ['late', 'missing', 'extended', 'none'];

/**
 * Submissions of one assignment: list, get, grade (`submission[posted_grade]`,
 * `submission[excuse]`, `submission[late_policy_status]`) and submit on a student's behalf
 * (`as_user_id`, as Canvas's masquerading lets an admin do).
 */
export function submissionsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  const context = (req: Request): { course: Course; assignment: Assignment } => {
    const course = findCourse(store, String(req.params['course_id']));
    const assignment = store.assignments.get(Number(req.params['assignment_id']));
    if (!assignment || assignment.courseId !== course.id || assignment.workflowState === 'deleted') throw notFound();
    return { course, assignment };
  };
  /** A student of the course, by id or `sis_user_id:`; anyone else is a 404, as in Canvas. */
  const student = (course: Course, raw: string): number => {
    const user = findUserOrUndefined(store, raw);
    if (!user || !studentEnrollments(store, course.id).some((e) => e.userId === user.id)) throw notFound();
    return user.id;
  };

  router.get('/api/v1/courses/:course_id/assignments/:assignment_id/submissions', (req, res) => {
    const { course, assignment } = context(req);
    const includes = paramStrings(requestParams(req)['include']);
    const students = [...new Set(studentEnrollments(store, course.id).map((e) => e.userId))].filter((id) =>
      isAssignedTo(store, assignment, id),
    );
    const submissions = students.map((id) => submissionFor(store, assignment, id));
    res.json(paginate(req, res, submissions).map((s) => submissionJson(store, assignment, s, baseUrl(req), includes)));
  });

  router.get('/api/v1/courses/:course_id/assignments/:assignment_id/submissions/:user_id', (req, res) => {
    const { course, assignment } = context(req);
    const userId = student(course, String(req.params['user_id']));
    res.json(
      submissionJson(
        store,
        assignment,
        submissionFor(store, assignment, userId),
        baseUrl(req),
        paramStrings(requestParams(req)['include']),
      ),
    );
  });

  router.put('/api/v1/courses/:course_id/assignments/:assignment_id/submissions/:user_id', (req, res) => {
    const { course, assignment } = context(req);
    const userId = student(course, String(req.params['user_id']));
    if (!isAssignedTo(store, assignment, userId)) throw badRequest('The student is not assigned to this assignment');
    const fields = paramObject(requestParams(req)['submission']) ?? {};
    const submission = submissionFor(store, assignment, userId);
    const now = store.now();
    if (paramGiven(fields['excuse'])) {
      submission.excused = paramBoolean(fields['excuse']);
      if (submission.excused) {
        submission.score = null;
        submission.grade = null;
      }
      markGraded(submission, store.adminUserId, now, submission.excused);
    }
    if (paramGiven(fields['posted_grade'])) {
      const result = applyPostedGrade(assignment, paramString(fields['posted_grade']) ?? '');
      if (!result.ok) throw badRequest(result.message);
      submission.score = result.score;
      submission.grade = result.grade;
      submission.excused = false;
      markGraded(submission, store.adminUserId, now, result.score !== null);
    }
    if (paramGiven(fields['late_policy_status'])) {
      const status = paramPresent(fields['late_policy_status']);
      if (status !== undefined && !LATE_POLICY_STATUSES.includes(status as LatePolicyStatus))
        throw badRequest(`Invalid late_policy_status "${status}"`);
      submission.latePolicyStatus = (status as LatePolicyStatus | undefined) ?? null;
    }
    const secondsLate = paramNumber(fields['seconds_late_override']);
    if (secondsLate !== undefined) {
      submission.secondsLateOverride = secondsLate;
      submission.latePolicyStatus = 'late';
    }
    submission.updatedAt = now;
    res.json(submissionJson(store, assignment, submission, baseUrl(req), paramStrings(requestParams(req)['include'])));
  });

  router.post('/api/v1/courses/:course_id/assignments/:assignment_id/submissions', (req, res) => {
    const { course, assignment } = context(req);
    const params = requestParams(req);
    const asUser = paramPresent(params['as_user_id']);
    if (!asUser) throw badRequest('Only students can submit: send as_user_id=<student> to submit on their behalf');
    const userId = student(course, asUser);
    if (assignment.workflowState !== 'published' || !isAssignedTo(store, assignment, userId))
      throw badRequest('This assignment is not open for this student');
    const fields = paramObject(params['submission']) ?? {};
    const type = paramPresent(fields['submission_type']);
    if (!type || !assignment.submissionTypes.includes(type)) throw badRequest(`Invalid submission_type "${type ?? ''}"`);
    const submission = submissionFor(store, assignment, userId);
    const now = store.now();
    submission.submissionType = type;
    submission.body = paramString(fields['body']) ?? paramString(fields['url']) ?? null;
    // Graders may back-date a submission (`submission[submitted_at]`), which is how late work is seeded.
    const submittedAt = paramPresent(fields['submitted_at']);
    submission.submittedAt = submittedAt ? (parseApiTime(submittedAt) ?? now) : now;
    submission.attempt = (submission.attempt ?? 0) + 1;
    if (submission.workflowState !== 'graded') submission.workflowState = 'submitted';
    submission.updatedAt = now;
    res.status(201).json(submissionJson(store, assignment, submission, baseUrl(req)));
  });

  return router;
}

function markGraded(submission: Submission, graderId: number, now: Date, graded: boolean): void {
  if (graded) {
    submission.workflowState = 'graded';
    submission.gradedAt = now;
    submission.graderId = graderId;
    // Canvas's default post policy posts grades as they are entered.
    submission.postedAt = now;
  } else {
    submission.workflowState = submission.submittedAt ? 'submitted' : 'unsubmitted';
    submission.gradedAt = null;
    submission.postedAt = null;
  }
}
