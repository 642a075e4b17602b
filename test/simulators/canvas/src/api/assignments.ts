import { Router, type Request } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, CanvasApiError, notFound, validationFailed } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { baseUrl, MAX_PER_PAGE, paginate } from '../http/pagination';
import {
  paramBoolean,
  paramGiven,
  paramList,
  paramNumber,
  paramObject,
  paramPresent,
  paramString,
  paramStrings,
  requestParams,
} from '../http/param-readers';
import type { ParamObject } from '../http/rails-params';
import { activeOverrides } from '../grading/assignment-visibility';
import { validateAssignment } from '../grading/sis-assignment-rules';
import { findCourse } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, AssignmentGroup, AssignmentOverride, Course, GradingType } from '../model/entities';
import { assignmentJson } from '../json/assignment-json';
import { buildOverride, overrideById } from './assignment-overrides';
import { groupsOf, integrationData } from './assignment-groups';

const GRADING_TYPES: readonly GradingType[] = ['points', 'percent', 'pass_fail', 'letter_grade', 'gpa_scale', 'not_graded'];

/**
 * Assignments API, as a teacher uses it to build a gradebook: list (with `post_to_sis` and
 * `assignment_ids[]` filters), get, create and update with `assignment[...]` fields and
 * `assignment[assignment_overrides][]` for sections or students, and delete.
 */
export function assignmentsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  const findAssignment = (req: Request, course: Course): Assignment => {
    const assignment = store.assignments.get(Number(req.params['assignment_id']));
    if (!assignment || assignment.courseId !== course.id || assignment.workflowState === 'deleted') throw notFound();
    return assignment;
  };

  router.get('/api/v1/courses/:course_id/assignments', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const params = requestParams(req);
    const ids = paramStrings(params['assignment_ids']);
    if (ids.length > MAX_PER_PAGE) throw badRequest('Request contains too many assignment_ids.  Max is 100');
    let assignments = [...store.assignments.values()].filter((a) => a.courseId === course.id && a.workflowState !== 'deleted');
    if (ids.length > 0) assignments = assignments.filter((a) => ids.includes(String(a.id)));
    if (paramGiven(params['post_to_sis'])) assignments = assignments.filter((a) => a.postToSis === paramBoolean(params['post_to_sis']));
    const search = paramPresent(params['search_term'])?.toLowerCase();
    if (search) assignments = assignments.filter((a) => a.name.toLowerCase().includes(search));
    const orderBy = paramPresent(params['order_by']) ?? 'position';
    assignments.sort(
      (a, b) =>
        (orderBy === 'name'
          ? a.name.localeCompare(b.name)
          : orderBy === 'due_at'
            ? (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity)
            : groupPosition(store, a) - groupPosition(store, b) || a.position - b.position) || a.id - b.id,
    );
    const includes = paramStrings(params['include']);
    res.json(paginate(req, res, assignments).map((a) => assignmentJson(store, a, baseUrl(req), includes)));
  });

  router.get('/api/v1/courses/:course_id/assignments/:assignment_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    res.json(assignmentJson(store, findAssignment(req, course), baseUrl(req), paramStrings(requestParams(req)['include'])));
  });

  router.post('/api/v1/courses/:course_id/assignments', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const fields = paramObject(requestParams(req)['assignment']) ?? {};
    const now = store.now();
    const assignment: Assignment = {
      id: store.nextId(),
      courseId: course.id,
      assignmentGroupId: 0,
      name: paramString(fields['name']) ?? '',
      description: null,
      position: 0,
      pointsPossible: 0,
      gradingType: 'points',
      submissionTypes: ['none'],
      dueAt: null,
      unlockAt: null,
      lockAt: null,
      workflowState: 'unpublished',
      onlyVisibleToOverrides: false,
      // Without post_to_sis a new assignment takes the account's "sync to SIS by default" setting.
      postToSis: store.sisSettings.sisDefaultGradeExport,
      sisAssignmentId: null,
      integrationId: null,
      integrationData: {},
      omitFromFinalGrade: false,
      createdAt: now,
      updatedAt: now,
    };
    applyAssignmentFields(store, course, assignment, fields);
    const group = assignment.assignmentGroupId ? store.assignmentGroups.get(assignment.assignmentGroupId) : undefined;
    if (!group) assignment.assignmentGroupId = defaultGroup(store, course).id;
    assignment.position = [...store.assignments.values()].filter((a) => a.assignmentGroupId === assignment.assignmentGroupId).length + 1;
    const overrides = overridesFrom(store, course, assignment, fields, []);
    save(store, assignment, overrides ?? []);
    res.status(201).json(assignmentJson(store, assignment, baseUrl(req), ['overrides']));
  });

  router.put('/api/v1/courses/:course_id/assignments/:assignment_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const current = findAssignment(req, course);
    const fields = paramObject(requestParams(req)['assignment']) ?? {};
    const updated: Assignment = { ...current, integrationData: { ...current.integrationData } };
    applyAssignmentFields(store, course, updated, fields);
    const existing = activeOverrides(store, current.id);
    const overrides = overridesFrom(store, course, updated, fields, existing);
    save(store, updated, overrides ?? existing, overrides ? existing : []);
    res.json(assignmentJson(store, updated, baseUrl(req), ['overrides']));
  });

  router.delete('/api/v1/courses/:course_id/assignments/:assignment_id', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const assignment = findAssignment(req, course);
    assignment.workflowState = 'deleted';
    assignment.updatedAt = store.now();
    res.json(assignmentJson(store, assignment, baseUrl(req)));
  });

  return router;
}

function groupPosition(store: CanvasStore, assignment: Assignment): number {
  return store.assignmentGroups.get(assignment.assignmentGroupId)?.position ?? 0;
}

/** The course's first assignment group, or a new "Assignments" group, as Canvas makes one on demand. */
function defaultGroup(store: CanvasStore, course: Course): AssignmentGroup {
  const existing = groupsOf(store, course.id)[0];
  if (existing) return existing;
  const group: AssignmentGroup = {
    id: store.nextId(),
    courseId: course.id,
    name: 'Assignments',
    position: 1,
    groupWeight: 0,
    sisSourceId: null,
    integrationData: {},
    rules: {},
    workflowState: 'available',
    createdAt: store.now(),
  };
  store.assignmentGroups.set(group.id, group);
  return group;
}

function applyAssignmentFields(store: CanvasStore, course: Course, assignment: Assignment, fields: ParamObject): void {
  const name = paramString(fields['name']);
  if (name !== undefined) assignment.name = name;
  if (paramGiven(fields['description'])) assignment.description = paramString(fields['description']) ?? null;
  const points = paramNumber(fields['points_possible']);
  if (points !== undefined) assignment.pointsPossible = points;
  const gradingType = paramPresent(fields['grading_type']);
  if (gradingType) {
    if (!GRADING_TYPES.includes(gradingType as GradingType)) throw badRequest(`Invalid grading_type "${gradingType}"`);
    assignment.gradingType = gradingType as GradingType;
  }
  const types = paramStrings(fields['submission_types']);
  if (types.length > 0) assignment.submissionTypes = types;
  for (const [field, key] of [
    ['due_at', 'dueAt'],
    ['unlock_at', 'unlockAt'],
    ['lock_at', 'lockAt'],
  ] as const) {
    if (!paramGiven(fields[field])) continue;
    const raw = paramString(fields[field]) ?? '';
    if (raw.trim() === '') assignment[key] = null;
    else {
      const time = parseApiTime(raw);
      if (!time) throw validationFailed([{ attribute: field, type: 'invalid', message: `Invalid datetime for ${field}` }]);
      assignment[key] = time;
    }
  }
  const groupId = paramNumber(fields['assignment_group_id']);
  if (groupId !== undefined) {
    const group = store.assignmentGroups.get(groupId);
    if (!group || group.courseId !== course.id || group.workflowState === 'deleted')
      throw badRequest('The assignment group does not belong to this course');
    assignment.assignmentGroupId = group.id;
  }
  const position = paramNumber(fields['position']);
  if (position !== undefined) assignment.position = position;
  if (paramGiven(fields['published'])) assignment.workflowState = paramBoolean(fields['published']) ? 'published' : 'unpublished';
  if (paramGiven(fields['only_visible_to_overrides']))
    assignment.onlyVisibleToOverrides = paramBoolean(fields['only_visible_to_overrides']);
  if (paramGiven(fields['omit_from_final_grade'])) assignment.omitFromFinalGrade = paramBoolean(fields['omit_from_final_grade']);
  if (paramGiven(fields['post_to_sis'])) assignment.postToSis = paramBoolean(fields['post_to_sis']);
  if (paramGiven(fields['sis_assignment_id'])) {
    const sisId = paramPresent(fields['sis_assignment_id']) ?? null;
    const taken = sisId !== null && [...store.assignments.values()].some((a) => a.id !== assignment.id && a.sisAssignmentId === sisId);
    if (taken) throw new CanvasApiError(409, { message: 'Assignment with the given sis_source_id already exists' });
    assignment.sisAssignmentId = sisId;
  }
  if (paramGiven(fields['integration_id'])) assignment.integrationId = paramPresent(fields['integration_id']) ?? null;
  const data = integrationData(fields['integration_data']);
  if (data) assignment.integrationData = data;
  // post_to_sis only sticks on gradeable assignments (Canvas's ensure_post_to_sis_valid).
  if (assignment.gradingType === 'not_graded' || assignment.submissionTypes.some((t) => t === 'not_graded' || t === 'wiki_page'))
    assignment.postToSis = false;
}

/**
 * `assignment[assignment_overrides][]`: when given, it is the complete list (entries with an `id`
 * update that override; overrides left out are deleted). Undefined when not given.
 */
function overridesFrom(
  store: CanvasStore,
  course: Course,
  assignment: Assignment,
  fields: ParamObject,
  existing: AssignmentOverride[],
): AssignmentOverride[] | undefined {
  if (!paramGiven(fields['assignment_overrides'])) return undefined;
  return paramList(fields['assignment_overrides']).map((entry) => {
    const object = paramObject(entry) ?? {};
    const current = overrideById(store, assignment, object);
    if (paramNumber(object['id']) !== undefined && !current) throw notFound();
    return buildOverride(store, course, assignment, object, current && existing.some((o) => o.id === current.id) ? current : undefined);
  });
}

/** Validates, then stores the assignment and its overrides; `replaced` overrides not kept are deleted. */
function save(store: CanvasStore, assignment: Assignment, overrides: AssignmentOverride[], replaced: AssignmentOverride[] = []): void {
  if (assignment.name.trim() === '') throw validationFailed([{ attribute: 'title', type: 'blank', message: "can't be blank" }]);
  const errors = validateAssignment(store.sisSettings, assignment, overrides);
  if (errors.length > 0) throw validationFailed(errors);
  assignment.updatedAt = store.now();
  store.assignments.set(assignment.id, assignment);
  const kept = new Set(overrides.map((o) => o.id));
  for (const old of replaced)
    if (!kept.has(old.id)) (store.assignmentOverrides.get(old.id) as AssignmentOverride).workflowState = 'deleted';
  for (const override of overrides) store.assignmentOverrides.set(override.id, override);
}
