import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, validationFailed } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { paginate } from '../http/pagination';
import { paramBoolean, paramGiven, paramObject, paramPresent, paramString, paramStrings, requestParams } from '../http/param-readers';
import type { ParamObject } from '../http/rails-params';
import { findAccount, findCourse, findTerm } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Course } from '../model/entities';
import { accountTree } from '../model/account-tree';
import { courseJson } from '../json/course-json';

/** Courses API: list per account (sub-accounts included), get, create, update and delete. */
export function coursesRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/accounts/:account_id/courses', (req, res) => {
    const account = findAccount(store, String(req.params['account_id']));
    const params = requestParams(req);
    const inTree = accountTree(store, account);
    const states = paramStrings(params['state']);
    const termParam = paramPresent(params['enrollment_term_id']);
    const termId = termParam ? findTerm(store, termParam).id : undefined;
    const search = paramPresent(params['search_term'])?.toLowerCase();
    let courses = [...store.courses.values()].filter((c) => inTree.has(c.accountId));
    courses = courses.filter((c) =>
      states.length === 0 ? c.workflowState !== 'deleted' : states.includes('all') || states.includes(c.workflowState),
    );
    if (termId !== undefined) courses = courses.filter((c) => c.termId === termId);
    if (paramGiven(params['published']))
      courses = courses.filter((c) => (c.workflowState === 'available') === paramBoolean(params['published']));
    if (paramGiven(params['completed']))
      courses = courses.filter((c) => (c.workflowState === 'completed') === paramBoolean(params['completed']));
    if (search)
      courses = courses.filter(
        (c) =>
          c.name.toLowerCase().includes(search) ||
          c.courseCode.toLowerCase().includes(search) ||
          (c.sisCourseId ?? '').toLowerCase().includes(search),
      );
    const includes = paramStrings(params['include']);
    res.json(
      paginate(
        req,
        res,
        courses.sort((a, b) => a.id - b.id),
      ).map((c) => courseJson(store, c, includes)),
    );
  });

  // The token's user is an admin with no enrollments of its own.
  router.get('/api/v1/courses', (req, res) => {
    res.json(paginate(req, res, []));
  });

  router.get(['/api/v1/courses/:course_id', '/api/v1/accounts/:account_id/courses/:course_id'], (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    res.json(courseJson(store, course, paramStrings(requestParams(req)['include'])));
  });

  router.post('/api/v1/accounts/:account_id/courses', (req, res) => {
    const account = findAccount(store, String(req.params['account_id']));
    const params = requestParams(req);
    const fields = paramObject(params['course']) ?? {};
    const sisCourseId = paramPresent(fields['sis_course_id']) ?? null;
    if (sisCourseId && store.courseBySisId(sisCourseId)) {
      throw validationFailed([{ attribute: 'sis_source_id', type: 'taken', message: `SIS ID "${sisCourseId}" is already in use` }]);
    }
    const now = store.now();
    const name = paramPresent(fields['name']) ?? 'Unnamed Course';
    const course: Course = {
      id: store.nextId(),
      accountId: account.id,
      rootAccountId: store.rootAccountId,
      termId: store.defaultTermId,
      sisCourseId,
      integrationId: paramPresent(fields['integration_id']) ?? null,
      name,
      courseCode: paramPresent(fields['course_code']) ?? name,
      workflowState: paramBoolean(params['offer']) ? 'available' : 'claimed',
      startAt: null,
      endAt: null,
      restrictEnrollmentsToCourseDates: false,
      courseFormat: null,
      gradePassbackSetting: null,
      blueprintCourseSisId: null,
      homeroomCourse: false,
      friendlyName: null,
      sisBatchId: null,
      stuckFields: new Set(),
      createdAt: now,
      uuid: randomUUID(),
    };
    applyCourseFields(store, course, fields, false);
    store.addCourse(course);
    res.json(courseJson(store, course));
  });

  router.put('/api/v1/courses/:course_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const params = requestParams(req);
    const fields = paramObject(params['course']) ?? {};
    applyCourseFields(store, course, fields, true);
    const event = paramPresent(fields['event']) ?? paramPresent(params['event']);
    if (event) applyEvent(course, event);
    if (paramBoolean(params['offer'])) applyEvent(course, 'offer');
    res.json(courseJson(store, course));
  });

  router.delete('/api/v1/courses/:course_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const event = paramPresent(requestParams(req)['event']) ?? 'delete';
    if (event !== 'delete' && event !== 'conclude') throw badRequest('Only "delete" and "conclude" events are allowed.');
    course.workflowState = event === 'delete' ? 'deleted' : 'completed';
    course.stuckFields.add('workflow_state');
    res.json({ [event]: true });
  });

  return router;
}

/** API edits of SIS-managed fields make them sticky, so later imports leave them alone (canvas.md §1.9). */
function applyCourseFields(store: CanvasStore, course: Course, fields: ParamObject, markSticky: boolean): void {
  const sticky = (field: string) => {
    if (markSticky) course.stuckFields.add(field);
  };
  const name = paramPresent(fields['name']);
  if (name) {
    course.name = name;
    sticky('name');
  }
  const code = paramPresent(fields['course_code']);
  if (code) {
    course.courseCode = code;
    sticky('course_code');
  }
  for (const [field, key] of [
    ['start_at', 'startAt'],
    ['end_at', 'endAt'],
  ] as const) {
    const raw = paramString(fields[field]);
    if (raw === undefined) continue;
    course[key] = raw.trim() === '' ? null : (parseApiTime(raw) ?? course[key]);
    sticky(field === 'end_at' ? 'conclude_at' : field);
  }
  const termRaw = paramPresent(fields['term_id']) ?? paramPresent(fields['enrollment_term_id']);
  if (termRaw) {
    course.termId = findTerm(store, termRaw).id;
    sticky('enrollment_term_id');
  }
  const passback = paramString(fields['grade_passback_setting']);
  if (passback !== undefined) {
    if (passback !== '' && passback !== 'nightly_sync' && passback !== 'not_set') {
      throw validationFailed([{ attribute: 'grade_passback_setting', type: 'invalid', message: 'Invalid grade_passback_setting' }]);
    }
    course.gradePassbackSetting = passback === '' || passback === 'not_set' ? null : passback;
    sticky('grade_passback_setting');
  }
  const sisId = paramPresent(fields['sis_course_id']);
  if (sisId && markSticky && sisId !== course.sisCourseId) {
    store.reindexSisId('course', course.sisCourseId, sisId, course.id);
    course.sisCourseId = sisId;
  }
}

/** `course[event]`: offer (publish), claim (unpublish), conclude, delete, undelete. */
function applyEvent(course: Course, event: string): void {
  const next: Record<string, Course['workflowState']> = {
    offer: 'available',
    claim: 'claimed',
    conclude: 'completed',
    delete: 'deleted',
    undelete: 'claimed',
  };
  const state = next[event];
  if (!state) throw badRequest(`Unknown course event "${event}"`);
  course.workflowState = state;
  course.stuckFields.add('workflow_state');
}
