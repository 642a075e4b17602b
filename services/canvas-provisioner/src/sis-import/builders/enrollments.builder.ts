import type { RosterChange, RosterEnrollment } from '@sisbridge/roster';
import type { EnrollmentRow } from '../csv/sis-csv-rows';
import type { BuildContext, BuildProblem } from './build-context';
import { canvasCourseIdOf } from './canvas-course-ids';

export type EnrollmentRowResult = { row: EnrollmentRow; op: 'create' | 'delete' } | { problem: BuildProblem } | undefined;

/**
 * enrollments.csv: a student or teacher in a section (and so in its Canvas course). A dropped
 * enrollment becomes `completed` (read-only, keeps the grades) or `deleted`, as the district
 * chose. Date changes alone send nothing: Canvas enrollments carry no PowerSchool dates.
 */
export function buildEnrollmentRow(change: RosterChange<RosterEnrollment>, context: BuildContext): EnrollmentRowResult {
  if (change.op === 'change') return undefined;
  const enrollment = change.op === 'remove' ? change.before : change.after;
  // A removed enrollment may belong to a section that is gone too: look in both snapshots.
  const section = context.after.sections.get(enrollment.sectionSisId) ?? context.before.sections.get(enrollment.sectionSisId);
  if (!section) {
    return {
      problem: {
        kind: 'enrollment',
        sisId: enrollment.sisId,
        problem: `refers to section ${enrollment.sectionSisId}, which is in neither snapshot`,
      },
    };
  }
  return {
    op: change.op === 'add' ? 'create' : 'delete',
    row: {
      course_id: canvasCourseIdOf(section, context.canvas.courseMode),
      section_id: section.sisId,
      user_id: enrollment.userSisId,
      role: enrollment.role,
      status: change.op === 'remove' ? context.canvas.enrollmentDropStatus : 'active',
    },
  };
}
