import { startCanvasSimulator, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import { CanvasClient, sisRef } from '../canvas-client';

/**
 * The gradebook reads and writes passback and categories rely on, against the Canvas simulator:
 * a teacher's enrollments (the courses to work in), assignment groups with `sis_source_id` and
 * merged `integration_data`.
 */
describe('Canvas gradebook API against the Canvas simulator', () => {
  let canvas: CanvasSimulator;
  let client: CanvasClient;

  beforeAll(async () => {
    canvas = await startCanvasSimulator({ throttle: false });
    client = new CanvasClient({ baseUrl: canvas.url, rootAccountId: 1, token: canvas.token });
  });
  afterAll(async () => canvas?.close());

  const post = <T>(path: string, body: unknown) => client.http.request<T>('POST', path, { body }).then((r) => r.data);

  it('lists a teacher’s active teacher enrollments by SIS id, with each section’s SIS id', async () => {
    const teacher = await post<{ id: number }>('/api/v1/accounts/1/users', {
      user: { name: 'T' },
      pseudonym: { unique_id: 't4711', sis_user_id: 'T4711' },
    });
    const student = await post<{ id: number }>('/api/v1/accounts/1/users', {
      user: { name: 'S' },
      pseudonym: { unique_id: 's1', sis_user_id: 'S1' },
    });
    const courses: number[] = [];
    for (const n of [1, 2]) {
      const course = await post<{ id: number }>('/api/v1/accounts/1/courses', {
        course: { name: `Algebra ${n}`, sis_course_id: `SEC${n}` },
      });
      const section = await post<{ id: number }>(`/api/v1/courses/${course.id}/sections`, {
        course_section: { name: `P${n}`, sis_section_id: `SEC${n}` },
      });
      await post(`/api/v1/courses/${course.id}/enrollments`, {
        enrollment: { user_id: teacher.id, type: 'TeacherEnrollment', enrollment_state: 'active', course_section_id: section.id },
      });
      await post(`/api/v1/courses/${course.id}/enrollments`, {
        enrollment: { user_id: student.id, type: 'StudentEnrollment', enrollment_state: 'active', course_section_id: section.id },
      });
      courses.push(course.id);
    }
    const enrollments = await client.gradebook.teacherEnrollments(sisRef('user', 'T4711'));
    expect(enrollments.map((e) => [e.course_id, e.sis_section_id, e.type])).toEqual([
      [courses[0], 'SEC1', 'TeacherEnrollment'],
      [courses[1], 'SEC2', 'TeacherEnrollment'],
    ]);
    expect(await client.gradebook.teacherEnrollments(sisRef('user', 'S1'))).toEqual([]);
  });

  it('creates and updates assignment groups; integration_data is merged, not replaced', async () => {
    const course = await post<{ id: number }>('/api/v1/accounts/1/courses', { course: { name: 'Biology' } });
    const group = await client.gradebook.createAssignmentGroup(course.id, {
      name: 'Homework',
      sis_source_id: 'ptp-category-5120',
      integration_data: { ptp_teacher_category_id: '5120' },
    });
    await client.gradebook.updateAssignmentGroup(course.id, group.id, { name: 'Home Practice', integration_data: { other: 'kept' } });
    expect(await client.gradebook.assignmentGroups(course.id)).toEqual([
      expect.objectContaining({
        id: group.id,
        name: 'Home Practice',
        sis_source_id: 'ptp-category-5120',
        integration_data: { ptp_teacher_category_id: '5120', other: 'kept' },
      }),
    ]);
  });
});
