import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient } from '../testing/canvas-test-client';

interface Json {
  [key: string]: unknown;
}

describe('fault injection: an import that dies part-way', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 20, throttle: false });
    client = new CanvasTestClient(sim.url, sim.token);
  });
  afterEach(async () => sim.close());

  const csvs = {
    'accounts.csv': 'account_id,parent_account_id,name,status\nSCH1,,Lincoln High,active',
    'courses.csv': 'course_id,short_name,long_name,account_id,status\nC1,C-1,Course 1,SCH1,active',
    'users.csv': 'user_id,login_id,status\nS1,s1,active',
  };

  it('keeps what it applied before dying, ends failed_with_messages, and restore_states undoes it', async () => {
    const configured = await client.request('PUT', '/__admin/config', {
      json: { crashImports: { count: 1, afterKind: 'course' } },
      token: null,
    });
    expect(configured.body).toMatchObject({ crashImports: { count: 1, afterKind: 'course' } });

    const crashed = await client.importCsvs(csvs);
    expect(crashed.workflow_state).toBe('failed_with_messages');
    const details = await client.json<Json>('GET', `/api/v1/accounts/self/sis_imports/${crashed.id}`);
    expect(details['processing_errors']).toEqual([['users.csv', 'Error while importing CSV. Please contact support.']]);
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:C1')).status).toBe(200);
    expect((await client.request('GET', '/api/v1/users/sis_user_id:S1')).status).toBe(404);

    const progress = await client.json<Json>('PUT', `/api/v1/accounts/self/sis_imports/${crashed.id}/restore_states`);
    expect((await client.waitForProgress(progress['id'] as number)).workflow_state).toBe('completed');
    expect((await client.request('GET', '/api/v1/courses/sis_course_id:C1')).status).toBe(404);

    // Only the configured number of imports crash.
    expect((await client.importCsvs(csvs)).workflow_state).toBe('imported');
  });

  it('refuses a bad crash setting, naming what it expects', async () => {
    const bad = await client.request('PUT', '/__admin/config', {
      json: { crashImports: { count: 1, afterKind: 'teachers' } },
      token: null,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: expect.stringContaining('crashImports.afterKind must be one of') });
  });
});
