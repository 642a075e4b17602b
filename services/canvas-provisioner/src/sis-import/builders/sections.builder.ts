import type { SectionRow } from '../csv/sis-csv-rows';
import type { BuildContext, SnapshotIndex } from './build-context';
import { canvasCourseIdOf } from './canvas-course-ids';
import { diffDerivedRows, type RowDelta } from './derived-rows';

/**
 * sections.csv: every PowerSchool section is a Canvas section with the section's SIS id, in the
 * Canvas course of the district's course mode. Passback maps Canvas sections back to
 * PowerTeacher Pro's `sectionsdcid` through this SIS id.
 */
export function buildSectionRows(context: BuildContext): RowDelta<SectionRow> {
  const mode = context.canvas.courseMode;
  return diffDerivedRows(sectionRows(context.before, mode), sectionRows(context.after, mode), (row) => ({ ...row, status: 'deleted' }));
}

function sectionRows(lookups: SnapshotIndex, mode: BuildContext['canvas']['courseMode']): Map<string, SectionRow> {
  const rows = new Map<string, SectionRow>();
  for (const section of lookups.sections.values()) {
    rows.set(section.sisId, {
      section_id: section.sisId,
      course_id: canvasCourseIdOf(section, mode),
      name: section.sectionCode ?? section.sisId,
      status: 'active',
    });
  }
  return rows;
}
