import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from '../testing/canvas-test-client';

interface Json {
  [key: string]: unknown;
}

describe('batch mode and change_threshold', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 2, throttle: false });
    client = new CanvasTestClient(sim.url, sim.token);
    expect((await client.importCsvs(smallDistrictCsvs())).workflow_state).toBe('imported');
  });
  afterEach(async () => sim.close());

  const enrollmentStates = async (course: string) =>
    (
      await client.json<Json[]>('GET', `/api/v1/courses/sis_course_id:${course}/enrollments`, {
        query: { 'state[]': ['active', 'deleted', 'completed'], per_page: 100 },
      })
    )
      .map((e) => `${String(e['sis_user_id'] ?? e['user_id'])}:${String(e['enrollment_state'])}`)
      .sort();

  /** The same district without CHEM1, its section and its enrollments, and without S3 in BIO1. */
  const shrunk = () => {
    const files = smallDistrictCsvs();
    return {
      'courses.csv': 'course_id,short_name,long_name,account_id,term_id,status\nBIO1,BIO-1,Biology 1,SCH1-SCI,T2025,active',
      'sections.csv': 'section_id,course_id,name,status\nBIO1-A,BIO1,Biology A,active\nBIO1-B,BIO1,Biology B,active',
      'enrollments.csv': (files['enrollments.csv'] as string)
        .split('\n')
        .filter((line) => !line.includes('CHEM1') && !line.includes(',S3,'))
        .join('\n'),
    };
  };

  it('deletes the term’s SIS courses, sections and enrollments the import did not mention, and counts them', async () => {
    const done = await client.importCsvs(shrunk(), { batch_mode: 1, batch_mode_term_id: 'sis_term_id:T2025' });
    expect(done).toMatchObject({ workflow_state: 'imported', batch_mode: true });
    expect(done.data.counts).toMatchObject({ batch_courses_deleted: 1, batch_sections_deleted: 1, batch_enrollments_deleted: 3 });
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:CHEM1')).status).toBe(404);
    expect((await client.request('GET', '/api/v1/sections/sis_section_id:CHEM1-A')).status).toBe(404);
    expect(await enrollmentStates('BIO1')).toEqual(['S1:active', 'S2:active', 'S3:deleted', 'T1:active']);
  });

  it('never deletes objects made by hand, and uses batch_mode_enrollment_drop_status', async () => {
    const course = await client.json<Json>('GET', '/api/v1/courses/sis_course_id:BIO1');
    const s4 = await client.json<Json>('GET', '/api/v1/users/sis_user_id:S4');
    await client.json('POST', `/api/v1/courses/${String(course['id'])}/enrollments`, {
      form: { 'enrollment[user_id]': String(s4['id']), 'enrollment[enrollment_state]': 'active' },
    });
    const manual = await client.json<Json>('POST', `/api/v1/accounts/self/courses`, {
      form: { 'course[name]': 'Teacher sandbox', 'course[term_id]': 'sis_term_id:T2025' },
    });
    await client.importCsvs(shrunk(), {
      batch_mode: true,
      batch_mode_term_id: 'sis_term_id:T2025',
      batch_mode_enrollment_drop_status: 'completed',
    });
    expect(await enrollmentStates('BIO1')).toEqual(['S1:active', 'S2:active', 'S3:completed', 'S4:active', 'T1:active']);
    expect((await client.request('GET', `/api/v1/courses/${String(manual['id'])}`)).status).toBe(200);
  });

  it('needs an existing batch_mode_term_id', async () => {
    const response = await client.request('POST', '/api/v1/accounts/self/sis_imports', {
      query: { batch_mode: 1, batch_mode_term_id: 'sis_term_id:NOPE' },
      raw: { bytes: Buffer.from('x'), contentType: 'text/csv' },
    });
    expect(response).toMatchObject({
      status: 400,
      body: { message: 'Batch mode specified, but the given batch_mode_term_id cannot be found.' },
    });
    const missing = await client.request('POST', '/api/v1/accounts/self/sis_imports', {
      query: { batch_mode: 1 },
      raw: { bytes: Buffer.from('x'), contentType: 'text/csv' },
    });
    expect(missing.status).toBe(400);
  });

  it('aborts and deletes nothing when a kind would lose more than change_threshold percent', async () => {
    // 3 of 6 enrollments would go (50%), over the 20% threshold; the rows themselves still apply.
    const files = {
      ...shrunk(),
      'courses.csv':
        'course_id,short_name,long_name,account_id,term_id,status\nBIO1,BIO-1,Biology One,SCH1-SCI,T2025,active\nCHEM1,CHEM-1,Chemistry 1,SCH1-SCI,T2025,active',
      'sections.csv':
        'section_id,course_id,name,status\nBIO1-A,BIO1,Biology A,active\nBIO1-B,BIO1,Biology B,active\nCHEM1-A,CHEM1,Chemistry A,active',
    };
    const done = await client.importCsvs(files, { batch_mode: 1, batch_mode_term_id: 'sis_term_id:T2025', change_threshold: 20 });
    expect(done.workflow_state).toBe('aborted');
    expect(done.processing_warnings).toEqual([[null, '3 enrollments would be deleted and exceeds the set threshold of 20%']]);
    expect(done.data.counts['batch_enrollments_deleted']).toBeUndefined();
    expect(await enrollmentStates('CHEM1')).toEqual(['S4:active', 'T1:active']);
    expect((await client.json<Json>('GET', '/api/v1/courses/sis_course_id:BIO1'))['name']).toBe('Biology One');
    // Under the threshold the cleanup runs.
    expect(
      (await client.importCsvs(files, { batch_mode: 1, batch_mode_term_id: 'sis_term_id:T2025', change_threshold: 60 })).workflow_state,
    ).toBe('imported');
    expect(await enrollmentStates('CHEM1')).toEqual(['S4:deleted', 'T1:deleted']);
  });

  it('multi_term_batch_mode needs change_threshold and cleans up every term of the terms file', async () => {
    const refused = await client.request('POST', '/api/v1/accounts/self/sis_imports', {
      query: { multi_term_batch_mode: true },
      raw: { bytes: Buffer.from('x'), contentType: 'text/csv' },
    });
    expect(refused).toMatchObject({ status: 400, body: { message: 'change_threshold is required to use multi term_batch mode.' } });
    const files = {
      'terms.csv': smallDistrictCsvs()['terms.csv'] as string,
      'courses.csv': 'course_id,short_name,long_name,account_id,term_id,status\nBIO1,BIO-1,Biology 1,SCH1-SCI,T2025,active',
    };
    const done = await client.importCsvs(files, { multi_term_batch_mode: true, change_threshold: 100 });
    expect(done.data.counts['batch_courses_deleted']).toBe(1);
    const noTerms = await client.importCsvs(
      { 'courses.csv': files['courses.csv'] },
      { multi_term_batch_mode: true, change_threshold: 100 },
    );
    expect(noTerms.workflow_state).toBe('aborted');
    expect(noTerms.processing_warnings).toEqual([[null, 'Terms not found. Terms must be included with multi_term_batch_mode']]);
  });
});
