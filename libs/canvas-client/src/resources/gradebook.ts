import type { CanvasHttp } from '../http/canvas-http';
import type { CanvasAssignmentGroup, CanvasEnrollment, CanvasSubmission, GroupedSubmissions, SisAssignment } from '../types/canvas-types';

export interface AssignmentGroupInput {
  name: string;
  position?: number;
  sis_source_id?: string;
  /** Merged by Canvas into the existing hash, never replaced (canvas.md §5). */
  integration_data?: Record<string, string>;
}

/** What grade passback reads from Canvas, and the assignment groups it manages. */
export class GradebookApi {
  constructor(private readonly http: CanvasHttp) {}

  /**
   * A teacher's active teacher enrollments (one per section they teach in Canvas), by user id or
   * `sis_user_id:…`: the courses grade passback and assignment groups work in.
   */
  teacherEnrollments(userRef: number | string): Promise<CanvasEnrollment[]> {
    return this.http.all<CanvasEnrollment>(`/api/v1/users/${enc(userRef)}/enrollments`, { type: ['TeacherEnrollment'], state: ['active'] });
  }

  assignmentGroups(courseId: number | string): Promise<CanvasAssignmentGroup[]> {
    return this.http.all<CanvasAssignmentGroup>(`/api/v1/courses/${enc(courseId)}/assignment_groups`);
  }

  async createAssignmentGroup(courseId: number | string, group: AssignmentGroupInput): Promise<CanvasAssignmentGroup> {
    return (await this.http.request<CanvasAssignmentGroup>('POST', `/api/v1/courses/${enc(courseId)}/assignment_groups`, { body: group }))
      .data;
  }

  async updateAssignmentGroup(
    courseId: number | string,
    groupId: number,
    group: Partial<AssignmentGroupInput>,
  ): Promise<CanvasAssignmentGroup> {
    return (
      await this.http.request<CanvasAssignmentGroup>('PUT', `/api/v1/courses/${enc(courseId)}/assignment_groups/${groupId}`, {
        body: group,
      })
    ).data;
  }

  /** Published `post_to_sis` assignments of a course, with sections and per-student overrides. */
  sisAssignments(courseId: number | string): Promise<SisAssignment[]> {
    return this.http.all<SisAssignment>(`/api/sis/courses/${enc(courseId)}/assignments`, { include: 'student_overrides' });
  }

  /** Every student's submissions for the given assignments, grouped by student. */
  groupedSubmissions(courseId: number | string, assignmentIds: readonly number[]): Promise<GroupedSubmissions[]> {
    return this.http.all<GroupedSubmissions>(`/api/v1/courses/${enc(courseId)}/students/submissions`, {
      student_ids: ['all'],
      assignment_ids: assignmentIds.map(String),
      grouped: true,
    });
  }

  submissions(courseId: number | string, assignmentIds: readonly number[]): Promise<CanvasSubmission[]> {
    return this.http.all<CanvasSubmission>(`/api/v1/courses/${enc(courseId)}/students/submissions`, {
      student_ids: ['all'],
      assignment_ids: assignmentIds.map(String),
    });
  }
}

function enc(id: number | string): string {
  return encodeURIComponent(String(id));
}
