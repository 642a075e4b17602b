import { Router, type Request, type Response } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, CanvasApiError } from '../http/canvas-errors';
import { parseStrictIso8601 } from '../http/canvas-time';
import { baseUrl, MAX_PER_PAGE, paginate } from '../http/pagination';
import { paramBoolean, paramGiven, paramPresent, paramStrings, requestParams } from '../http/param-readers';
import { isAssignedTo, studentEnrollments } from '../grading/assignment-visibility';
import { findCourse, findSection, findUserOrUndefined } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, Course, Enrollment, Submission } from '../model/entities';
import { submissionFor, submissionJson } from '../json/submission-json';

/**
 * `GET /api/v1/courses/:id/students/submissions` and the section variant (canvas.md §4.1): many
 * students' submissions at once, as a passback tool reads a gradebook.
 */
export function studentSubmissionsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/courses/:course_id/students/submissions', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    listSubmissions(store, req, res, course, studentEnrollments(store, course.id));
  });

  router.get('/api/v1/sections/:section_id/students/submissions', (req, res) => {
    const section = findSection(store, String(req.params['section_id']));
    const course = findCourse(store, String(section.courseId));
    listSubmissions(
      store,
      req,
      res,
      course,
      studentEnrollments(store, course.id).filter((e) => e.sectionId === section.id),
    );
  });

  return router;
}

function listSubmissions(store: CanvasStore, req: Request, res: Response, course: Course, enrollments: Enrollment[]): void {
  const params = requestParams(req);
  const studentIds = paramStrings(params['student_ids']);
  if (studentIds.filter((id) => id !== 'all').length > MAX_PER_PAGE) throw badRequest('too many students');
  const since = (name: 'submitted_since' | 'graded_since'): Date | undefined => {
    const raw = paramPresent(params[name]);
    if (raw === undefined) return undefined;
    const time = parseStrictIso8601(raw);
    if (!time) throw badRequest(`Invalid datetime for ${name}`);
    return time;
  };
  const submittedSince = since('submitted_since');
  const gradedSince = since('graded_since');
  const postToSis = paramBoolean(params['post_to_sis']);

  // Only published assignments are in scope; asking for any other id is a 403.
  let assignments = [...store.assignments.values()]
    .filter((a) => a.courseId === course.id && a.workflowState === 'published')
    .sort((a, b) => a.id - b.id);
  const requested = paramStrings(params['assignment_ids']);
  if (requested.length > 0) {
    const known = new Set(assignments.map((a) => String(a.id)));
    if (requested.some((id) => !known.has(id)))
      throw new CanvasApiError(403, { errors: [{ message: 'invalid assignment ids requested' }] });
    assignments = assignments.filter((a) => requested.includes(String(a.id)));
  }
  if (postToSis) assignments = assignments.filter((a) => a.postToSis);

  const enrollmentState = paramPresent(params['enrollment_state']);
  let roster = enrollments;
  if (enrollmentState === 'active') roster = roster.filter((e) => e.workflowState === 'active' || e.workflowState === 'invited');
  if (enrollmentState === 'concluded') roster = roster.filter((e) => e.workflowState === 'completed');
  // With post_to_sis only students enrolled by a SIS import count.
  if (postToSis) roster = roster.filter((e) => e.sisBatchId !== null);
  if (studentIds.length === 0) roster = [];
  else if (!studentIds.includes('all')) {
    const wanted = new Set(studentIds.map((id) => findUserOrUndefined(store, id)?.id).filter((id): id is number => id !== undefined));
    roster = roster.filter((e) => wanted.has(e.userId));
  }
  const students = firstEnrollmentPerStudent(store, roster);

  const workflowState = paramPresent(params['workflow_state']);
  const includes = paramStrings(params['include']);
  const submissionsOf = (userId: number): Array<{ assignment: Assignment; submission: Submission }> =>
    assignments
      .filter((a) => isAssignedTo(store, a, userId))
      .map((assignment) => ({ assignment, submission: submissionFor(store, assignment, userId) }))
      .filter(({ submission }) => !submittedSince || (submission.submittedAt !== null && submission.submittedAt > submittedSince))
      .filter(({ submission }) => !gradedSince || (submission.gradedAt !== null && submission.gradedAt > gradedSince))
      .filter(({ submission }) => !workflowState || submission.workflowState === workflowState);
  const json = (pair: { assignment: Assignment; submission: Submission }) =>
    submissionJson(store, pair.assignment, pair.submission, baseUrl(req), includes);

  if (paramGiven(params['grouped'])) {
    // Grouped: one entry per student, paginated over students.
    const page = paginate(req, res, students);
    res.json(
      page.map((enrollment) => {
        const login = store.primaryLogin(enrollment.userId);
        const pairs = submissionsOf(enrollment.userId);
        const entry: Record<string, unknown> = {
          user_id: enrollment.userId,
          section_id: enrollment.sectionId,
          integration_id: login?.integrationId ?? null,
          sis_user_id: login?.sisUserId ?? null,
          submissions: pairs.map(json),
        };
        if (includes.includes('total_scores')) Object.assign(entry, totalScores(pairs));
        return entry;
      }),
    );
    return;
  }
  let pairs = students.flatMap((e) => submissionsOf(e.userId));
  if (paramPresent(params['order']) === 'graded_at')
    pairs = pairs.sort((a, b) => (a.submission.gradedAt?.getTime() ?? 0) - (b.submission.gradedAt?.getTime() ?? 0));
  else pairs = pairs.sort((a, b) => a.submission.id - b.submission.id);
  if (paramPresent(params['order_direction']) === 'descending') pairs.reverse();
  res.json(paginate(req, res, pairs).map(json));
}

function firstEnrollmentPerStudent(store: CanvasStore, enrollments: Enrollment[]): Enrollment[] {
  const seen = new Set<number>();
  const first: Enrollment[] = [];
  for (const enrollment of enrollments) {
    if (seen.has(enrollment.userId)) continue;
    seen.add(enrollment.userId);
    first.push(enrollment);
  }
  const name = (e: Enrollment) => store.users.get(e.userId)?.sortableName ?? '';
  return first.sort((a, b) => name(a).localeCompare(name(b)) || a.userId - b.userId);
}

/** `include[]=total_scores`: the share of points earned, over graded (current) and all (final) work. */
function totalScores(pairs: Array<{ assignment: Assignment; submission: Submission }>): Record<string, number | null> {
  const counted = pairs.filter(({ assignment, submission }) => !assignment.omitFromFinalGrade && !submission.excused);
  const earned = counted.reduce((sum, { submission }) => sum + (submission.score ?? 0), 0);
  const gradedPoints = counted
    .filter(({ submission }) => submission.score !== null)
    .reduce((sum, { assignment }) => sum + (assignment.pointsPossible ?? 0), 0);
  const allPoints = counted.reduce((sum, { assignment }) => sum + (assignment.pointsPossible ?? 0), 0);
  const percent = (points: number) => (points > 0 ? Math.round((earned / points) * 10000) / 100 : null);
  return {
    computed_current_score: percent(gradedPoints),
    computed_final_score: percent(allPoints),
    unposted_current_score: percent(gradedPoints),
    unposted_final_score: percent(allPoints),
  };
}
