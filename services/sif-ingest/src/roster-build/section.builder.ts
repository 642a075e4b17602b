import { enrollmentSisId, type RosterEnrollment, type RosterSection } from '@sisbridge/roster';
import type { SectionInfoRecord } from '@sisbridge/sif-codec';
import { isCurrentYear, type RosterBuildContext } from './build-context';
import { dangling } from './rejection';
import { sisIdOf } from './sis-ids';

/** A section with its teachers' enrollments (lead first), and the teachers by RefId: each belongs to the section's school. */
export interface BuiltSection {
  section: RosterSection;
  teacherEnrollments: RosterEnrollment[];
  teacherRefIds: string[];
}

/**
 * SectionInfo of the school year → a section: its school from its course, its terms and
 * teachers from its ScheduleInfo entries (several teachers allowed, lead first, no repeats; a
 * year-long section may name two terms). Every term must be of the course's school; a section
 * naming a term or teacher the roster does not hold is rejected with every such problem named.
 */
export function buildSection(record: SectionInfoRecord, context: RosterBuildContext): BuiltSection | undefined {
  if (!isCurrentYear(context, record)) return undefined;
  const course = context.course(record.schoolCourseInfoRefId);
  if (!course) {
    context.reject({
      objectName: 'SectionInfo',
      refId: record.refId,
      problem: dangling('SectionInfo', '@SchoolCourseInfoRefId', record.schoolCourseInfoRefId, 'SchoolCourseInfo'),
    });
    return undefined;
  }
  const termSisIds: string[] = [];
  const teacherRefIds: string[] = [];
  const problems: string[] = [];
  for (const schedule of record.scheduleInfo ?? []) {
    const term = context.term(schedule.termInfoRefId);
    if (!term) problems.push(dangling('SectionInfo', 'ScheduleInfo/@TermInfoRefId', schedule.termInfoRefId, 'TermInfo'));
    else if (term.schoolSisId !== course.schoolSisId)
      problems.push(
        `SectionInfo's ScheduleInfo names TermInfo ${schedule.termInfoRefId} of school ${term.schoolSisId}, but its course is at school ${course.schoolSisId}`,
      );
    else if (!termSisIds.includes(term.sisId)) termSisIds.push(term.sisId);
    for (const teacherRefId of schedule.teacherRefIds) {
      if (!context.staff(teacherRefId))
        problems.push(dangling('SectionInfo', 'ScheduleInfo/TeacherList/StaffPersonalRefId', teacherRefId, 'StaffPersonal'));
      else if (!teacherRefIds.includes(teacherRefId)) teacherRefIds.push(teacherRefId);
    }
  }
  if (problems.length > 0) {
    context.reject({ objectName: 'SectionInfo', refId: record.refId, problem: problems.join('; ') });
    return undefined;
  }
  const id = sisIdOf(context.rules, 'section', record, 'SectionInfo');
  if (!context.claim('section', id, 'SectionInfo', record.refId)) return undefined;
  const teacherSisIds = teacherRefIds.map((refId) => context.staff(refId)?.sisId ?? '');
  const section: RosterSection = {
    kind: 'section',
    sisId: id.sisId,
    refId: record.refId,
    courseSisId: course.sisId,
    schoolSisId: course.schoolSisId,
    termSisIds,
    teacherSisIds,
  };
  if (id.dcid !== undefined) section.dcid = id.dcid;
  if (record.localId) section.sectionCode = record.localId;
  if (record.description) section.description = record.description;
  const teacherEnrollments = teacherSisIds.map((teacherSisId): RosterEnrollment => ({
    kind: 'enrollment',
    sisId: enrollmentSisId(section.sisId, teacherSisId, 'teacher'),
    sectionSisId: section.sisId,
    userSisId: teacherSisId,
    role: 'teacher',
  }));
  return { section, teacherEnrollments, teacherRefIds };
}
