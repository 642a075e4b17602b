import { queryString, type FormFields } from '../seed/canvas-api-client';
import { zipCsvs } from '../seed/zip-csvs';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // Tests assert on the shape; the simulator's JSON is untyped on the wire.
  body: unknown;
}

export interface TestRequest {
  query?: FormFields;
  form?: FormFields;
  json?: unknown;
  raw?: { bytes: Buffer; contentType: string };
  multipart?: FormData;
  /** null sends no Authorization header. */
  token?: string | null;
}

/** A thin HTTP client for the simulator's own tests: real requests to the real server. */
export class CanvasTestClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request(method: string, path: string, options: TestRequest = {}): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    let body: string | Uint8Array | FormData | undefined;
    if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = queryString(options.form).slice(1);
    } else if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw) {
      headers['Content-Type'] = options.raw.contentType;
      body = new Uint8Array(options.raw.bytes);
    } else if (options.multipart) {
      body = options.multipart;
    }
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}${queryString(options.query ?? {})}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  get(path: string, query?: FormFields): Promise<TestResponse> {
    return this.request('GET', path, { query });
  }

  /** A JSON body of a request that must succeed. */
  async json<T>(method: string, path: string, options: TestRequest = {}): Promise<T> {
    const response = await this.request(method, path, options);
    if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${response.text}`);
    return response.body as T;
  }

  /** Uploads CSVs as one zip (multipart `attachment`) and waits until the import has finished. */
  async importCsvs(files: Record<string, string>, params: FormFields = {}): Promise<SisImportBody> {
    const form = new FormData();
    form.append('attachment', new Blob([new Uint8Array(await zipCsvs(files))], { type: 'application/zip' }), 'sis.zip');
    const created = await this.json<SisImportBody>('POST', '/api/v1/accounts/self/sis_imports', { query: params, multipart: form });
    return this.waitForImport(created.id);
  }

  async waitForImport(id: number, timeoutMs = 10_000): Promise<SisImportBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.json<SisImportBody>('GET', `/api/v1/accounts/self/sis_imports/${id}`);
      if (!['initializing', 'created', 'importing', 'cleanup_batch', 'restoring'].includes(current.workflow_state)) return current;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${current.workflow_state}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Polls a Progress until it is completed or failed. */
  async waitForProgress(id: number, timeoutMs = 10_000): Promise<{ workflow_state: string; completion: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progress = await this.json<{ workflow_state: string; completion: number }>('GET', `/api/v1/progress/${id}`);
      if (progress.workflow_state === 'completed' || progress.workflow_state === 'failed') return progress;
      if (Date.now() > deadline) throw new Error(`progress ${id} still ${progress.workflow_state}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** The fields of a SisImport the tests read. */
export interface SisImportBody {
  id: number;
  workflow_state: string;
  progress: number;
  data: { supplied_batches: string[]; counts: Record<string, number>; error_message?: string };
  processing_errors?: Array<[string | null, string]>;
  processing_warnings?: Array<[string | null, string]>;
  errors_attachment?: { url: string };
  diffed_against_import_id: number | null;
  diffing_threshold_exceeded: boolean;
  batch_mode: boolean | null;
  batch_mode_term_id: number | null;
}

/** A small district as SIS CSVs: one school, one term, two courses, three sections, a teacher, four students. */
export function smallDistrictCsvs(): Record<string, string> {
  return {
    'accounts.csv': 'account_id,parent_account_id,name,status\nSCH1,,Lincoln High,active\nSCH1-SCI,SCH1,Science Department,active',
    'terms.csv': 'term_id,name,status,start_date,end_date\nT2025,Fall 2025,active,2025-08-20T00:00:00Z,2025-12-19T23:59:59Z',
    'courses.csv':
      'course_id,short_name,long_name,account_id,term_id,status,grade_passback_setting\nBIO1,BIO-1,Biology 1,SCH1-SCI,T2025,active,nightly_sync\nCHEM1,CHEM-1,Chemistry 1,SCH1-SCI,T2025,published,',
    'sections.csv':
      'section_id,course_id,name,status\nBIO1-A,BIO1,Biology A,active\nBIO1-B,BIO1,Biology B,active\nCHEM1-A,CHEM1,Chemistry A,active',
    'users.csv':
      'user_id,login_id,first_name,last_name,email,status\nT1,druiz,Dana,Ruiz,druiz@example.test,active\nS1,s1,Ann,Able,,active\nS2,s2,Ben,Best,,active\nS3,s3,Cal,Cole,,active\nS4,s4,Dot,Dunn,,active',
    'enrollments.csv':
      'course_id,section_id,user_id,role,status\nBIO1,BIO1-A,T1,teacher,active\nBIO1,BIO1-A,S1,student,active\nBIO1,BIO1-A,S2,student,active\nBIO1,BIO1-B,S3,student,active\nCHEM1,CHEM1-A,S4,student,active\nCHEM1,CHEM1-A,T1,teacher,active',
  };
}
