import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { zipCsvs } from '../seed/zip-csvs';
import { HeldImportStages } from '../testing/held-import-stages';
import { CanvasTestClient, smallDistrictCsvs, type SisImportBody } from '../testing/canvas-test-client';

describe('SIS Imports API', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 5, throttle: false });
    client = new CanvasTestClient(sim.url, sim.token);
  });
  afterEach(async () => sim.close());

  describe('uploads', () => {
    it('takes a zip as multipart `attachment` and imports every file, whatever the order of the zip', async () => {
      const files = smallDistrictCsvs();
      // Names and order deliberately wrong: the kind comes from the header row.
      const scrambled = {
        'z-enrollments.csv': files['enrollments.csv'],
        'a-users.csv': files['users.csv'],
        'm.csv': files['sections.csv'],
        'courses.CSV': files['courses.csv'],
        'terms.csv': files['terms.csv'],
        'accounts.csv': files['accounts.csv'],
      } as Record<string, string>;
      const done = await client.importCsvs(scrambled);
      expect(done.workflow_state).toBe('imported');
      expect(done.data.supplied_batches).toEqual(['account', 'term', 'course', 'section', 'user', 'enrollment']);
      expect(done.data.counts).toMatchObject({
        accounts: 2,
        terms: 1,
        courses: 2,
        sections: 3,
        users: 5,
        enrollments: 6,
        error_count: 0,
        warning_count: 0,
      });
      expect(done.progress).toBe(100);
    });

    it('takes a raw CSV body (Content-Type text/csv) and a raw zip (extension=zip or any other type)', async () => {
      const csv = await client.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', {
        raw: { bytes: Buffer.from(smallDistrictCsvs()['accounts.csv'] as string), contentType: 'text/csv' },
      });
      expect((await client.waitForImport(csv.id)).data.counts['accounts']).toBe(2);
      const zip = await zipCsvs({ 'terms.csv': smallDistrictCsvs()['terms.csv'] as string });
      const withExtension = await client.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', {
        query: { import_type: 'instructure_csv', extension: 'zip' },
        raw: { bytes: zip, contentType: 'application/octet-stream' },
      });
      expect((await client.waitForImport(withExtension.id)).data.counts['terms']).toBe(1);
      const fallback = await client.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports.json', {
        raw: { bytes: zip, contentType: 'application/octet-stream' },
      });
      expect((await client.waitForImport(fallback.id)).workflow_state).toBe('imported');
    });

    it('refuses a non-UTF-8 charset, a multipart body without attachment, sub-accounts and other import types', async () => {
      const latin = await client.request('POST', '/api/v1/accounts/self/sis_imports', {
        raw: { bytes: Buffer.from('x'), contentType: 'text/csv; charset=ISO-8859-1' },
      });
      expect(latin).toMatchObject({ status: 400, body: { error: 'Invalid content type, UTF-8 required' } });
      const form = new FormData();
      form.append('other', 'x');
      expect(await client.request('POST', '/api/v1/accounts/self/sis_imports', { multipart: form })).toMatchObject({
        status: 400,
        body: { errors: [{ message: 'Missing attachment' }] },
      });
      await client.importCsvs({ 'accounts.csv': smallDistrictCsvs()['accounts.csv'] as string });
      const sub = await client.request('GET', '/api/v1/accounts/sis_account_id:SCH1/sis_imports');
      expect(sub).toMatchObject({ status: 400, body: { errors: ['SIS imports can only be executed on root accounts'] } });
      const otherType = await client.request('POST', '/api/v1/accounts/self/sis_imports', {
        query: { import_type: 'oneroster' },
        raw: { bytes: Buffer.from('x'), contentType: 'text/csv' },
      });
      expect(otherType.status).toBe(400);
    });
  });

  describe('workflow', () => {
    it('moves created → importing (progress rising) → imported over the processing time, with data.counts', async () => {
      // The queue stops at each stage until the test lets it on: every state is seen, however slow the machine.
      const stages = new HeldImportStages();
      const slow = await startCanvasSimulator({ processingTimeMs: 400, throttle: false, importStageWait: stages.wait });
      try {
        const slowClient = new CanvasTestClient(slow.url, slow.token);
        const form = new FormData();
        form.append('attachment', new Blob([new Uint8Array(await zipCsvs(smallDistrictCsvs()))]), 'sis.zip');
        const created = await slowClient.json<SisImportBody & { ended_at: string | null }>('POST', '/api/v1/accounts/self/sis_imports', {
          multipart: form,
        });
        expect(created).toMatchObject({ workflow_state: 'created', progress: 0, ended_at: null });
        const seen: Array<[string, number]> = [];
        for (;;) {
          const current = await slowClient.json<SisImportBody & { ended_at: string | null }>(
            'GET',
            `/api/v1/accounts/self/sis_imports/${created.id}`,
          );
          seen.push([current.workflow_state, current.progress]);
          if (current.workflow_state === 'imported') {
            expect(current.ended_at).not.toBeNull();
            break;
          }
          await stages.holding();
          stages.release();
        }
        expect(seen).toEqual([
          ['created', 0],
          ['importing', 0],
          ['importing', 25],
          ['importing', 50],
          ['importing', 75],
          ['imported', 100],
        ]);
      } finally {
        await slow.close();
      }
    });

    it('runs imports one at a time in creation order, lists them wrapped in sis_imports, and aborts pending ones', async () => {
      const stages = new HeldImportStages();
      const slow = await startCanvasSimulator({ processingTimeMs: 200, throttle: false, importStageWait: stages.wait });
      try {
        const slowClient = new CanvasTestClient(slow.url, slow.token);
        const post = async (name: string) =>
          slowClient.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', {
            raw: { bytes: Buffer.from(smallDistrictCsvs()[name] as string), contentType: 'text/csv' },
          });
        const first = await post('accounts.csv');
        const second = await post('terms.csv');
        const third = await post('accounts.csv');
        // The first import starts (its first stage passed) and is held at the next: the others wait behind it.
        await stages.holding();
        stages.release();
        await stages.holding();
        const importing = await slowClient.json<{ sis_imports: SisImportBody[] }>('GET', '/api/v1/accounts/self/sis_imports/importing');
        expect(importing.sis_imports.map((i) => i.id)).toEqual([first.id]);
        expect(await slowClient.json('PUT', `/api/v1/accounts/self/sis_imports/${third.id}/abort`)).toMatchObject({
          id: third.id,
          workflow_state: 'aborted',
        });
        stages.runFreely();
        expect((await slowClient.waitForImport(second.id)).workflow_state).toBe('imported');
        expect((await slowClient.waitForImport(first.id)).workflow_state).toBe('imported');
        const list = await slowClient.json<{ sis_imports: SisImportBody[] }>('GET', '/api/v1/accounts/self/sis_imports');
        expect(list.sis_imports.map((i) => [i.id, i.workflow_state])).toEqual([
          [third.id, 'aborted'],
          [second.id, 'imported'],
          [first.id, 'imported'],
        ]);
        // The list does not count its rows, so its Link header has no rel="last".
        const firstPage = await slowClient.request('GET', '/api/v1/accounts/self/sis_imports', { query: { per_page: 2 } });
        expect(firstPage.headers.get('link')).toContain('rel="next"');
        expect(firstPage.headers.get('link')).not.toContain('rel="last"');
        const filtered = await slowClient.json<{ sis_imports: SisImportBody[] }>('GET', '/api/v1/accounts/self/sis_imports', {
          query: { 'workflow_state[]': ['aborted'] },
        });
        expect(filtered.sis_imports.map((i) => i.id)).toEqual([third.id]);
        // A finished import cannot be aborted.
        expect((await slowClient.request('PUT', `/api/v1/accounts/self/sis_imports/${first.id}/abort`)).status).toBe(404);
        expect(await slowClient.json('PUT', '/api/v1/accounts/self/sis_imports/abort_all_pending')).toEqual({ aborted: true });
      } finally {
        await slow.close();
      }
    });
  });

  describe('errors and warnings', () => {
    it('reports row problems as [file, message] warnings and on /errors with row numbers (imported_with_messages)', async () => {
      const done = await client.importCsvs({
        'users.csv':
          'user_id,login_id,first_name,last_name,status\nU1,u1,Ann,Able,active\n,u2,No,Id,active\nU3,,No,Login,active\nU4,u4,Bad,Status,sleeping',
        'courses.csv': 'course_id,short_name,long_name,status\nC1,,Long,active\nC2,C-2,Course 2,active',
      });
      expect(done.workflow_state).toBe('imported_with_messages');
      expect(done.processing_errors).toBeUndefined();
      expect(done.processing_warnings).toEqual([
        ['courses.csv', 'No short_name given for course C1'],
        ['users.csv', 'No user_id given for a user'],
        ['users.csv', 'No login_id given for user U3'],
        ['users.csv', 'Improper status "sleeping" for user U4, skipping'],
      ]);
      expect(done.data.counts).toMatchObject({ users: 1, courses: 1, warning_count: 4, error_count: 0 });
      const errors = await client.json<{ sis_import_errors: Array<{ file: string; row: number; message: string; row_info: string }> }>(
        'GET',
        `/api/v1/accounts/self/sis_imports/${done.id}/errors`,
      );
      expect(errors.sis_import_errors.map((e) => [e.file, e.row])).toEqual([
        ['courses.csv', 2],
        ['users.csv', 3],
        ['users.csv', 4],
        ['users.csv', 5],
      ]);
      expect(errors.sis_import_errors[0]).toMatchObject({ sis_import_id: done.id, row_info: 'C1,,Long,active' });
      // The full report is downloadable without a token, as Canvas's file URLs are.
      const report = await client.request('GET', done.errors_attachment?.url ?? '', { token: null });
      expect(report.text.split('\n')[0]).toBe('sis_import_id,file,message,row');
      expect(report.text).toContain(`${done.id},users.csv,No login_id given for user U3,4`);
    });

    it('fails (failed_with_messages) on unknown headers, bad UTF-8 and malformed CSV, still importing the good files', async () => {
      const form = new FormData();
      const zip = await zipCsvs({
        'people.csv': 'id,name\n1,x',
        'accounts.csv': 'account_id,parent_account_id,name,status\nA1,,One,active',
        'notes.txt': 'hello',
        '__MACOSX/._accounts.csv': 'junk',
      });
      form.append('attachment', new Blob([new Uint8Array(zip)]), 'sis.zip');
      const created = await client.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', { multipart: form });
      const done = await client.waitForImport(created.id);
      expect(done.workflow_state).toBe('failed_with_messages');
      expect(done.processing_errors).toEqual([['people.csv', "Couldn't find Canvas CSV import headers"]]);
      expect(done.processing_warnings).toEqual([['notes.txt', 'Skipping unknown file type']]);
      expect(done.data.counts['accounts']).toBe(1);
      const failures = await client.json<{ sis_import_errors: unknown[] }>('GET', `/api/v1/accounts/self/sis_imports/${done.id}/errors`, {
        query: { failure: true },
      });
      expect(failures.sis_import_errors).toHaveLength(1);

      const bad = await client.importCsvs({ 'quotes.csv': 'user_id,login_id,status\n"U1,u1,active' });
      expect(bad.workflow_state).toBe('failed_with_messages');
      expect(bad.processing_errors).toEqual([['quotes.csv', 'Malformed CSV']]);
    });

    it('rejects invalid UTF-8 bytes with "Invalid UTF-8"', async () => {
      const created = await client.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', {
        raw: { bytes: Buffer.from([0x75, 0x73, 0x65, 0x72, 0xff, 0x0a]), contentType: 'text/csv' },
      });
      const done = await client.waitForImport(created.id);
      expect(done.workflow_state).toBe('failed_with_messages');
      expect(done.processing_errors).toEqual([['sis_import.csv', 'Invalid UTF-8']]);
    });

    it('ends `failed` (reason in data.error_message) when the upload cannot be opened at all', async () => {
      const created = await client.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', {
        raw: { bytes: Buffer.from('not a zip at all'), contentType: 'application/zip' },
      });
      const done = await client.waitForImport(created.id);
      expect(done.workflow_state).toBe('failed');
      expect(done.data.error_message).toMatch(/Error while importing CSV/);
      expect(done.processing_errors).toBeUndefined();
    });

    it('puts the first 24 messages inline and says how many more there are', async () => {
      const rows = Array.from({ length: 30 }, (_, i) => `U${i},,active`).join('\n');
      const done = await client.importCsvs({ 'users.csv': `user_id,login_id,status\n${rows}` });
      expect(done.processing_warnings).toHaveLength(25);
      expect(done.processing_warnings?.[24]).toEqual([
        'and 6 more warnings that were not included',
        'Download the error file to see all warnings.',
      ]);
      const all = await client.json<{ sis_import_errors: unknown[] }>('GET', `/api/v1/accounts/self/sis_imports/${done.id}/errors`, {
        query: { per_page: 100 },
      });
      expect(all.sis_import_errors).toHaveLength(30);
      const accountWide = await client.json<{ sis_import_errors: unknown[] }>('GET', '/api/v1/accounts/self/sis_import_errors', {
        query: { per_page: 100 },
      });
      expect(accountWide.sis_import_errors).toHaveLength(30);
    });
  });
});
