import { canvasTime } from '../http/canvas-time';
import { activeOverrides } from '../grading/assignment-visibility';
import type { CanvasStore } from '../model/canvas-store';
import type { Assignment, Course, Section } from '../model/entities';

/**
 * The SisAssignment object of `/api/sis/...` (canvas.md §3.1): the assignment, its group, the
 * sections it is assigned to (with the section override merged under `override`), and with
 * `include=student_overrides` the per-student overrides.
 */
export function sisAssignmentJson(store: CanvasStore, assignment: Assignment, includeStudentOverrides: boolean): Record<string, unknown> {
  const course = store.courses.get(assignment.courseId) as Course;
  const group = store.assignmentGroups.get(assignment.assignmentGroupId);
  const overrides = activeOverrides(store, assignment.id);
  const sectionOverrides = new Map(overrides.filter((o) => o.courseSectionId !== null).map((o) => [o.courseSectionId as number, o]));
  const sections = store
    .sectionsOfCourse(course.id)
    .filter((s) => s.workflowState === 'active')
    .filter((s) => !assignment.onlyVisibleToOverrides || sectionOverrides.has(s.id))
    .sort((a, b) => a.id - b.id);
  const json: Record<string, unknown> = {
    id: assignment.id,
    course_id: course.id,
    name: assignment.name,
    created_at: canvasTime(assignment.createdAt),
    due_at: canvasTime(assignment.dueAt),
    unlock_at: canvasTime(assignment.unlockAt),
    lock_at: canvasTime(assignment.lockAt),
    points_possible: assignment.pointsPossible,
    submission_types: assignment.submissionTypes,
    integration_id: assignment.integrationId,
    integration_data: assignment.integrationData,
    include_in_final_grade: !assignment.omitFromFinalGrade && assignment.gradingType !== 'not_graded',
    assignment_group: group
      ? {
          id: group.id,
          name: group.name,
          group_weight: group.groupWeight,
          sis_source_id: group.sisSourceId,
          integration_data: group.integrationData,
        }
      : null,
    sections: sections.map((section) => sectionEntry(course, section, sectionOverrides.get(section.id))),
  };
  if (includeStudentOverrides) {
    json['user_overrides'] = overrides
      .filter((o) => o.studentIds !== null && o.studentIds.length > 0)
      .map((o) => ({
        id: o.id,
        title: o.title,
        due_at: canvasTime(o.dueAtOverridden ? o.dueAt : assignment.dueAt),
        unlock_at: canvasTime(o.unlockAt),
        lock_at: canvasTime(o.lockAt),
        students: (o.studentIds ?? []).map((userId) => ({ user_id: userId, sis_user_id: store.primaryLogin(userId)?.sisUserId ?? null })),
      }));
  }
  return json;
}

function sectionEntry(
  course: Course,
  section: Section,
  override: ReturnType<typeof activeOverrides>[number] | undefined,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    id: section.id,
    name: section.name,
    sis_id: section.sisSectionId,
    integration_id: section.integrationId,
    origin_course: { id: course.id, name: course.name, sis_id: course.sisCourseId, integration_id: course.integrationId },
  };
  if (override) {
    entry['override'] = {
      override_title: override.title,
      due_at: canvasTime(override.dueAtOverridden ? override.dueAt : null),
      unlock_at: canvasTime(override.unlockAt),
      lock_at: canvasTime(override.lockAt),
    };
  }
  return entry;
}
