import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from '../testing/canvas-test-client';

interface Json {
  [key: string]: unknown;
}

describe('restore_states', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 20, throttle: false });
    client = new CanvasTestClient(sim.url, sim.token);
  });
  afterEach(async () => sim.close());

  const restore = async (importId: number, query = {}) => {
    const progress = await client.json<Json>('PUT', `/api/v1/accounts/self/sis_imports/${importId}/restore_states`, { query });
    expect(progress).toMatchObject({
      context_type: 'SisBatch',
      context_id: importId,
      tag: 'sis_batch_state_restore',
      workflow_state: 'queued',
      url: `${sim.url}/api/v1/progress/${String(progress['id'])}`,
    });
    expect((await client.waitForProgress(progress['id'] as number)).workflow_state).toBe('completed');
  };

  it('undoes an import: what it created is deleted, what it deleted or changed gets its previous state back', async () => {
    const base = await client.importCsvs(smallDistrictCsvs());
    const harmful = await client.importCsvs({
      'courses.csv':
        'course_id,short_name,long_name,status\nBIO1,BIO-1,Biology 1,deleted\nCHEM1,CHEM-1,Chemistry 1,completed\nNEW1,NEW-1,New Course,active',
      'users.csv': 'user_id,login_id,status\nS1,s1,deleted\nS9,s9,active',
      'enrollments.csv': 'course_id,user_id,role,status\nNEW1,S9,student,active',
    });
    expect(harmful.workflow_state).toBe('imported');
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:BIO1')).status).toBe(404);

    await restore(harmful.id);
    const after = await client.json<Json>('GET', `/api/v1/accounts/self/sis_imports/${harmful.id}`);
    expect(after['workflow_state']).toBe('restored');
    expect((await client.json<Json>('GET', '/api/v1/courses/sis_course_id:BIO1'))['workflow_state']).toBe('unpublished');
    expect((await client.json<Json>('GET', '/api/v1/courses/sis_course_id:CHEM1'))['workflow_state']).toBe('available');
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:NEW1')).status).toBe(404);
    expect((await client.request('GET', '/api/v1/users/sis_user_id:S9')).status).toBe(404);
    // S1's login is back, and so are the enrollments its deletion took with it.
    expect((await client.json<Json>('GET', '/api/v1/users/sis_user_id:S1'))['login_id']).toBe('s1');
    const bio = await client.json<Json[]>('GET', '/api/v1/courses/sis_course_id:BIO1/enrollments');
    expect(bio.map((e) => e['sis_user_id'])).toContain('S1');
    expect(base.workflow_state).toBe('imported');
  });

  it('with undelete_only, brings back only what was deleted (partially_restored)', async () => {
    await client.importCsvs(smallDistrictCsvs());
    const harmful = await client.importCsvs({
      'courses.csv': 'course_id,short_name,long_name,status\nBIO1,BIO-1,Biology 1,deleted\nNEW1,NEW-1,New Course,active',
    });
    await restore(harmful.id, { undelete_only: true });
    expect((await client.json<Json>('GET', `/api/v1/accounts/self/sis_imports/${harmful.id}`))['workflow_state']).toBe(
      'partially_restored',
    );
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:BIO1')).status).toBe(200);
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:NEW1')).status).toBe(200);
  });

  it('with batch_mode, brings back only what the batch cleanup deleted', async () => {
    await client.importCsvs(smallDistrictCsvs());
    const batch = await client.importCsvs(
      { 'courses.csv': 'course_id,short_name,long_name,account_id,term_id,status\nBIO1,BIO-1,Biology 1,SCH1-SCI,T2025,active' },
      { batch_mode: 1, batch_mode_term_id: 'sis_term_id:T2025' },
    );
    expect(batch.data.counts['batch_courses_deleted']).toBe(1);
    await restore(batch.id, { batch_mode: true });
    expect((await client.json<Json>('GET', '/api/v1/courses/sis_course_id:CHEM1'))['workflow_state']).toBe('available');
    const stats = (await client.json<Json>('GET', `/api/v1/accounts/self/sis_imports/${batch.id}`))['statistics'] as Record<
      string,
      { restored: number; deleted: number }
    >;
    expect(stats['Course']).toMatchObject({ deleted: 1, restored: 1 });
  });

  it('refuses undelete_only together with unconclude_only', async () => {
    const done = await client.importCsvs(smallDistrictCsvs());
    const response = await client.request('PUT', `/api/v1/accounts/self/sis_imports/${done.id}/restore_states`, {
      form: { undelete_only: 'true', unconclude_only: 'true' },
    });
    expect(response).toMatchObject({ status: 400, body: 'cannot set both undelete_only and unconclude_only' });
  });
});
