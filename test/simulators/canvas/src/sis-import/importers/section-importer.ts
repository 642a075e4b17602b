import type { Section } from '../../model/entities';
import type { CsvFile } from '../csv-file';
import type { ImportContext } from '../import-context';
import { parseSisDate } from '../sis-dates';

/**
 * sections.csv (canvas.md §1.6): section_id, course_id, name, status (active|deleted),
 * integration_id, start_date/end_date (cleared when empty). A section whose course_id changes
 * moves to that course with its enrollments, unless course_id is sticky.
 */
export function importSections(ctx: ImportContext, file: CsvFile): number {
  const { store } = ctx;
  let imported = 0;
  for (const row of file.rows) {
    const sectionId = row.get('section_id');
    const courseId = row.get('course_id');
    const name = row.get('name');
    const status = row.get('status') ?? '';
    if (!sectionId) {
      ctx.warn(file.name, `No section_id given for a section in course ${courseId ?? ''}`, row);
      continue;
    }
    if (!courseId) {
      ctx.warn(file.name, `No course_id given for a section ${sectionId}`, row);
      continue;
    }
    if (!name) {
      ctx.warn(file.name, `No name given for section ${sectionId} in course ${courseId}`, row);
      continue;
    }
    if (!/^(active|deleted)$/i.test(status)) {
      ctx.warn(file.name, `Improper status "${status}" for section ${sectionId} in course ${courseId}`, row);
      continue;
    }
    const deleting = /^deleted$/i.test(status);
    if (deleting && ctx.options.skipDeletes) continue;
    const course = store.courseBySisId(courseId);
    if (!course) {
      ctx.warn(file.name, `Section ${sectionId} references course ${courseId} which doesn't exist`, row);
      continue;
    }
    const start = parseSisDate(row.get('start_date'));
    const end = parseSisDate(row.get('end_date'));
    if (start.kind === 'invalid' || end.kind === 'invalid') {
      ctx.warn(file.name, `Bad date format for section ${sectionId}`, row);
      continue;
    }
    let section = store.sectionBySisId(sectionId);
    const previousState = section?.workflowState ?? 'non-existent';
    if (!section) {
      section = {
        id: store.nextId(),
        courseId: course.id,
        name,
        sisSectionId: sectionId,
        integrationId: null,
        workflowState: 'active',
        startAt: null,
        endAt: null,
        restrictEnrollmentsToSectionDates: false,
        defaultSection: false,
        sisBatchId: ctx.batchId,
        stuckFields: new Set(),
        createdAt: ctx.now,
      };
      store.addSection(section);
    }
    const target: Section = section;
    if (target.courseId !== course.id) {
      ctx.writeSticky(target.stuckFields, 'course_id', () => {
        target.courseId = course.id;
        for (const enrollment of store.enrollments.values())
          if (enrollment.sectionId === target.id) store.moveEnrollment(enrollment, course.id);
      });
    }
    ctx.writeSticky(target.stuckFields, 'name', () => (target.name = name));
    const startAt = start.kind === 'date' ? start.value : null;
    const endAt = end.kind === 'date' ? end.value : null;
    ctx.writeSticky(target.stuckFields, 'start_at', () => (target.startAt = startAt));
    ctx.writeSticky(target.stuckFields, 'end_at', () => (target.endAt = endAt));
    target.restrictEnrollmentsToSectionDates = target.startAt !== null || target.endAt !== null;
    const integrationId = row.get('integration_id');
    if (integrationId !== undefined) target.integrationId = integrationId;
    target.workflowState = deleting ? 'deleted' : 'active';
    target.sisBatchId = ctx.batchId;
    ctx.stateChange('CourseSection', target.id, previousState, target.workflowState);
    imported++;
  }
  return imported;
}
