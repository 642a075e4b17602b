import { Router, type Request } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, notFound, validationFailed } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { paginate } from '../http/pagination';
import { paramGiven, paramNumber, paramObject, paramPresent, paramString, paramStrings, requestParams } from '../http/param-readers';
import type { ParamObject } from '../http/rails-params';
import { activeOverrides, studentEnrollments } from '../grading/assignment-visibility';
import { validateAssignment } from '../grading/sis-assignment-rules';
import { findCourse } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, AssignmentOverride, Course } from '../model/entities';
import { overrideJson } from '../json/assignment-json';

/**
 * Builds an override from `assignment_override[...]` (or one entry of
 * `assignment[assignment_overrides][]`): for a section (`course_section_id`) or for named students
 * (`student_ids[]`), with its own `due_at`, `unlock_at`, `lock_at`.
 */
export function buildOverride(
  store: CanvasStore,
  course: Course,
  assignment: Assignment,
  fields: ParamObject,
  existing?: AssignmentOverride,
): AssignmentOverride {
  const sectionRaw = paramPresent(fields['course_section_id']);
  const studentIds = paramStrings(fields['student_ids']).map((id) => resolveStudent(store, id));
  if (!existing && !sectionRaw && studentIds.length === 0) throw badRequest('An override needs course_section_id or student_ids');
  const override: AssignmentOverride = existing ?? {
    id: store.nextId(),
    assignmentId: assignment.id,
    courseSectionId: null,
    studentIds: null,
    title: '',
    dueAt: null,
    dueAtOverridden: false,
    unlockAt: null,
    lockAt: null,
    workflowState: 'active',
    createdAt: store.now(),
  };
  if (sectionRaw) {
    const section = /^sis_section_id:/.test(sectionRaw)
      ? store.sectionBySisId(sectionRaw.slice('sis_section_id:'.length))
      : store.sections.get(Number(sectionRaw));
    if (!section || section.courseId !== course.id || section.workflowState !== 'active') throw notFound();
    override.courseSectionId = section.id;
    override.studentIds = null;
    override.title = section.name;
  } else if (studentIds.length > 0) {
    const enrolled = new Set(studentEnrollments(store, course.id).map((e) => e.userId));
    const unknown = studentIds.filter((id) => id === undefined || !enrolled.has(id));
    if (unknown.length > 0)
      throw validationFailed([{ attribute: 'assignment_override_students', type: 'invalid', message: 'unknown student ids' }]);
    override.studentIds = studentIds as number[];
    override.courseSectionId = null;
    override.title = `${studentIds.length} student${studentIds.length === 1 ? '' : 's'}`;
  }
  const title = paramPresent(fields['title']);
  if (title && override.studentIds !== null) override.title = title;
  if (paramGiven(fields['due_at'])) {
    override.dueAtOverridden = true;
    override.dueAt = timeOrNull(paramString(fields['due_at']));
  }
  if (paramGiven(fields['unlock_at'])) override.unlockAt = timeOrNull(paramString(fields['unlock_at']));
  if (paramGiven(fields['lock_at'])) override.lockAt = timeOrNull(paramString(fields['lock_at']));
  return override;
}

function resolveStudent(store: CanvasStore, raw: string): number | undefined {
  if (raw.startsWith('sis_user_id:')) return store.loginBySisUserId(raw.slice('sis_user_id:'.length))?.userId;
  const id = Number(raw);
  return Number.isInteger(id) ? id : undefined;
}

function timeOrNull(text: string | undefined): Date | null {
  if (text === undefined || text.trim() === '') return null;
  const time = parseApiTime(text);
  if (!time) throw badRequest(`Invalid date: ${text}`);
  return time;
}

/** Assignment Overrides API: list, get, create, update, delete one assignment's overrides. */
export function assignmentOverridesRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();
  const context = (req: Request) => {
    const course = findCourse(store, String(req.params['course_id']));
    const assignment = store.assignments.get(Number(req.params['assignment_id']));
    if (!assignment || assignment.courseId !== course.id || assignment.workflowState === 'deleted') throw notFound();
    return { course, assignment };
  };
  const findOverride = (req: Request, assignment: Assignment) => {
    const override = store.assignmentOverrides.get(Number(req.params['override_id']));
    if (!override || override.assignmentId !== assignment.id || override.workflowState !== 'active') throw notFound();
    return override;
  };
  const save = (assignment: Assignment, override: AssignmentOverride) => {
    const others = activeOverrides(store, assignment.id).filter((o) => o.id !== override.id);
    const errors = validateAssignment(store.sisSettings, assignment, [...others, override]);
    if (errors.length > 0) throw validationFailed(errors);
    store.assignmentOverrides.set(override.id, override);
    assignment.updatedAt = store.now();
  };

  router.get('/api/v1/courses/:course_id/assignments/:assignment_id/overrides', (req, res) => {
    const { assignment } = context(req);
    res.json(paginate(req, res, activeOverrides(store, assignment.id)).map(overrideJson));
  });

  router.get('/api/v1/courses/:course_id/assignments/:assignment_id/overrides/:override_id', (req, res) => {
    const { assignment } = context(req);
    res.json(overrideJson(findOverride(req, assignment)));
  });

  router.post('/api/v1/courses/:course_id/assignments/:assignment_id/overrides', (req, res) => {
    const { course, assignment } = context(req);
    const override = buildOverride(store, course, assignment, paramObject(requestParams(req)['assignment_override']) ?? {});
    save(assignment, override);
    res.status(201).json(overrideJson(override));
  });

  router.put('/api/v1/courses/:course_id/assignments/:assignment_id/overrides/:override_id', (req, res) => {
    const { course, assignment } = context(req);
    const current = findOverride(req, assignment);
    const updated = buildOverride(store, course, assignment, paramObject(requestParams(req)['assignment_override']) ?? {}, { ...current });
    save(assignment, updated);
    res.json(overrideJson(updated));
  });

  router.delete('/api/v1/courses/:course_id/assignments/:assignment_id/overrides/:override_id', (req, res) => {
    const { assignment } = context(req);
    const override = findOverride(req, assignment);
    override.workflowState = 'deleted';
    res.json(overrideJson(override));
  });

  return router;
}

/** Overrides an id refers to, for `assignment[assignment_overrides][][id]` updates. */
export function overrideById(store: CanvasStore, assignment: Assignment, fields: ParamObject): AssignmentOverride | undefined {
  const id = paramNumber(fields['id']);
  if (id === undefined) return undefined;
  const override = store.assignmentOverrides.get(id);
  return override && override.assignmentId === assignment.id ? { ...override } : undefined;
}
