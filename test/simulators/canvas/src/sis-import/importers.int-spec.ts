import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from '../testing/canvas-test-client';

interface Json {
  [key: string]: unknown;
}

describe('SIS CSV columns and statuses, as the API shows them afterwards', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 2, throttle: false });
    client = new CanvasTestClient(sim.url, sim.token);
    expect((await client.importCsvs(smallDistrictCsvs())).workflow_state).toBe('imported');
  });
  afterEach(async () => sim.close());

  const get = (path: string, query = {}) => client.json<Json>('GET', path, { query });
  const list = (path: string, query = {}) => client.json<Json[]>('GET', path, { query: { per_page: 100, ...query } });

  it('accounts: parents by SIS id (blank = root), names, deletion guarded by active children', async () => {
    const root = sim.rootAccountId;
    expect(await get('/api/v1/accounts/sis_account_id:SCH1')).toMatchObject({
      name: 'Lincoln High',
      parent_account_id: root,
      root_account_id: root,
      sis_account_id: 'SCH1',
    });
    const dept = await get('/api/v1/accounts/sis_account_id:SCH1-SCI');
    expect(dept['parent_account_id']).toBe((await get('/api/v1/accounts/sis_account_id:SCH1'))['id']);
    const result = await client.importCsvs({
      'accounts.csv':
        'account_id,parent_account_id,name,status,integration_id\nSCH1,,Lincoln High School,active,INT-1\nSCH1-SCI,,Science,deleted,\nORPHAN,NOPE,Orphan,active,\nSCH2,,,active,',
    });
    expect(result.processing_warnings).toEqual([
      ['accounts.csv', 'Cannot delete the sub_account with ID: SCH1-SCI because it has active courses.'],
      ['accounts.csv', "Parent account didn't exist for ORPHAN"],
      ['accounts.csv', 'No name given for account SCH2, skipping'],
    ]);
    expect(await get('/api/v1/accounts/sis_account_id:SCH1')).toMatchObject({ name: 'Lincoln High School', integration_id: 'INT-1' });
    expect((await list(`/api/v1/accounts/${root}/sub_accounts`, { recursive: true })).map((a) => a['sis_account_id'])).toEqual([
      'SCH1',
      'SCH1-SCI',
    ]);
  });

  it('terms: dates (cleared when empty), date overrides per enrollment type, deletion', async () => {
    expect(await get('/api/v1/accounts/self/terms/sis_term_id:T2025')).toMatchObject({
      name: 'Fall 2025',
      start_at: '2025-08-20T00:00:00Z',
      end_at: '2025-12-19T23:59:59Z',
      workflow_state: 'active',
    });
    await client.importCsvs({
      'terms.csv':
        'term_id,name,status,start_date,end_date,date_override_enrollment_type\nT2025,Fall 2025,active,,,\nT2025,,active,2025-08-01 00:00:00,2025-12-31 00:00:00,TeacherEnrollment\nT2026,Spring 2026,deleted,,,',
    });
    const term = await get('/api/v1/accounts/self/terms/sis_term_id:T2025');
    expect(term).toMatchObject({
      start_at: null,
      end_at: null,
      overrides: { TeacherEnrollment: { start_at: '2025-08-01T00:00:00Z', end_at: '2025-12-31T00:00:00Z' } },
    });
    const terms = await client.json<{ enrollment_terms: Json[] }>('GET', '/api/v1/accounts/self/terms');
    expect(terms.enrollment_terms.map((t) => t['name'])).toEqual(['Default Term', 'Fall 2025']);
    const all = await client.json<{ enrollment_terms: Json[] }>('GET', '/api/v1/accounts/self/terms', {
      query: { 'workflow_state[]': ['all'] },
    });
    expect(all.enrollment_terms.map((t) => t['name'])).toContain('Spring 2026');
  });

  it('courses: active is unpublished, published publishes, completed concludes, deleted deletes; dates keep or <delete>', async () => {
    expect(await get('/api/v1/courses/sis_course_id:BIO1', { 'include[]': ['term'] })).toMatchObject({
      name: 'Biology 1',
      course_code: 'BIO-1',
      workflow_state: 'unpublished',
      grade_passback_setting: 'nightly_sync',
      term: { sis_term_id: 'T2025' },
    });
    expect((await get('/api/v1/courses/sis_course_id:CHEM1'))['workflow_state']).toBe('available');
    const header = 'course_id,short_name,long_name,account_id,term_id,status,start_date,end_date,grade_passback_setting\n';
    await client.importCsvs({
      'courses.csv': `${header}BIO1,BIO-1,Biology 1,SCH1-SCI,T2025,published,2025-09-01T00:00:00Z,2025-12-01T00:00:00Z,not_set`,
    });
    expect(await get('/api/v1/courses/sis_course_id:BIO1')).toMatchObject({
      workflow_state: 'available',
      start_at: '2025-09-01T00:00:00Z',
      grade_passback_setting: null,
    });
    // Empty dates keep the course's dates; <delete> removes one. `active` leaves a published course published.
    await client.importCsvs({ 'courses.csv': `${header}BIO1,BIO-1,Biology 1,SCH1-SCI,T2025,active,,<delete>,` });
    expect(await get('/api/v1/courses/sis_course_id:BIO1')).toMatchObject({
      workflow_state: 'available',
      start_at: '2025-09-01T00:00:00Z',
      end_at: null,
    });
    await client.importCsvs({ 'courses.csv': `${header}BIO1,BIO-1,Biology 1,,,completed,,,` });
    expect((await get('/api/v1/courses/sis_course_id:BIO1'))['workflow_state']).toBe('completed');
    await client.importCsvs({ 'courses.csv': `${header}BIO1,BIO-1,Biology 1,,,deleted,,,` });
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:BIO1')).status).toBe(404);
    const bad = await client.importCsvs({
      'courses.csv': `${header}X1,X,X,,,archived,,,\nX2,X,X,,,active,,,weekly\nX3,X,X,,,active,soon,,`,
    });
    expect(bad.processing_warnings?.map(([, m]) => m)).toEqual([
      'Improper status "archived" for course X1',
      'Invalid grade_passback_setting "weekly" for course X2',
      'Bad date format for course X3',
    ]);
  });

  it('sections: belong to a course by SIS id, move with their enrollments, and are deleted', async () => {
    expect((await list('/api/v1/courses/sis_course_id:BIO1/sections')).map((s) => s['sis_section_id'])).toEqual(['BIO1-A', 'BIO1-B']);
    const moved = await client.importCsvs({
      'sections.csv': 'section_id,course_id,name,status\nBIO1-B,CHEM1,Chemistry B,active\nBIO1-A,BIO1,Biology A,deleted\nX-1,NOPE,X,active',
    });
    expect(moved.processing_warnings).toEqual([['sections.csv', "Section X-1 references course NOPE which doesn't exist"]]);
    const chem = await get('/api/v1/courses/sis_course_id:CHEM1');
    expect(await get('/api/v1/sections/sis_section_id:BIO1-B')).toMatchObject({
      course_id: chem['id'],
      name: 'Chemistry B',
      sis_course_id: 'CHEM1',
    });
    expect((await list('/api/v1/courses/sis_course_id:CHEM1/enrollments')).map((e) => e['sis_user_id'])).toContain('S3');
    expect((await client.request('GET', '/api/v1/sections/sis_section_id:BIO1-A')).status).toBe(404);
  });

  it('users: names and logins; suspended keeps enrollments; deleting the last login deletes the enrollments', async () => {
    expect(await get('/api/v1/users/sis_user_id:T1')).toMatchObject({
      name: 'Dana Ruiz',
      sortable_name: 'Ruiz, Dana',
      sis_user_id: 'T1',
      login_id: 'druiz',
    });
    expect(await get('/api/v1/users/sis_login_id:druiz')).toMatchObject({ sis_user_id: 'T1' });
    expect(await list('/api/v1/users/sis_user_id:T1/logins')).toEqual([
      expect.objectContaining({ unique_id: 'druiz', sis_user_id: 'T1', workflow_state: 'active' }),
    ]);
    await client.importCsvs({ 'users.csv': 'user_id,login_id,full_name,status\nS1,s1,Ann Able,suspended\nS2,s2,Ben Best,deleted' });
    expect((await list('/api/v1/users/sis_user_id:S1/logins'))[0]).toMatchObject({ workflow_state: 'suspended' });
    const bio = await list('/api/v1/courses/sis_course_id:BIO1/enrollments', { 'state[]': ['active', 'deleted'] });
    expect(bio.filter((e) => e['sis_user_id'] === 'S1').map((e) => e['enrollment_state'])).toEqual(['active']);
    expect(bio.filter((e) => e['user_id'] === undefined || e['sis_user_id'] === null).map((e) => e['enrollment_state'])).toEqual([
      'deleted',
    ]);
    expect((await client.request('GET', '/api/v1/users/sis_user_id:S2')).status).toBe(404);
    // An active row brings the login back.
    await client.importCsvs({ 'users.csv': 'user_id,login_id,full_name,status\nS2,s2,Ben Best,active' });
    expect((await get('/api/v1/users/sis_user_id:S2'))['login_id']).toBe('s2');
  });

  it('users: a login another user holds is refused, unless update_sis_id_if_login_claimed hands it over', async () => {
    const claimed = await client.importCsvs({ 'users.csv': 'user_id,login_id,full_name,status\nNEW1,druiz,Someone Else,active' });
    expect(claimed.processing_warnings).toEqual([
      ['users.csv', "user Dana Ruiz has already claimed NEW1's requested login information, skipping"],
    ]);
    const teacher = await get('/api/v1/users/sis_user_id:T1');
    await client.importCsvs(
      { 'users.csv': 'user_id,login_id,full_name,status\nT1-NEW,druiz,Dana Ruiz,active' },
      { update_sis_id_if_login_claimed: true },
    );
    expect(await get('/api/v1/users/sis_user_id:T1-NEW')).toMatchObject({ id: teacher['id'], login_id: 'druiz' });
  });

  it('enrollments: roles, default section, every status, observers, and the row problems Canvas reports', async () => {
    const header = 'course_id,section_id,user_id,role,status,associated_user_id\n';
    const result = await client.importCsvs({
      'enrollments.csv':
        header +
        'CHEM1,,S1,student,active,\nCHEM1,,S2,ta,active,\nCHEM1,,S3,observer,active,S4\nBIO1,BIO1-A,S1,student,inactive,\nBIO1,BIO1-A,S2,student,completed,\nBIO1,BIO1-B,S3,student,deleted_last_completed,\n' +
        'NOPE,,S1,student,active,\nBIO1,CHEM1-A,S1,student,active,\nBIO1,,GHOST,student,active,\nBIO1,,S1,principal,active,\nBIO1,,S1,student,gone,',
    });
    expect(result.processing_warnings?.map(([, m]) => m)).toEqual([
      'Neither course nor section existed for user enrollment (Course ID: NOPE, Section ID: , User ID: S1)',
      'An enrollment listed a section (CHEM1-A) and a course (BIO1) that are unrelated for user (S1)',
      'User not found for enrollment (User ID: GHOST, Course ID: BIO1, Section ID: , Role: student)',
      'Improper role "principal" for an enrollment',
      'Improper status "gone" for an enrollment',
    ]);
    const chem = await list('/api/v1/courses/sis_course_id:CHEM1/enrollments');
    const defaultSection = chem.find((e) => e['sis_user_id'] === 'S1')?.['course_section_id'];
    const sections = await list('/api/v1/courses/sis_course_id:CHEM1/sections');
    expect(sections.find((s) => s['id'] === defaultSection)).toMatchObject({ name: 'Chemistry 1', sis_section_id: null });
    const s4 = await get('/api/v1/users/sis_user_id:S4');
    expect(chem.map((e) => [e['sis_user_id'], e['type'], e['associated_user_id'] ?? null])).toEqual(
      expect.arrayContaining([
        ['S1', 'StudentEnrollment', null],
        ['S2', 'TaEnrollment', null],
        ['S3', 'ObserverEnrollment', s4['id']],
      ]),
    );
    const bio = await list('/api/v1/courses/sis_course_id:BIO1/enrollments', {
      'state[]': ['active', 'inactive', 'completed', 'deleted'],
      'type[]': ['StudentEnrollment'],
    });
    expect(bio.map((e) => [e['sis_user_id'], e['enrollment_state']]).sort()).toEqual([
      ['S1', 'inactive'],
      ['S2', 'completed'],
      // S3 had no other active enrollment in BIO1, so deleted_last_completed completes it.
      ['S3', 'completed'],
    ]);
  });

  it('leaves fields changed through the API alone, unless override_sis_stickiness', async () => {
    const course = await get('/api/v1/courses/sis_course_id:BIO1');
    await client.json('PUT', `/api/v1/courses/${String(course['id'])}`, { form: { 'course[name]': 'Renamed by the teacher' } });
    const row = 'course_id,short_name,long_name,account_id,term_id,status\nBIO1,BIO-1,Biology One,SCH1-SCI,T2025,active';
    await client.importCsvs({ 'courses.csv': row });
    expect((await get('/api/v1/courses/sis_course_id:BIO1'))['name']).toBe('Renamed by the teacher');
    await client.importCsvs({ 'courses.csv': row }, { override_sis_stickiness: true, clear_sis_stickiness: true });
    expect((await get('/api/v1/courses/sis_course_id:BIO1'))['name']).toBe('Biology One');
    await client.importCsvs({ 'courses.csv': row.replace('Biology One', 'Biology Uno') });
    expect((await get('/api/v1/courses/sis_course_id:BIO1'))['name']).toBe('Biology Uno');
  });

  it('skip_deletes leaves objects the import would delete', async () => {
    const done = await client.importCsvs({ 'users.csv': 'user_id,login_id,status\nS1,s1,deleted' }, { skip_deletes: true });
    expect(done.data.counts['users']).toBe(0);
    expect((await get('/api/v1/users/sis_user_id:S1'))['login_id']).toBe('s1');
  });
});
