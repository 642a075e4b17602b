import type { CanvasStore } from './canvas-store';
import type { Course, Section } from './entities';

/** The course's default section, made on first use with the course's name (as Canvas does). */
export function defaultSection(store: CanvasStore, course: Course): Section {
  const existing = store.sectionsOfCourse(course.id).find((s) => s.defaultSection && s.workflowState === 'active');
  if (existing) return existing;
  const section: Section = {
    id: store.nextId(),
    courseId: course.id,
    name: course.name,
    sisSectionId: null,
    integrationId: null,
    workflowState: 'active',
    startAt: null,
    endAt: null,
    restrictEnrollmentsToSectionDates: false,
    defaultSection: true,
    sisBatchId: null,
    stuckFields: new Set(),
    createdAt: store.now(),
  };
  store.addSection(section);
  return section;
}
