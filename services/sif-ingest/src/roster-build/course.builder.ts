import type { RosterCourse } from '@sisbridge/roster';
import type { SchoolCourseInfoRecord } from '@sisbridge/sif-codec';
import { isCurrentYear, type RosterBuildContext } from './build-context';
import { dangling } from './rejection';
import { sisIdOf } from './sis-ids';

/** SchoolCourseInfo of the school year → a course of its school; the title falls back to the course code, then the SIS id. */
export function buildCourse(record: SchoolCourseInfoRecord, context: RosterBuildContext): RosterCourse | undefined {
  if (!isCurrentYear(context, record)) return undefined;
  const school = context.school(record.schoolInfoRefId);
  if (!school) {
    context.reject({
      objectName: 'SchoolCourseInfo',
      refId: record.refId,
      problem: dangling('SchoolCourseInfo', '@SchoolInfoRefId', record.schoolInfoRefId, 'SchoolInfo'),
    });
    return undefined;
  }
  const id = sisIdOf(context.rules, 'course', record, 'SchoolCourseInfo');
  if (!context.claim('course', id, 'SchoolCourseInfo', record.refId)) return undefined;
  const course: RosterCourse = {
    kind: 'course',
    sisId: id.sisId,
    refId: record.refId,
    schoolSisId: school.sisId,
    title: record.courseTitle ?? record.courseCode ?? id.sisId,
  };
  if (id.dcid !== undefined) course.dcid = id.dcid;
  if (record.courseCode) course.courseCode = record.courseCode;
  return course;
}
