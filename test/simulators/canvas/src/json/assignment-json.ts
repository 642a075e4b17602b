import { canvasTime } from '../http/canvas-time';
import { activeOverrides } from '../grading/assignment-visibility';
import { dueDateRequired, maxNameLength } from '../grading/sis-assignment-rules';
import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, AssignmentGroup, AssignmentOverride } from '../model/entities';

/** The AssignmentOverride object. */
export function overrideJson(override: AssignmentOverride): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: override.id,
    assignment_id: override.assignmentId,
    title: override.title,
    unlock_at: canvasTime(override.unlockAt),
    lock_at: canvasTime(override.lockAt),
  };
  if (override.dueAtOverridden) {
    json['due_at'] = canvasTime(override.dueAt);
    json['all_day'] = false;
    json['all_day_date'] = override.dueAt ? override.dueAt.toISOString().slice(0, 10) : null;
  }
  if (override.studentIds !== null) json['student_ids'] = override.studentIds;
  if (override.courseSectionId !== null) json['course_section_id'] = override.courseSectionId;
  return json;
}

/**
 * The Assignment object as an admin with manage_sis sees it (so `sis_assignment_id`,
 * `integration_id` and `integration_data` are present). `include[]=overrides` adds the overrides.
 */
export function assignmentJson(
  store: CanvasStore,
  assignment: Assignment,
  baseUrl: string,
  includes: readonly string[] = [],
): Record<string, unknown> {
  const overrides = activeOverrides(store, assignment.id);
  const json: Record<string, unknown> = {
    id: assignment.id,
    name: assignment.name,
    description: assignment.description,
    created_at: canvasTime(assignment.createdAt),
    updated_at: canvasTime(assignment.updatedAt),
    due_at: canvasTime(assignment.dueAt),
    lock_at: canvasTime(assignment.lockAt),
    unlock_at: canvasTime(assignment.unlockAt),
    has_overrides: overrides.length > 0,
    course_id: assignment.courseId,
    html_url: `${baseUrl}/courses/${assignment.courseId}/assignments/${assignment.id}`,
    assignment_group_id: assignment.assignmentGroupId,
    due_date_required: assignment.postToSis && dueDateRequired(store.sisSettings),
    max_name_length: maxNameLength(store.sisSettings, assignment),
    position: assignment.position,
    points_possible: assignment.pointsPossible,
    grading_type: assignment.gradingType,
    submission_types: assignment.submissionTypes,
    published: assignment.workflowState === 'published',
    unpublishable: true,
    only_visible_to_overrides: assignment.onlyVisibleToOverrides,
    omit_from_final_grade: assignment.omitFromFinalGrade,
    post_to_sis: assignment.postToSis,
    sis_assignment_id: assignment.sisAssignmentId,
    integration_id: assignment.integrationId,
    integration_data: assignment.integrationData,
    workflow_state: assignment.workflowState,
    in_closed_grading_period: false,
    anonymous_grading: false,
    moderated_grading: false,
    peer_reviews: false,
    group_category_id: null,
    post_manually: false,
  };
  if (includes.includes('overrides')) json['overrides'] = overrides.map(overrideJson);
  return json;
}

/** The AssignmentGroup object; `include[]=assignments` nests the group's assignments. */
export function assignmentGroupJson(
  store: CanvasStore,
  group: AssignmentGroup,
  baseUrl: string,
  includes: readonly string[] = [],
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: group.id,
    name: group.name,
    position: group.position,
    group_weight: group.groupWeight,
    sis_source_id: group.sisSourceId,
    integration_data: group.integrationData,
    rules: group.rules,
  };
  if (includes.includes('assignments')) {
    json['assignments'] = [...store.assignments.values()]
      .filter((a) => a.assignmentGroupId === group.id && a.workflowState !== 'deleted')
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((a) => assignmentJson(store, a, baseUrl, includes.includes('overrides') ? ['overrides'] : []));
    json['any_assignment_in_closed_grading_period'] = false;
  }
  return json;
}
