import { Router, type Request } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { CanvasApiError } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { paginate } from '../http/pagination';
import { paramPresent, paramStrings, requestParams } from '../http/param-readers';
import { findAccount, findCourse } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Course } from '../model/entities';
import { sisAssignmentJson } from '../json/sis-assignment-json';
import { accountTree } from '../model/account-tree';

/**
 * The SIS Integration API (canvas.md §3), under `/api/sis/`: published post_to_sis assignments of
 * published courses, and switching post_to_sis off for a course.
 */
export function sisIntegrationRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  const requireGradeExport = () => {
    if (!runtime.postGradesEnabled) {
      throw new CanvasApiError(400, {
        code: 'not_enabled',
        error: 'A SIS integration is not configured and the bulk SIS Grade Export feature is not enabled',
      });
    }
  };
  const includeStudentOverrides = (req: Request) => paramStrings(requestParams(req)['include']).includes('student_overrides');

  router.get('/api/sis/courses/:course_id/assignments', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    requireGradeExport();
    if (course.workflowState !== 'available')
      throw new CanvasApiError(400, { code: 'unpublished_course', error: 'Grade data is not available for non-published courses' });
    const list = postToSisAssignments(store, [course]);
    res.json(paginate(req, res, list).map((a) => sisAssignmentJson(store, a, includeStudentOverrides(req))));
  });

  router.get('/api/sis/accounts/:account_id/assignments', (req, res) => {
    const account = findAccount(store, String(req.params['account_id']));
    requireGradeExport();
    const params = requestParams(req);
    const startsBefore = parseApiTime(paramPresent(params['starts_before']) ?? '');
    const endsAfter = parseApiTime(paramPresent(params['ends_after']) ?? '');
    const tree = accountTree(store, account);
    const courses = [...store.courses.values()]
      .filter((c) => tree.has(c.accountId) && c.workflowState === 'available')
      .filter((c) => {
        const term = store.terms.get(c.termId);
        const start = c.startAt ?? term?.startAt ?? null;
        const end = c.endAt ?? term?.endAt ?? null;
        return (!startsBefore || start === null || start < startsBefore) && (!endsAfter || end === null || end > endsAfter);
      });
    const list = postToSisAssignments(store, courses);
    res.json(paginate(req, res, list).map((a) => sisAssignmentJson(store, a, includeStudentOverrides(req))));
  });

  router.put('/api/sis/courses/:course_id/disable_post_to_sis', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    // There are no grading periods here, so any grading_period_id is unknown.
    if (paramPresent(requestParams(req)['grading_period_id']))
      throw new CanvasApiError(400, { code: 'not_found', error: 'The Grading Period cannot be found' });
    for (const assignment of store.assignments.values()) {
      if (assignment.courseId === course.id && assignment.workflowState === 'published' && assignment.postToSis) {
        assignment.postToSis = false;
        assignment.updatedAt = store.now();
      }
    }
    res.status(204).end();
  });

  return router;
}

/** Published, post_to_sis assignments of these courses, ordered by (course, id). */
function postToSisAssignments(store: CanvasStore, courses: Course[]) {
  const ids = new Set(courses.map((c) => c.id));
  return [...store.assignments.values()]
    .filter((a) => ids.has(a.courseId) && a.workflowState === 'published' && a.postToSis)
    .sort((a, b) => a.courseId - b.courseId || a.id - b.id);
}
