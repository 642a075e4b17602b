import type { CanvasHttp } from '../http/canvas-http';
import type { CanvasCourse, CanvasEnrollment } from '../types/canvas-types';

/** `grade_passback_setting` values (canvas.md §1.5); Canvas stores `not_set` as null. */
export type GradePassbackSetting = 'nightly_sync' | 'not_set';

/** Which courses a passback covers, and who teaches them. */
export class PassbackCoursesApi {
  constructor(private readonly http: CanvasHttp) {}

  /**
   * Published courses of the account and its sub-accounts whose `grade_passback_setting` is the
   * given one. Canvas has no filter for the setting, so the account's courses are read page by
   * page and filtered here.
   */
  async *coursesWithPassbackSetting(accountId: number | string, setting: GradePassbackSetting): AsyncGenerator<CanvasCourse> {
    for await (const course of this.http.paginate<CanvasCourse>(`/api/v1/accounts/${enc(accountId)}/courses`, { state: ['available'] })) {
      if ((course.grade_passback_setting ?? 'not_set') === setting) yield course;
    }
  }

  /** Active teacher enrollments of a course (one per section taught), optionally of one user (a Canvas id or `sis_user_id:…`). */
  teacherEnrollments(courseId: number | string, userId?: number | string): Promise<CanvasEnrollment[]> {
    return this.http.all<CanvasEnrollment>(`/api/v1/courses/${enc(courseId)}/enrollments`, {
      type: ['TeacherEnrollment'],
      state: ['active'],
      user_id: userId === undefined ? undefined : String(userId),
    });
  }
}

function enc(id: number | string): string {
  return encodeURIComponent(String(id));
}
