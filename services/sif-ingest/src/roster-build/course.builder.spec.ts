import { contextWith, dcid, SCHOOL_A } from '../testing/roster-build.test-helper';
import { buildCourse } from './course.builder';

describe('buildCourse', () => {
  const record = {
    objectName: 'SchoolCourseInfo' as const,
    refId: 'CA',
    schoolInfoRefId: 'SA',
    schoolYear: 2026,
    courseCode: 'MATH7',
    ...dcid(21),
  };

  it('makes a course of its school, titled by CourseTitle, else the course code', () => {
    const { context } = contextWith({ schools: [SCHOOL_A] });
    expect(buildCourse({ ...record, courseTitle: 'Math 7' }, context)).toEqual({
      kind: 'course',
      sisId: 'CRS21',
      refId: 'CA',
      dcid: 21,
      schoolSisId: 'SCH1',
      title: 'Math 7',
      courseCode: 'MATH7',
    });
    expect(buildCourse({ ...record, refId: 'CB', ...dcid(22) }, context)?.title).toBe('MATH7');
  });

  it('skips another school year, and rejects a course whose school is missing', () => {
    const { context, rejections } = contextWith();
    expect(buildCourse({ ...record, schoolYear: 2027 }, context)).toBeUndefined();
    expect(context.skipped.otherSchoolYear).toBe(1);
    expect(buildCourse(record, context)).toBeUndefined();
    expect(rejections.map((r) => r.problem)).toEqual([
      'SchoolCourseInfo/@SchoolInfoRefId SA names no SchoolInfo in the roster (missing from the feed, of another school year, or rejected)',
    ]);
  });
});
