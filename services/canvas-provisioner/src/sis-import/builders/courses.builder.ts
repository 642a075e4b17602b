import type { CourseRow } from '../csv/sis-csv-rows';
import type { BuildContext, SnapshotIndex } from './build-context';
import { canvasCourseIdOf, canvasTermOf } from './canvas-course-ids';
import { diffDerivedRows, type RowDelta } from './derived-rows';

/**
 * courses.csv, in the district's course mode:
 * - one course per section: each PowerSchool section is a Canvas course (its SIS id is the
 *   section's), named "{course title} ({section code})";
 * - one course per offering: one Canvas course per PowerSchool course and term, shared by the
 *   sections of that course in that term, named after the course.
 * A course whose sections are all gone is deleted; it keeps its content in Canvas (restorable).
 */
export function buildCourseRows(context: BuildContext): RowDelta<CourseRow> {
  const mode = context.canvas.courseMode;
  return diffDerivedRows(courseRows(context.before, mode), courseRows(context.after, mode), (row) => ({ ...row, status: 'deleted' }));
}

function courseRows(lookups: SnapshotIndex, mode: BuildContext['canvas']['courseMode']): Map<string, CourseRow> {
  const rows = new Map<string, CourseRow>();
  for (const section of lookups.sections.values()) {
    const course = lookups.courses.get(section.courseSisId);
    const title = course?.title ?? section.courseSisId;
    const code = course?.courseCode ?? title;
    const id = canvasCourseIdOf(section, mode);
    if (rows.has(id)) continue;
    rows.set(id, {
      course_id: id,
      short_name: mode === 'course-per-section' ? (section.sectionCode ?? code) : code,
      long_name: mode === 'course-per-section' ? `${title} (${section.sectionCode ?? section.sisId})` : title,
      account_id: section.schoolSisId,
      term_id: canvasTermOf(section),
      status: 'active',
    });
  }
  return rows;
}
