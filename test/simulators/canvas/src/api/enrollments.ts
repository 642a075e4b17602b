import { Router, type Request } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, notFound } from '../http/canvas-errors';
import { baseUrl, paginate } from '../http/pagination';
import { paramBoolean, paramObject, paramPresent, paramStrings, requestParams } from '../http/param-readers';
import { findAccount, findCourse, findSection, findUser } from '../model/api-find';
import { BUILT_IN_ROLES, roleIdFor, type CanvasStore } from '../model/canvas-store';
import { ENROLLMENT_TYPES, type Course, type Enrollment, type EnrollmentType, type Section } from '../model/entities';
import { enrollmentJson } from '../json/enrollment-json';
import { defaultSection } from '../model/default-section';

/** Enrollments API: by course, by section, by user; enrolling, concluding, deleting, reactivating. */
export function enrollmentsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  const list = (req: Request, scope: (e: Enrollment) => boolean) =>
    filterEnrollments(store, req, [...store.enrollments.values()].filter(scope));

  router.get('/api/v1/courses/:course_id/enrollments', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    res.json(
      paginate(
        req,
        res,
        list(req, (e) => e.courseId === course.id),
      ).map((e) => enrollmentJson(store, e, baseUrl(req))),
    );
  });

  router.get('/api/v1/sections/:section_id/enrollments', (req, res) => {
    const section = findSection(store, String(req.params['section_id']));
    res.json(
      paginate(
        req,
        res,
        list(req, (e) => e.sectionId === section.id),
      ).map((e) => enrollmentJson(store, e, baseUrl(req))),
    );
  });

  router.get('/api/v1/users/:user_id/enrollments', (req, res) => {
    const user = findUser(store, String(req.params['user_id']));
    res.json(
      paginate(
        req,
        res,
        list(req, (e) => e.userId === user.id),
      ).map((e) => enrollmentJson(store, e, baseUrl(req))),
    );
  });

  router.get('/api/v1/accounts/:account_id/enrollments/:id', (req, res) => {
    findAccount(store, String(req.params['account_id']));
    const enrollment = store.enrollments.get(Number(req.params['id']));
    if (!enrollment) throw notFound();
    res.json(enrollmentJson(store, enrollment, baseUrl(req)));
  });

  const enroll = (req: Request, course: Course, section: Section | undefined) => {
    const fields = paramObject(requestParams(req)['enrollment']) ?? {};
    const userRaw = paramPresent(fields['user_id']);
    if (!userRaw) throw badRequest("Can't create an enrollment without a user. Include enrollment[user_id] to create an enrollment");
    const user = findUser(store, userRaw);
    const type = (paramPresent(fields['type']) ?? 'StudentEnrollment') as EnrollmentType;
    if (!ENROLLMENT_TYPES.includes(type)) throw badRequest(`Invalid type`);
    const sectionRaw = paramPresent(fields['course_section_id']);
    const target = section ?? (sectionRaw ? findSection(store, sectionRaw) : defaultSection(store, course));
    if (target.courseId !== course.id) throw badRequest('The specified section does not belong to this course');
    const state = paramPresent(fields['enrollment_state']) === 'active' ? 'active' : 'invited';
    const now = store.now();
    let enrollment = store.findEnrollment({ sectionId: target.id, userId: user.id, type, associatedUserId: null });
    if (!enrollment) {
      enrollment = {
        id: store.nextId(),
        userId: user.id,
        courseId: course.id,
        sectionId: target.id,
        type,
        roleId: roleIdFor(type),
        workflowState: state,
        associatedUserId: null,
        limitPrivilegesToCourseSection: paramBoolean(fields['limit_privileges_to_course_section']),
        startAt: null,
        endAt: null,
        sisBatchId: null,
        createdAt: now,
        updatedAt: now,
      };
      store.addEnrollment(enrollment);
    } else {
      enrollment.workflowState = state;
      enrollment.updatedAt = now;
    }
    return enrollment;
  };

  router.post('/api/v1/courses/:course_id/enrollments', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    res.json(enrollmentJson(store, enroll(req, course, undefined), baseUrl(req)));
  });

  router.post('/api/v1/sections/:section_id/enrollments', (req, res) => {
    const section = findSection(store, String(req.params['section_id']));
    const course = findCourse(store, String(section.courseId));
    res.json(enrollmentJson(store, enroll(req, course, section), baseUrl(req)));
  });

  router.delete('/api/v1/courses/:course_id/enrollments/:id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const enrollment = store.enrollments.get(Number(req.params['id']));
    if (!enrollment || enrollment.courseId !== course.id) throw notFound();
    const task = paramPresent(requestParams(req)['task']) ?? 'conclude';
    const next: Record<string, Enrollment['workflowState']> = {
      conclude: 'completed',
      delete: 'deleted',
      inactivate: 'inactive',
      deactivate: 'inactive',
    };
    const state = next[task];
    if (!state) throw badRequest(`${task} is not a valid task`);
    enrollment.workflowState = state;
    enrollment.updatedAt = store.now();
    res.json(enrollmentJson(store, enrollment, baseUrl(req)));
  });

  router.put('/api/v1/courses/:course_id/enrollments/:id/reactivate', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const enrollment = store.enrollments.get(Number(req.params['id']));
    if (!enrollment || enrollment.courseId !== course.id) throw notFound();
    enrollment.workflowState = 'active';
    enrollment.updatedAt = store.now();
    res.json(enrollmentJson(store, enrollment, baseUrl(req)));
  });

  return router;
}

/**
 * The list filters: `type[]`, `role[]`, `state[]` (default active and invited), `user_id`,
 * `sis_user_id[]`, `sis_section_id[]`, `sis_course_id[]`.
 */
function filterEnrollments(store: CanvasStore, req: Request, enrollments: Enrollment[]): Enrollment[] {
  const params = requestParams(req);
  const types = paramStrings(params['type']);
  const roles = paramStrings(params['role']);
  const states = paramStrings(params['state']);
  const wantedStates = states.length > 0 ? states : ['active', 'invited'];
  const userId = paramPresent(params['user_id']);
  const sisUserIds = paramStrings(params['sis_user_id']);
  const sisSectionIds = paramStrings(params['sis_section_id']);
  const sisCourseIds = paramStrings(params['sis_course_id']);
  return enrollments
    .filter((e) => wantedStates.includes(e.workflowState))
    .filter((e) => types.length === 0 || types.includes(e.type))
    .filter((e) => roles.length === 0 || roles.includes(BUILT_IN_ROLES.find((r) => r.id === e.roleId)?.type ?? e.type))
    .filter(
      (e) =>
        !userId ||
        (userId.startsWith('sis_user_id:')
          ? store.primaryLogin(e.userId)?.sisUserId === userId.slice('sis_user_id:'.length)
          : String(e.userId) === userId),
    )
    .filter((e) => sisUserIds.length === 0 || sisUserIds.includes(store.primaryLogin(e.userId)?.sisUserId ?? ''))
    .filter((e) => sisSectionIds.length === 0 || sisSectionIds.includes(store.sections.get(e.sectionId)?.sisSectionId ?? ''))
    .filter((e) => sisCourseIds.length === 0 || sisCourseIds.includes(store.courses.get(e.courseId)?.sisCourseId ?? ''))
    .sort((a, b) => a.id - b.id);
}
