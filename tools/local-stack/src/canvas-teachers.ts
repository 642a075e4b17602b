import type { CanvasStore } from '@sisbridge/canvas-simulator';
import type { SyncGradesCourse } from '@sisbridge/test-support';

/**
 * Each teacher's courses in the Canvas simulator (active TeacherEnrollments), for the Sync Grades
 * page: the Canvas ids and SIS ids a launch carries, and the names a person recognises.
 */
export function teacherCourses(store: CanvasStore): SyncGradesCourse[] {
  const courses: SyncGradesCourse[] = [];
  const seen = new Set<string>();
  for (const enrollment of store.enrollments.values()) {
    if (enrollment.type !== 'TeacherEnrollment' || enrollment.workflowState !== 'active') continue;
    const key = `${enrollment.userId} ${enrollment.courseId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const course = store.courses.get(enrollment.courseId);
    const user = store.users.get(enrollment.userId);
    if (!course || course.workflowState === 'deleted' || !user) continue;
    const sisId = store.primaryLogin(user.id)?.sisUserId ?? undefined;
    courses.push({
      teacher: { canvasUserId: user.id, name: user.sortableName || user.name, ...(sisId ? { sisId } : {}) },
      course: { canvasId: course.id, title: course.name, ...(course.sisCourseId ? { sisId: course.sisCourseId } : {}) },
    });
  }
  return courses;
}
