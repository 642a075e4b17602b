import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from '../testing/canvas-test-client';

interface Json {
  [key: string]: unknown;
}

describe('roster REST API: accounts, terms, courses, sections, users, enrollments', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 2, throttle: false, rootAccountId: 7 });
    client = new CanvasTestClient(sim.url, sim.token);
    await client.importCsvs(smallDistrictCsvs());
  });
  afterEach(async () => sim.close());

  const list = (path: string, query = {}) => client.json<Json[]>('GET', path, { query: { per_page: 100, ...query } });

  it('finds every object by its SIS id with the sis_*: prefixes, URL-escaped', async () => {
    const course = await client.json<Json>('GET', '/api/v1/courses/sis_course_id:BIO1');
    expect(await client.json<Json>('GET', `/api/v1/accounts/sis_account_id:SCH1-SCI`)).toMatchObject({
      sis_account_id: 'SCH1-SCI',
      root_account_id: 7,
    });
    expect(await client.json<Json>('GET', '/api/v1/accounts/7/terms/sis_term_id:T2025')).toMatchObject({ sis_term_id: 'T2025' });
    expect(await client.json<Json>('GET', '/api/v1/sections/sis_section_id:BIO1-A')).toMatchObject({
      course_id: course['id'],
      sis_course_id: 'BIO1',
    });
    expect(await client.json<Json>('GET', `/api/v1/courses/${String(course['id'])}/sections/sis_section_id:BIO1-B`)).toMatchObject({
      sis_section_id: 'BIO1-B',
    });
    expect(await client.json<Json>('GET', '/api/v1/users/sis_user_id:S1')).toMatchObject({ sis_user_id: 'S1', login_id: 's1' });
    await client.importCsvs({ 'courses.csv': 'course_id,short_name,long_name,status\nCS/101.11é,CS,Computer Science,active' });
    expect(
      await client.json<Json>('GET', `/api/v1/courses/${encodeURIComponent('sis_course_id:CS/101.11é').replace(/\./g, '%2E')}`),
    ).toMatchObject({ sis_course_id: 'CS/101.11é' });
  });

  it('lists an account’s courses (sub-accounts included) with term, state and published filters', async () => {
    const courses = await list('/api/v1/accounts/7/courses', { 'include[]': ['term', 'total_students'] });
    expect(courses.map((c) => [c['sis_course_id'], c['workflow_state'], c['total_students']])).toEqual([
      ['BIO1', 'unpublished', 3],
      ['CHEM1', 'available', 1],
    ]);
    expect(courses[0]).toMatchObject({
      term: { sis_term_id: 'T2025' },
      grade_passback_setting: 'nightly_sync',
      account_id: expect.any(Number),
    });
    expect((await list('/api/v1/accounts/sis_account_id:SCH1/courses', { published: true })).map((c) => c['sis_course_id'])).toEqual([
      'CHEM1',
    ]);
    expect(await list('/api/v1/accounts/7/courses', { enrollment_term_id: 'default' })).toEqual([]);
  });

  it('updates a course’s grade_passback_setting and publishes it', async () => {
    const updated = await client.json<Json>('PUT', '/api/v1/courses/sis_course_id:BIO1', {
      form: { 'course[grade_passback_setting]': 'not_set', 'course[event]': 'offer' },
    });
    expect(updated).toMatchObject({ grade_passback_setting: null, workflow_state: 'available' });
    expect(
      (await client.request('PUT', '/api/v1/courses/sis_course_id:BIO1', { form: { 'course[grade_passback_setting]': 'hourly' } })).status,
    ).toBe(400);
  });

  it('lists enrollments by course, by section and by user, with type, state and SIS filters', async () => {
    const byCourse = await list('/api/v1/courses/sis_course_id:BIO1/enrollments', { 'type[]': ['StudentEnrollment'] });
    expect(byCourse.map((e) => e['sis_user_id'])).toEqual(['S1', 'S2', 'S3']);
    expect(byCourse[0]).toMatchObject({
      type: 'StudentEnrollment',
      role: 'StudentEnrollment',
      enrollment_state: 'active',
      sis_course_id: 'BIO1',
      sis_section_id: 'BIO1-A',
      sis_import_id: expect.any(Number),
      user: { sis_user_id: 'S1', login_id: 's1' },
    });
    expect((await list('/api/v1/sections/sis_section_id:BIO1-B/enrollments')).map((e) => e['sis_user_id'])).toEqual(['S3']);
    expect((await list('/api/v1/users/sis_user_id:T1/enrollments')).map((e) => e['sis_course_id'])).toEqual(['BIO1', 'CHEM1']);
    expect(
      (
        await list('/api/v1/courses/sis_course_id:BIO1/enrollments', { 'sis_section_id[]': ['BIO1-A'], 'role[]': ['TeacherEnrollment'] })
      ).map((e) => e['sis_user_id']),
    ).toEqual(['T1']);
    await client.importCsvs({ 'enrollments.csv': 'course_id,section_id,user_id,role,status\nBIO1,BIO1-A,S1,student,completed' });
    expect(
      (await list('/api/v1/courses/sis_course_id:BIO1/enrollments', { 'type[]': ['StudentEnrollment'] })).map((e) => e['sis_user_id']),
    ).toEqual(['S2', 'S3']);
    expect(
      (await list('/api/v1/courses/sis_course_id:BIO1/enrollments', { 'state[]': ['completed'] })).map((e) => e['sis_user_id']),
    ).toEqual(['S1']);
  });

  it('lists course users, account users (with search) and one user’s logins', async () => {
    const users = await list('/api/v1/courses/sis_course_id:BIO1/users', {
      'enrollment_type[]': ['student'],
      'include[]': ['enrollments', 'email'],
    });
    expect(users.map((u) => u['sis_user_id'])).toEqual(['S1', 'S2', 'S3']);
    expect(users[0]).toMatchObject({ enrollments: [expect.objectContaining({ type: 'StudentEnrollment' })], email: null });
    expect(
      (await list('/api/v1/accounts/7/users', { search_term: 'ruiz', 'include[]': ['email'] })).map((u) => [u['sis_user_id'], u['email']]),
    ).toEqual([['T1', 'druiz@example.test']]);
    expect((await list('/api/v1/accounts/sis_account_id:SCH1/users')).map((u) => u['sis_user_id']).sort()).toEqual([
      'S1',
      'S2',
      'S3',
      'S4',
      'T1',
    ]);
  });

  it('creates courses, sections, users and enrollments by hand (no SIS import id)', async () => {
    const course = await client.json<Json>('POST', '/api/v1/accounts/sis_account_id:SCH1/courses', {
      form: { 'course[name]': 'Robotics Club', 'course[course_code]': 'ROBO' },
    });
    expect(course).toMatchObject({ name: 'Robotics Club', workflow_state: 'unpublished', sis_course_id: null, sis_import_id: null });
    const section = await client.json<Json>('POST', `/api/v1/courses/${String(course['id'])}/sections`, {
      form: { 'course_section[name]': 'Tuesdays', 'course_section[sis_section_id]': 'ROBO-TUE' },
    });
    const user = await client.json<Json>('POST', '/api/v1/accounts/self/users', {
      form: { 'user[name]': 'Robin Banks', 'pseudonym[unique_id]': 'rbanks', 'pseudonym[sis_user_id]': 'S100' },
    });
    expect(user).toMatchObject({ name: 'Robin Banks', sortable_name: 'Banks, Robin', sis_user_id: 'S100', login_id: 'rbanks' });
    const taken = await client.request('POST', '/api/v1/accounts/self/users', {
      form: { 'user[name]': 'Again', 'pseudonym[unique_id]': 'RBANKS' },
    });
    expect(taken.status).toBe(400);
    const enrollment = await client.json<Json>('POST', `/api/v1/sections/${String(section['id'])}/enrollments`, {
      form: { 'enrollment[user_id]': 'sis_user_id:S100', 'enrollment[type]': 'StudentEnrollment' },
    });
    expect(enrollment).toMatchObject({ enrollment_state: 'invited', course_section_id: section['id'], sis_import_id: null });
    const concluded = await client.json<Json>('DELETE', `/api/v1/courses/${String(course['id'])}/enrollments/${String(enrollment['id'])}`, {
      query: { task: 'conclude' },
    });
    expect(concluded['enrollment_state']).toBe('completed');
  });
});
