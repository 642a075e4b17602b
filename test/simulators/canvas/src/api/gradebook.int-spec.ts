import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from '../testing/canvas-test-client';

interface Json {
  [key: string]: unknown;
}

/** BIO1 has sections BIO1-A (S1, S2) and BIO1-B (S3); the clock is pinned inside the term. */
describe('a teacher’s gradebook: assignment groups, assignments, grading, submissions, SIS integration', () => {
  const NOW = new Date('2025-10-20T12:00:00Z');
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  let courseId: number;
  let ids: Record<string, number>;

  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 2, throttle: false, now: () => NOW });
    client = new CanvasTestClient(sim.url, sim.token);
    await client.importCsvs(smallDistrictCsvs());
    const course = await client.json<Json>('PUT', '/api/v1/courses/sis_course_id:BIO1', { form: { 'course[event]': 'offer' } });
    courseId = course['id'] as number;
    ids = {};
    for (const sisId of ['S1', 'S2', 'S3', 'T1'])
      ids[sisId] = (await client.json<Json>('GET', `/api/v1/users/sis_user_id:${sisId}`))['id'] as number;
    for (const sisId of ['BIO1-A', 'BIO1-B'])
      ids[sisId] = (await client.json<Json>('GET', `/api/v1/sections/sis_section_id:${sisId}`))['id'] as number;
  });
  afterEach(async () => sim.close());

  const createAssignment = (fields: Record<string, string | number | boolean | string[]>) =>
    client.json<Json>('POST', `/api/v1/courses/${courseId}/assignments`, {
      form: Object.fromEntries(Object.entries(fields).map(([k, v]) => [`assignment[${k}]`, v])),
    });
  const grade = (assignmentId: unknown, userId: number, fields: Record<string, string | boolean>) =>
    client.json<Json>('PUT', `/api/v1/courses/${courseId}/assignments/${String(assignmentId)}/submissions/${userId}`, {
      form: Object.fromEntries(Object.entries(fields).map(([k, v]) => [`submission[${k}]`, v])),
    });

  describe('assignment groups', () => {
    it('creates, lists by position, updates (merging integration_data) and deletes with move_assignments_to', async () => {
      const homework = await client.json<Json>('POST', `/api/v1/courses/${courseId}/assignment_groups`, {
        form: { name: 'Homework', sis_source_id: '5120', integration_data: JSON.stringify({ ptp: '5120', color: '2' }) },
      });
      const tests = await client.json<Json>('POST', `/api/v1/courses/${courseId}/assignment_groups`, {
        json: { name: 'Tests', position: 0, group_weight: 40, integration_data: { ptp: '5121' } },
      });
      expect((await client.json<Json[]>('GET', `/api/v1/courses/${courseId}/assignment_groups`)).map((g) => g['name'])).toEqual([
        'Tests',
        'Homework',
      ]);
      const updated = await client.json<Json>('PUT', `/api/v1/courses/${courseId}/assignment_groups/${String(homework['id'])}`, {
        json: { name: 'Home Work', integration_data: { color: '3', district: 'yes' } },
      });
      expect(updated).toMatchObject({
        name: 'Home Work',
        sis_source_id: '5120',
        integration_data: { ptp: '5120', color: '3', district: 'yes' },
      });
      // An empty string leaves integration_data as it is.
      expect(
        await client.json<Json>('PUT', `/api/v1/courses/${courseId}/assignment_groups/${String(homework['id'])}`, {
          form: { integration_data: '' },
        }),
      ).toMatchObject({ integration_data: { ptp: '5120', color: '3', district: 'yes' } });
      const moved = await createAssignment({ name: 'Worksheet', assignment_group_id: homework['id'] as number });
      const doomed = await client.json<Json>('POST', `/api/v1/courses/${courseId}/assignment_groups`, { form: { name: 'Doomed' } });
      const goesWithIt = await createAssignment({ name: 'Doomed work', assignment_group_id: doomed['id'] as number });
      await client.json('DELETE', `/api/v1/courses/${courseId}/assignment_groups/${String(homework['id'])}`, {
        query: { move_assignments_to: tests['id'] as number },
      });
      await client.json('DELETE', `/api/v1/courses/${courseId}/assignment_groups/${String(doomed['id'])}`);
      expect(
        (await client.json<Json>('GET', `/api/v1/courses/${courseId}/assignments/${String(moved['id'])}`))['assignment_group_id'],
      ).toBe(tests['id']);
      expect((await client.request('GET', `/api/v1/courses/${courseId}/assignments/${String(goesWithIt['id'])}`)).status).toBe(404);
      const withAssignments = await client.json<Json[]>('GET', `/api/v1/courses/${courseId}/assignment_groups`, {
        query: { 'include[]': ['assignments'] },
      });
      expect(withAssignments).toEqual([
        expect.objectContaining({ name: 'Tests', assignments: [expect.objectContaining({ name: 'Worksheet' })] }),
      ]);
    });
  });

  describe('assignments', () => {
    it('creates and updates with post_to_sis, due_at, points_possible, group, published and overrides', async () => {
      const created = await createAssignment({
        name: 'Unit 3 Test',
        post_to_sis: true,
        due_at: '2025-10-15T23:59:00Z',
        points_possible: 40,
        published: true,
        'submission_types][': 'online_text_entry',
      });
      expect(created).toMatchObject({
        name: 'Unit 3 Test',
        post_to_sis: true,
        due_at: '2025-10-15T23:59:00Z',
        points_possible: 40,
        published: true,
        has_overrides: false,
        max_name_length: 255,
      });
      // Without assignment_group_id the course's first group (made on demand) is used.
      expect(
        (await client.json<Json>('GET', `/api/v1/courses/${courseId}/assignment_groups/${String(created['assignment_group_id'])}`))['name'],
      ).toBe('Assignments');
      const updated = await client.json<Json>('PUT', `/api/v1/courses/${courseId}/assignments/${String(created['id'])}`, {
        form: {
          'assignment[assignment_overrides][][course_section_id]': String(ids['BIO1-B']),
          'assignment[assignment_overrides][][due_at]': '2025-10-17T23:59:00Z',
          'assignment[points_possible]': 50,
        },
      });
      expect(updated).toMatchObject({
        points_possible: 50,
        has_overrides: true,
        overrides: [expect.objectContaining({ course_section_id: ids['BIO1-B'], due_at: '2025-10-17T23:59:00Z', title: 'Biology B' })],
      });
      const studentOnly = await createAssignment({
        name: 'Makeup',
        published: true,
        only_visible_to_overrides: true,
        'assignment_overrides][][student_ids][': [String(ids['S1'])],
      });
      expect(studentOnly).toMatchObject({
        only_visible_to_overrides: true,
        overrides: [expect.objectContaining({ student_ids: [ids['S1']], title: '1 student' })],
      });
      const overrides = await client.json<Json[]>('GET', `/api/v1/courses/${courseId}/assignments/${String(studentOnly['id'])}/overrides`);
      expect(overrides).toHaveLength(1);
      const listed = await client.json<Json[]>('GET', `/api/v1/courses/${courseId}/assignments`, { query: { post_to_sis: true } });
      expect(listed.map((a) => a['name'])).toEqual(['Unit 3 Test']);
      // A name is required, and a student must be in the course to get an override.
      expect((await client.request('POST', `/api/v1/courses/${courseId}/assignments`, { form: { 'assignment[name]': '' } })).status).toBe(
        400,
      );
      const stranger = await client.request('POST', `/api/v1/courses/${courseId}/assignments/${String(created['id'])}/overrides`, {
        form: { 'assignment_override[student_ids][]': '999999' },
      });
      expect(stranger.status).toBe(400);
    });

    it('enforces the account’s SIS name length and due date rules on post_to_sis assignments', async () => {
      await client.json('PUT', '/api/v1/accounts/self', {
        form: {
          'account[settings][sis_syncing][value]': 'true',
          'account[settings][sis_assignment_name_length][value]': 'true',
          'account[settings][sis_assignment_name_length_input][value]': '30',
          'account[settings][sis_require_assignment_due_date][value]': 'true',
        },
      });
      const long = await client.request('POST', `/api/v1/courses/${courseId}/assignments`, {
        form: {
          'assignment[name]': 'A name that is longer than thirty characters',
          'assignment[post_to_sis]': 'true',
          'assignment[due_at]': '2025-10-15T00:00:00Z',
        },
      });
      expect(long).toMatchObject({
        status: 400,
        body: { errors: { title: [{ attribute: 'title', type: 'too_long', message: 'The title cannot be longer than 30 characters' }] } },
      });
      const undated = await client.request('POST', `/api/v1/courses/${courseId}/assignments`, {
        form: { 'assignment[name]': 'Quiz', 'assignment[post_to_sis]': 'true' },
      });
      expect(undated).toMatchObject({
        status: 400,
        body: { errors: { due_at: [{ message: 'cannot be blank when Post to Sis is checked' }] } },
      });
      // Not synced, neither rule applies.
      expect(
        (await createAssignment({ name: 'A name that is longer than thirty characters', post_to_sis: false }))['max_name_length'],
      ).toBe(255);
    });
  });

  describe('grading and submissions', () => {
    it('grades with posted_grade, excuse and late_policy_status, and reads them back with score, excused, late and missing', async () => {
      const assignment = await createAssignment({
        name: 'Lab',
        post_to_sis: true,
        published: true,
        points_possible: 20,
        due_at: '2025-10-10T23:59:00Z',
        'submission_types][': 'online_text_entry',
      });
      expect(await grade(assignment['id'], ids['S1'] as number, { posted_grade: '17' })).toMatchObject({
        score: 17,
        grade: '17',
        workflow_state: 'graded',
        grader_id: expect.any(Number),
        late: false,
        missing: false,
      });
      expect(await grade(assignment['id'], ids['S2'] as number, { excuse: true })).toMatchObject({
        excused: true,
        score: null,
        late: false,
        missing: false,
      });
      expect(await grade(assignment['id'], ids['S3'] as number, { late_policy_status: 'late', posted_grade: '50%' })).toMatchObject({
        score: 10,
        late: true,
        late_policy_status: 'late',
      });
      // Nothing handed in after the due date: missing, until the teacher says otherwise.
      const ungraded = await client.json<Json>('POST', `/api/v1/courses/${courseId}/assignments`, {
        form: {
          'assignment[name]': 'Essay',
          'assignment[published]': true,
          'assignment[due_at]': '2025-10-01T00:00:00Z',
          'assignment[submission_types][]': 'online_text_entry',
        },
      });
      expect(
        await client.json<Json>('GET', `/api/v1/courses/${courseId}/assignments/${String(ungraded['id'])}/submissions/sis_user_id:S1`),
      ).toMatchObject({ workflow_state: 'unsubmitted', missing: true, score: null });
      // A student's own late submission (posted on their behalf, as an admin can).
      const late = await client.json<Json>('POST', `/api/v1/courses/${courseId}/assignments/${String(ungraded['id'])}/submissions`, {
        form: {
          as_user_id: String(ids['S2']),
          'submission[submission_type]': 'online_text_entry',
          'submission[body]': 'essay',
          'submission[submitted_at]': '2025-10-02T00:00:00Z',
        },
      });
      expect(late).toMatchObject({ workflow_state: 'submitted', late: true, missing: false, seconds_late: 86_400 });
      // A user who is not a student of the course is a 404.
      expect(
        (
          await client.request(
            'PUT',
            `/api/v1/courses/${courseId}/assignments/${String(assignment['id'])}/submissions/${ids['T1'] as number}`,
            { form: { 'submission[posted_grade]': '1' } },
          )
        ).status,
      ).toBe(404);
    });

    it('lists students/submissions with student_ids[]=all, assignment_ids[], grouped, graded_since and post_to_sis', async () => {
      const synced = await createAssignment({
        name: 'Synced',
        post_to_sis: true,
        published: true,
        points_possible: 10,
        due_at: '2025-10-10T00:00:00Z',
      });
      const local = await createAssignment({ name: 'Local', post_to_sis: false, published: true, points_possible: 10 });
      const draft = await createAssignment({ name: 'Draft', post_to_sis: true, published: false, points_possible: 10 });
      await grade(synced['id'], ids['S1'] as number, { posted_grade: '9' });
      await grade(local['id'], ids['S1'] as number, { posted_grade: '8' });
      const path = `/api/v1/courses/${courseId}/students/submissions`;

      const all = await client.json<Json[]>('GET', path, { query: { 'student_ids[]': ['all'], per_page: 100 } });
      // Three students × two published assignments; the unpublished one is not there.
      expect(all).toHaveLength(6);
      expect(new Set(all.map((s) => s['assignment_id']))).toEqual(new Set([synced['id'], local['id']]));
      // Without student_ids, only the caller's own submissions: none for an admin.
      expect(await client.json<Json[]>('GET', path)).toEqual([]);
      const forbidden = await client.request('GET', path, {
        query: { 'student_ids[]': ['all'], 'assignment_ids[]': [String(draft['id'])] },
      });
      expect(forbidden).toMatchObject({ status: 403, body: { errors: [{ message: 'invalid assignment ids requested' }] } });

      const grouped = await client.json<Json[]>('GET', path, { query: { 'student_ids[]': ['all'], grouped: 1, post_to_sis: true } });
      expect(grouped.map((g) => [g['sis_user_id'], g['section_id'], (g['submissions'] as Json[]).map((s) => s['assignment_id'])])).toEqual([
        ['S1', ids['BIO1-A'], [synced['id']]],
        ['S2', ids['BIO1-A'], [synced['id']]],
        ['S3', ids['BIO1-B'], [synced['id']]],
      ]);
      const graded = await client.json<Json[]>('GET', path, {
        query: { 'student_ids[]': ['sis_user_id:S1', String(ids['S2'])], graded_since: '2025-10-20T00:00:00Z' },
      });
      expect(graded.map((s) => s['score']).sort()).toEqual([8, 9]);
      expect((await client.request('GET', path, { query: { 'student_ids[]': ['all'], graded_since: '2025-10-20' } })).body).toEqual({
        errors: [{ message: 'Invalid datetime for graded_since' }],
      });
      const section = await client.json<Json[]>('GET', `/api/v1/sections/${ids['BIO1-B'] as number}/students/submissions`, {
        query: { 'student_ids[]': ['all'], 'assignment_ids[]': [String(synced['id'])] },
      });
      expect(section.map((s) => s['user_id'])).toEqual([ids['S3']]);
    });

    it('with post_to_sis=true counts only students enrolled by a SIS import', async () => {
      const synced = await createAssignment({ name: 'Synced', post_to_sis: true, published: true, points_possible: 10 });
      const walkIn = await client.json<Json>('POST', '/api/v1/accounts/self/users', {
        form: { 'user[name]': 'Walk In', 'pseudonym[unique_id]': 'walkin' },
      });
      await client.json('POST', `/api/v1/courses/${courseId}/enrollments`, {
        form: { 'enrollment[user_id]': String(walkIn['id']), 'enrollment[enrollment_state]': 'active' },
      });
      const path = `/api/v1/courses/${courseId}/students/submissions`;
      const everyone = await client.json<Json[]>('GET', path, {
        query: { 'student_ids[]': ['all'], 'assignment_ids[]': [String(synced['id'])] },
      });
      const sisOnly = await client.json<Json[]>('GET', path, {
        query: { 'student_ids[]': ['all'], 'assignment_ids[]': [String(synced['id'])], post_to_sis: true },
      });
      expect(everyone.length - sisOnly.length).toBe(1);
    });
  });

  describe('SIS Integration API', () => {
    it('lists published post_to_sis assignments with sections, section overrides and user overrides', async () => {
      const group = await client.json<Json>('POST', `/api/v1/courses/${courseId}/assignment_groups`, {
        form: { name: 'Tests', sis_source_id: '5121' },
      });
      const test = await createAssignment({
        name: 'Unit Test',
        post_to_sis: true,
        published: true,
        points_possible: 100,
        due_at: '2025-10-15T23:59:00Z',
        assignment_group_id: group['id'] as number,
        'assignment_overrides][][course_section_id': String(ids['BIO1-B']),
        'assignment_overrides][][due_at': '2025-10-16T23:59:00Z',
      });
      const makeup = await createAssignment({
        name: 'Makeup',
        post_to_sis: true,
        published: true,
        only_visible_to_overrides: true,
        due_at: '2025-10-18T00:00:00Z',
        'assignment_overrides][][student_ids][': [String(ids['S3'])],
      });
      await createAssignment({ name: 'Unpublished', post_to_sis: true, published: false });
      await createAssignment({ name: 'Not synced', post_to_sis: false, published: true });

      const list = await client.json<Json[]>('GET', `/api/sis/courses/${courseId}/assignments`, {
        query: { include: 'student_overrides' },
      });
      expect(list.map((a) => a['name'])).toEqual(['Unit Test', 'Makeup']);
      expect(list[0]).toMatchObject({
        id: test['id'],
        course_id: courseId,
        due_at: '2025-10-15T23:59:00Z',
        points_possible: 100,
        include_in_final_grade: true,
        assignment_group: { id: group['id'], name: 'Tests', sis_source_id: '5121' },
        sections: [
          { id: ids['BIO1-A'], sis_id: 'BIO1-A', origin_course: { id: courseId, sis_id: 'BIO1' } },
          { id: ids['BIO1-B'], sis_id: 'BIO1-B', override: { override_title: 'Biology B', due_at: '2025-10-16T23:59:00Z' } },
        ],
        user_overrides: [],
      });
      expect((list[0]?.['sections'] as Json[])[0]).not.toHaveProperty('override');
      // Only visible to overrides: no section has one, so no sections; the student override is listed.
      expect(list[1]).toMatchObject({
        id: makeup['id'],
        sections: [],
        user_overrides: [{ students: [{ user_id: ids['S3'], sis_user_id: 'S3' }], due_at: '2025-10-18T00:00:00Z' }],
      });
      const withoutInclude = await client.json<Json[]>('GET', `/api/sis/courses/${courseId}/assignments`);
      expect(withoutInclude[0]).not.toHaveProperty('user_overrides');
      const accountWide = await client.json<Json[]>('GET', '/api/sis/accounts/self/assignments');
      expect(accountWide.map((a) => a['name'])).toEqual(['Unit Test', 'Makeup']);
    });

    it('answers not_enabled without grade export, unpublished_course for unpublished courses', async () => {
      const chem = await client.json<Json>('GET', '/api/v1/courses/sis_course_id:CHEM1');
      await client.json('PUT', `/api/v1/courses/${String(chem['id'])}`, { form: { 'course[event]': 'claim' } });
      expect(await client.request('GET', `/api/sis/courses/${String(chem['id'])}/assignments`)).toMatchObject({
        status: 400,
        body: { code: 'unpublished_course', error: 'Grade data is not available for non-published courses' },
      });
      await client.json('PUT', '/__admin/config', { json: { postGradesEnabled: false } });
      expect(await client.request('GET', `/api/sis/courses/${courseId}/assignments`)).toMatchObject({
        status: 400,
        body: { code: 'not_enabled', error: 'A SIS integration is not configured and the bulk SIS Grade Export feature is not enabled' },
      });
    });

    it('disable_post_to_sis turns post_to_sis off for every published assignment (204)', async () => {
      const published = await createAssignment({ name: 'One', post_to_sis: true, published: true });
      const draft = await createAssignment({ name: 'Two', post_to_sis: true, published: false });
      const response = await client.request('PUT', `/api/sis/courses/sis_course_id:BIO1/disable_post_to_sis`);
      expect(response.status).toBe(204);
      expect((await client.json<Json>('GET', `/api/v1/courses/${courseId}/assignments/${String(published['id'])}`))['post_to_sis']).toBe(
        false,
      );
      expect((await client.json<Json>('GET', `/api/v1/courses/${courseId}/assignments/${String(draft['id'])}`))['post_to_sis']).toBe(true);
      expect(
        await client.request('PUT', `/api/sis/courses/${courseId}/disable_post_to_sis`, { form: { grading_period_id: '7' } }),
      ).toMatchObject({ status: 400, body: { code: 'not_found' } });
    });
  });
});
