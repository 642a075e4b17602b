import type { Course, Enrollment, Section } from '../model/entities';
import type { ImportContext } from './import-context';

export type CleanupOutcome = { kind: 'done' } | { kind: 'aborted'; message: string };

/**
 * Batch mode (canvas.md §1.9): after the rows are in, SIS courses, sections and enrollments of
 * the batch's term(s) that this import did not touch are deleted (enrollments get
 * `batch_mode_enrollment_drop_status`). Objects never touched by a SIS import are left alone.
 * With `change_threshold`, the share of each kind that would go is checked first, separately
 * for courses, sections and enrollments; if any exceeds it the batch is aborted and nothing is
 * deleted. Only kinds whose file was in the import are cleaned up.
 */
export function cleanupBatch(ctx: ImportContext): CleanupOutcome {
  const { store, sisImport } = ctx;
  const termIds = batchTermIds(ctx);
  if (termIds === 'missing') return { kind: 'aborted', message: 'Terms not found. Terms must be included with multi_term_batch_mode' };
  const supplied = new Set(sisImport.suppliedBatches);
  const sisTouched = (o: { sisBatchId: number | null }) => o.sisBatchId !== null;
  const untouched = (o: { sisBatchId: number | null }) => o.sisBatchId !== ctx.batchId;

  const termCourses = [...store.courses.values()].filter(
    (c) => termIds.has(c.termId) && c.workflowState !== 'deleted' && sisTouched(c) && c.sisCourseId !== null,
  );
  const termCourseIds = new Set([...store.courses.values()].filter((c) => termIds.has(c.termId)).map((c) => c.id));
  const termSections = [...store.sections.values()].filter(
    (s) => termCourseIds.has(s.courseId) && s.workflowState === 'active' && sisTouched(s) && s.sisSectionId !== null,
  );
  const termEnrollments = [...store.enrollments.values()].filter(
    (e) => termCourseIds.has(e.courseId) && e.workflowState !== 'deleted' && sisTouched(e),
  );

  const doomed = {
    courses: supplied.has('course') ? termCourses.filter(untouched) : [],
    sections: supplied.has('section') ? termSections.filter(untouched) : [],
    enrollments: supplied.has('enrollment') ? termEnrollments.filter(untouched) : [],
  };
  const threshold = ctx.options.changeThreshold;
  if (threshold !== null) {
    const totals = { courses: termCourses.length, sections: termSections.length, enrollments: termEnrollments.length };
    for (const type of ['courses', 'sections', 'enrollments'] as const) {
      const count = doomed[type].length;
      if (count > 0 && (count / totals[type]) * 100 > threshold) {
        return { kind: 'aborted', message: `${count} ${type} would be deleted and exceeds the set threshold of ${threshold}%` };
      }
    }
  }

  const dropStatus = ctx.options.batchModeEnrollmentDropStatus;
  for (const enrollment of doomed.enrollments) setEnrollmentState(ctx, enrollment, dropStatus);
  for (const section of doomed.sections) deleteSection(ctx, section);
  for (const course of doomed.courses) deleteCourse(ctx, course);
  const counts = sisImport.counts;
  if (doomed.courses.length > 0) counts['batch_courses_deleted'] = doomed.courses.length;
  if (doomed.sections.length > 0) counts['batch_sections_deleted'] = doomed.sections.length;
  if (doomed.enrollments.length > 0) counts['batch_enrollments_deleted'] = doomed.enrollments.length;
  return { kind: 'done' };
}

function batchTermIds(ctx: ImportContext): Set<number> | 'missing' {
  const { options } = ctx;
  if (options.multiTermBatchMode) {
    const terms = [...ctx.store.terms.values()].filter((t) => t.sisBatchId === ctx.batchId);
    return terms.length === 0 ? 'missing' : new Set(terms.map((t) => t.id));
  }
  return new Set(options.batchModeTermId === null ? [] : [options.batchModeTermId]);
}

function setEnrollmentState(ctx: ImportContext, enrollment: Enrollment, state: Enrollment['workflowState']): void {
  const previous = enrollment.workflowState;
  enrollment.workflowState = state;
  enrollment.updatedAt = ctx.now;
  ctx.stateChange('Enrollment', enrollment.id, previous, state, true);
}

/** Deleting a section deletes its enrollments with it. */
function deleteSection(ctx: ImportContext, section: Section): void {
  for (const enrollment of ctx.store.enrollments.values()) {
    if (enrollment.sectionId === section.id && enrollment.workflowState !== 'deleted') setEnrollmentState(ctx, enrollment, 'deleted');
  }
  const previous = section.workflowState;
  section.workflowState = 'deleted';
  ctx.stateChange('CourseSection', section.id, previous, 'deleted', true);
}

function deleteCourse(ctx: ImportContext, course: Course): void {
  const previous = course.workflowState;
  course.workflowState = 'deleted';
  ctx.stateChange('Course', course.id, previous, 'deleted', true);
}
