import { canvasTime } from '../http/canvas-time';
import { BUILT_IN_ROLES, type CanvasStore } from '../model/canvas-store';
import type { Enrollment } from '../model/entities';
import { userDisplayJson } from './user-json';

/** The Enrollment object (Enrollments API), with the user summary Canvas embeds. */
export function enrollmentJson(store: CanvasStore, enrollment: Enrollment, baseUrl: string): Record<string, unknown> {
  const course = store.courses.get(enrollment.courseId);
  const section = store.sections.get(enrollment.sectionId);
  const user = store.users.get(enrollment.userId);
  const login = store.primaryLogin(enrollment.userId);
  const account = course ? store.accounts.get(course.accountId) : undefined;
  const json: Record<string, unknown> = {
    id: enrollment.id,
    user_id: enrollment.userId,
    course_id: enrollment.courseId,
    type: enrollment.type,
    created_at: canvasTime(enrollment.createdAt),
    updated_at: canvasTime(enrollment.updatedAt),
    associated_user_id: enrollment.associatedUserId,
    start_at: canvasTime(enrollment.startAt),
    end_at: canvasTime(enrollment.endAt),
    course_section_id: enrollment.sectionId,
    root_account_id: store.rootAccountId,
    limit_privileges_to_course_section: enrollment.limitPrivilegesToCourseSection,
    enrollment_state: enrollment.workflowState,
    role: BUILT_IN_ROLES.find((r) => r.id === enrollment.roleId)?.type ?? enrollment.type,
    role_id: enrollment.roleId,
    last_activity_at: null,
    last_attended_at: null,
    total_activity_time: 0,
    sis_import_id: enrollment.sisBatchId,
    sis_account_id: account?.sisAccountId ?? null,
    sis_course_id: course?.sisCourseId ?? null,
    course_integration_id: course?.integrationId ?? null,
    sis_section_id: section?.sisSectionId ?? null,
    section_integration_id: section?.integrationId ?? null,
    sis_user_id: login?.sisUserId ?? null,
    html_url: `${baseUrl}/courses/${enrollment.courseId}/users/${enrollment.userId}`,
  };
  if (user) json['user'] = userDisplayJson(store, user);
  return json;
}
