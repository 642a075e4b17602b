import { setTimeout as sleep } from 'node:timers/promises';

type Fields = Record<string, string | number | boolean | string[] | undefined>;

/**
 * What a teacher does in Canvas, through Canvas's REST API (the simulator's): publish a course,
 * make assignment groups and Sync-to-SIS assignments, grade. Throttled answers (403 "Rate Limit
 * Exceeded") are waited out, as any Canvas client must.
 */
export class CanvasTeacher {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, fields?: Fields): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const body = fields ? form(fields) : undefined;
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      const text = await response.text();
      if (response.status === 403 && /rate limit/i.test(text) && attempt < 30) {
        await sleep(200 * (attempt + 1));
        continue;
      }
      if (response.status >= 500 && attempt < 10) {
        await sleep(100);
        continue;
      }
      if (response.status >= 300) throw new Error(`Canvas ${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }

  async publish(courseRef: string): Promise<{ id: number }> {
    return this.call('PUT', `/api/v1/courses/${encodeURIComponent(courseRef)}`, { 'course[event]': 'offer' });
  }

  async sections(courseId: number): Promise<Array<{ id: number; sis_section_id: string | null }>> {
    return this.call('GET', `/api/v1/courses/${courseId}/sections?per_page=100`);
  }

  async groups(
    courseId: number,
  ): Promise<Array<{ id: number; name: string; sis_source_id: string | null; integration_data: Record<string, string> }>> {
    return this.call('GET', `/api/v1/courses/${courseId}/assignment_groups?per_page=100`);
  }

  async createGroup(courseId: number, name: string): Promise<{ id: number }> {
    return this.call('POST', `/api/v1/courses/${courseId}/assignment_groups`, { name });
  }

  async renameGroup(courseId: number, groupId: number, name: string): Promise<void> {
    await this.call('PUT', `/api/v1/courses/${courseId}/assignment_groups/${groupId}`, { name });
  }

  async students(courseId: number): Promise<Array<{ user_id: number; sis_user_id: string | null; course_section_id: number }>> {
    const all: Array<{ user_id: number; sis_user_id: string | null; course_section_id: number }> = [];
    for (let page = 1; ; page++) {
      const batch = await this.call<Array<{ user_id: number; sis_user_id: string | null; course_section_id: number }>>(
        'GET',
        `/api/v1/courses/${courseId}/enrollments?type[]=StudentEnrollment&per_page=100&page=${page}`,
      );
      all.push(...batch);
      if (batch.length < 100) return all;
    }
  }

  async createAssignment(
    courseId: number,
    assignment: { name: string; groupId: number; points: number; dueAt: Date | null; onlyStudents?: number[]; submissionTypes?: string[] },
  ): Promise<{ id: number }> {
    const fields: Fields = {
      'assignment[name]': assignment.name,
      'assignment[points_possible]': assignment.points,
      'assignment[assignment_group_id]': assignment.groupId,
      'assignment[post_to_sis]': true,
      'assignment[published]': true,
      'assignment[due_at]': assignment.dueAt ? assignment.dueAt.toISOString() : '',
      'assignment[submission_types][]': assignment.submissionTypes ?? ['on_paper'],
    };
    if (assignment.onlyStudents) {
      fields['assignment[only_visible_to_overrides]'] = true;
      fields['assignment[assignment_overrides][][student_ids][]'] = assignment.onlyStudents.map(String);
      fields['assignment[assignment_overrides][][due_at]'] = (assignment.dueAt ?? new Date()).toISOString();
    }
    return this.call('POST', `/api/v1/courses/${courseId}/assignments`, fields);
  }

  async grade(
    courseId: number,
    assignmentId: number,
    userId: number,
    grade: { score?: number; excused?: boolean; missing?: boolean; late?: boolean },
  ): Promise<void> {
    const fields: Fields = {};
    if (grade.excused) fields['submission[excuse]'] = true;
    if (grade.score !== undefined) fields['submission[posted_grade]'] = grade.score;
    if (grade.missing) fields['submission[late_policy_status]'] = 'missing';
    // A teacher marks work late by how late it was (Canvas then says late_policy_status: late).
    if (grade.late) fields['submission[seconds_late_override]'] = 3_600;
    await this.call('PUT', `/api/v1/courses/${courseId}/assignments/${assignmentId}/submissions/${userId}`, fields);
  }
}

function form(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  return params.toString();
}
