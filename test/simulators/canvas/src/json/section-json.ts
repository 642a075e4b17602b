import { canvasTime } from '../http/canvas-time';
import type { CanvasStore } from '../model/canvas-store';
import type { Section } from '../model/entities';

/** The Section object (Sections API); `include[]=total_students` is honoured. */
export function sectionJson(store: CanvasStore, section: Section, includes: readonly string[] = []): Record<string, unknown> {
  const course = store.courses.get(section.courseId);
  const json: Record<string, unknown> = {
    id: section.id,
    name: section.name,
    course_id: section.courseId,
    nonxlist_course_id: null,
    start_at: canvasTime(section.startAt),
    end_at: canvasTime(section.endAt),
    created_at: canvasTime(section.createdAt),
    restrict_enrollments_to_section_dates: section.restrictEnrollmentsToSectionDates,
    sis_section_id: section.sisSectionId,
    sis_course_id: course?.sisCourseId ?? null,
    integration_id: section.integrationId,
    sis_import_id: section.sisBatchId,
  };
  if (includes.includes('total_students')) {
    json['total_students'] = [...store.enrollments.values()].filter(
      (e) =>
        e.sectionId === section.id && e.type === 'StudentEnrollment' && (e.workflowState === 'active' || e.workflowState === 'invited'),
    ).length;
  }
  return json;
}
