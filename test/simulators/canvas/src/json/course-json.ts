import { canvasTime } from '../http/canvas-time';
import type { CanvasStore } from '../model/canvas-store';
import type { Course, CourseState } from '../model/entities';
import { termJson } from './term-json';

/** Canvas shows `created` and `claimed` courses as `unpublished`. */
export function courseApiState(state: CourseState): string {
  return state === 'created' || state === 'claimed' ? 'unpublished' : state;
}

/** The Course object (Courses API); `include[]=term` and `include[]=total_students` are honoured. */
export function courseJson(store: CanvasStore, course: Course, includes: readonly string[] = []): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: course.id,
    name: course.name,
    account_id: course.accountId,
    uuid: course.uuid,
    start_at: canvasTime(course.startAt),
    end_at: canvasTime(course.endAt),
    grading_standard_id: null,
    is_public: false,
    created_at: canvasTime(course.createdAt),
    course_code: course.courseCode,
    default_view: 'modules',
    root_account_id: course.rootAccountId,
    enrollment_term_id: course.termId,
    license: 'private',
    grade_passback_setting: course.gradePassbackSetting,
    public_syllabus: false,
    public_syllabus_to_auth: false,
    storage_quota_mb: 500,
    is_public_to_auth_users: false,
    homeroom_course: course.homeroomCourse,
    course_color: null,
    friendly_name: course.friendlyName,
    apply_assignment_group_weights: false,
    time_zone: store.rootAccount.defaultTimeZone,
    blueprint: false,
    template: false,
    sis_course_id: course.sisCourseId,
    sis_import_id: course.sisBatchId,
    integration_id: course.integrationId,
    hide_final_grades: false,
    workflow_state: courseApiState(course.workflowState),
    restrict_enrollments_to_course_dates: course.restrictEnrollmentsToCourseDates,
    course_format: course.courseFormat,
  };
  if (includes.includes('term')) {
    const term = store.terms.get(course.termId);
    json['term'] = term ? termJson(term) : null;
  }
  if (includes.includes('total_students')) {
    const students = new Set(
      store
        .enrollmentsOfCourse(course.id)
        .filter((e) => e.type === 'StudentEnrollment' && (e.workflowState === 'active' || e.workflowState === 'invited'))
        .map((e) => e.userId),
    );
    json['total_students'] = students.size;
  }
  return json;
}
