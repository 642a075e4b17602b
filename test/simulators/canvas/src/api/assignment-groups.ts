import { Router, type Request } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, notFound } from '../http/canvas-errors';
import { baseUrl, paginate } from '../http/pagination';
import { paramGiven, paramNumber, paramObject, paramPresent, paramString, paramStrings, requestParams } from '../http/param-readers';
import type { ParamObject, ParamValue } from '../http/rails-params';
import { findCourse } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { AssignmentGroup, Course } from '../model/entities';
import { assignmentGroupJson } from '../json/assignment-json';

/**
 * Assignment Groups API (canvas.md §5). Parameters are top-level (`name`, `position`,
 * `group_weight`, `sis_source_id`, `integration_data`, `rules`); `integration_data` is merged
 * into what is there, not replaced.
 */
export function assignmentGroupsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  const findGroup = (req: Request, course: Course): AssignmentGroup => {
    const group = store.assignmentGroups.get(Number(req.params['group_id']));
    if (!group || group.courseId !== course.id || group.workflowState === 'deleted') throw notFound();
    return group;
  };

  router.get('/api/v1/courses/:course_id/assignment_groups', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const includes = paramStrings(requestParams(req)['include']);
    const groups = groupsOf(store, course.id);
    res.json(paginate(req, res, groups).map((g) => assignmentGroupJson(store, g, baseUrl(req), includes)));
  });

  router.get('/api/v1/courses/:course_id/assignment_groups/:group_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    res.json(assignmentGroupJson(store, findGroup(req, course), baseUrl(req), paramStrings(requestParams(req)['include'])));
  });

  router.post('/api/v1/courses/:course_id/assignment_groups', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const group: AssignmentGroup = {
      id: store.nextId(),
      courseId: course.id,
      name: 'Assignments',
      position: groupsOf(store, course.id).length + 1,
      groupWeight: 0,
      sisSourceId: null,
      integrationData: {},
      rules: {},
      workflowState: 'available',
      createdAt: store.now(),
    };
    applyGroupFields(group, requestParams(req));
    store.assignmentGroups.set(group.id, group);
    res.json(assignmentGroupJson(store, group, baseUrl(req)));
  });

  router.put('/api/v1/courses/:course_id/assignment_groups/:group_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const group = findGroup(req, course);
    applyGroupFields(group, requestParams(req));
    res.json(assignmentGroupJson(store, group, baseUrl(req)));
  });

  router.delete('/api/v1/courses/:course_id/assignment_groups/:group_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const group = findGroup(req, course);
    const moveTo = paramNumber(requestParams(req)['move_assignments_to']);
    if (moveTo !== undefined) {
      const target = store.assignmentGroups.get(moveTo);
      if (!target || target.courseId !== course.id || target.workflowState === 'deleted' || target.id === group.id)
        throw badRequest('move_assignments_to must be another assignment group of this course');
      for (const assignment of store.assignments.values())
        if (assignment.assignmentGroupId === group.id) assignment.assignmentGroupId = target.id;
    } else {
      // Without move_assignments_to the group's assignments are deleted with it.
      for (const assignment of store.assignments.values())
        if (assignment.assignmentGroupId === group.id) assignment.workflowState = 'deleted';
    }
    group.workflowState = 'deleted';
    res.json(assignmentGroupJson(store, group, baseUrl(req)));
  });

  return router;
}

export function groupsOf(store: CanvasStore, courseId: number): AssignmentGroup[] {
  return [...store.assignmentGroups.values()]
    .filter((g) => g.courseId === courseId && g.workflowState === 'available')
    .sort((a, b) => a.position - b.position || a.id - b.id);
}

function applyGroupFields(group: AssignmentGroup, params: ParamObject): void {
  const name = paramPresent(params['name']);
  if (name) group.name = name;
  const position = paramNumber(params['position']);
  if (position !== undefined) group.position = position;
  const weight = paramNumber(params['group_weight']);
  if (weight !== undefined) group.groupWeight = weight;
  if (paramGiven(params['sis_source_id'])) group.sisSourceId = paramPresent(params['sis_source_id']) ?? null;
  const data = integrationData(params['integration_data']);
  if (data) group.integrationData = { ...group.integrationData, ...data };
  const rules = paramObject(params['rules']);
  if (rules) {
    const never = paramStrings(rules['never_drop']).map(Number).filter(Number.isFinite);
    group.rules = {
      ...(paramNumber(rules['drop_lowest']) !== undefined ? { drop_lowest: paramNumber(rules['drop_lowest']) } : {}),
      ...(paramNumber(rules['drop_highest']) !== undefined ? { drop_highest: paramNumber(rules['drop_highest']) } : {}),
      ...(never.length > 0 ? { never_drop: never } : {}),
    };
  }
}

/** `integration_data` arrives as an object or a JSON string; an empty string is ignored. */
export function integrationData(value: ParamValue | undefined): Record<string, unknown> | undefined {
  const object = paramObject(value);
  if (object) return { ...object };
  const text = paramString(value);
  if (!text || text.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Canvas rejects data that is not a JSON object.
  }
  throw badRequest('integration_data must be a JSON object');
}
