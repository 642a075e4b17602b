import type { UnreadCourse, UnreadCourseRule } from '@sisbridge/contracts';

/** What to do about each kind of course whose grades could not be read, in the teacher's words. */
const FIXES: Record<UnreadCourseRule, string> = {
  'course-unpublished':
    'Publish the course in Canvas (Home → Publish): Canvas gives no grades of an unpublished course to PowerSchool. Then click Sync Grades again.',
  'grade-export-off':
    'Ask your Canvas administrator to turn on the SIS integration for this course’s account (install Sync Grades there, or enable Post Grades); Canvas gives no grades to PowerSchool without it.',
  'no-canvas-courses':
    'Canvas lists you as the teacher of none of your PowerSchool sections this year: check that your courses were provisioned into Canvas and that you are enrolled in them as the teacher.',
};

export function unreadCourse(rule: UnreadCourseRule, course: { canvasCourseId?: number; courseSisId?: string | undefined }): UnreadCourse {
  return {
    rule,
    ...(course.canvasCourseId === undefined ? {} : { canvasCourseId: course.canvasCourseId }),
    ...(course.courseSisId ? { courseSisId: course.courseSisId } : {}),
    fix: FIXES[rule],
  };
}

/** The unread courses in one line, for the run's reason (CLI report, Temporal UI). */
export function describeUnreadCourses(courses: readonly UnreadCourse[]): string {
  const named = courses.map(
    (course) =>
      `${course.courseSisId ?? (course.canvasCourseId ? `course ${course.canvasCourseId}` : 'your courses')}: ${course.rule} — ${course.fix}`,
  );
  return `${courses.length === 1 ? 'One course' : `${courses.length} courses`} could not be read, so nothing of ${courses.length === 1 ? 'it' : 'them'} was sent. ${named.join(' ')}`;
}
