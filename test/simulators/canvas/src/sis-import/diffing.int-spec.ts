import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient } from '../testing/canvas-test-client';

describe('diffing_data_set_identifier', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 2, throttle: false });
    client = new CanvasTestClient(sim.url, sim.token);
  });
  afterEach(async () => sim.close());

  const users = (ids: string[]) => ({
    'users.csv': ['user_id,login_id,status', ...ids.map((id) => `${id},${id.toLowerCase()},active`)].join('\n'),
  });
  const loginState = async (sisId: string) => (await client.request('GET', `/api/v1/users/sis_user_id:${sisId}`)).status;

  it('applies only the difference from the last import of the same data set, deleting rows that disappeared', async () => {
    const first = await client.importCsvs(users(['U1', 'U2', 'U3']), { diffing_data_set_identifier: 'users:all' });
    expect(first.diffed_against_import_id).toBeNull();
    const second = await client.importCsvs(users(['U1', 'U2', 'U4']), { diffing_data_set_identifier: 'users:all' });
    expect(second).toMatchObject({ workflow_state: 'imported', diffed_against_import_id: first.id });
    // Only U4 (new) and U3 (gone, now deleted) were applied.
    expect(second.data.counts['users']).toBe(2);
    expect(await loginState('U3')).toBe(404);
    expect(await loginState('U4')).toBe(200);
    // Another data set is not diffed against this one.
    expect((await client.importCsvs(users(['U9']), { diffing_data_set_identifier: 'users:other' })).diffed_against_import_id).toBeNull();
  });

  it('finishes at once when nothing changed, and is not combined with batch mode', async () => {
    await client.importCsvs(users(['U1']), { diffing_data_set_identifier: 'same' });
    const unchanged = await client.importCsvs(users(['U1']), { diffing_data_set_identifier: 'same' });
    expect(unchanged.workflow_state).toBe('imported');
    expect(unchanged.data.counts['users'] ?? 0).toBe(0);
    await client.importCsvs({ 'terms.csv': 'term_id,name,status\nT1,Term,active' });
    const batch = await client.importCsvs(users(['U1']), {
      diffing_data_set_identifier: 'same',
      batch_mode: 1,
      batch_mode_term_id: 'sis_term_id:T1',
    });
    expect(batch).toMatchObject({ batch_mode: true, diffed_against_import_id: null });
  });

  it('applies the whole file when the size changed more than change_threshold, and fails after five such imports until a remaster', async () => {
    await client.importCsvs(users(['U1', 'U2']), { diffing_data_set_identifier: 'ds', change_threshold: 10 });
    const many = (n: number) => users(Array.from({ length: n }, (_, i) => `U${i + 1}`));
    const grown = await client.importCsvs(many(300), { diffing_data_set_identifier: 'ds', change_threshold: 10 });
    expect(grown).toMatchObject({ diffing_threshold_exceeded: true, diffed_against_import_id: null });
    expect(grown.processing_warnings).toEqual([[null, 'Diffing not performed because file size difference exceeded threshold']]);
    expect(grown.data.counts['users']).toBe(300);
    // A breaching import is no base for the next diff, so every later big file breaches again.
    for (let i = 0; i < 4; i++)
      expect(
        (await client.importCsvs(many(200 + i * 50), { diffing_data_set_identifier: 'ds', change_threshold: 10 }))
          .diffing_threshold_exceeded,
      ).toBe(true);
    const blocked = await client.importCsvs(users(['U1']), { diffing_data_set_identifier: 'ds', change_threshold: 10 });
    expect(blocked.workflow_state).toBe('failed_with_messages');
    expect(blocked.processing_errors?.[0]?.[1]).toMatch(/diffing_remaster_data_set=true/);
    const remaster = await client.importCsvs(users(['U1', 'U2']), { diffing_data_set_identifier: 'ds', diffing_remaster_data_set: true });
    expect(remaster.workflow_state).toBe('imported');
    const next = await client.importCsvs(users(['U1', 'U2']), { diffing_data_set_identifier: 'ds', change_threshold: 10 });
    expect(next).toMatchObject({ workflow_state: 'imported', diffed_against_import_id: remaster.id });
  });

  it('validates diffing_drop_status', async () => {
    const response = await client.request('POST', '/api/v1/accounts/self/sis_imports', {
      query: { diffing_data_set_identifier: 'x', diffing_drop_status: 'vanished' },
      raw: { bytes: Buffer.from('x'), contentType: 'text/csv' },
    });
    expect(response).toMatchObject({ status: 400, body: { message: 'Invalid diffing_drop_status' } });
  });
});
