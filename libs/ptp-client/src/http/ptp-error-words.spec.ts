import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { PtpApiError } from './ptp-api-error';
import { PtpHttp } from './ptp-http';

/** PowerSchool's answer to every call but the token's: whatever a test says. */
function powerSchool(answer: (config: InternalAxiosRequestConfig) => { status: number; data: unknown } | Error): AxiosAdapter {
  return async (config) => {
    if (config.url?.endsWith('/oauth/access_token'))
      return { status: 200, statusText: 'OK', headers: {}, config, data: { access_token: 't', expires_in: '3600' } };
    const result = answer(config);
    if (result instanceof Error) throw result;
    return { status: result.status, statusText: '', headers: {}, config, data: result.data };
  };
}
const http = (adapter: AxiosAdapter) =>
  new PtpHttp({
    baseUrl: 'https://ps.district.example',
    credentials: { clientId: 'id', clientSecret: 'secret' },
    axios: axios.create({ adapter }),
    maxAttempts: 1,
    sleep: async () => undefined,
  });
const failure = async (adapter: AxiosAdapter): Promise<PtpApiError> => {
  const error = await http(adapter)
    .request('GET', '/ws/xte/section/assignment/7', { idempotent: true })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  if (!(error instanceof PtpApiError)) throw new Error(`expected a PtpApiError, got ${String(error)}`);
  return error;
};

describe('what a failed PowerTeacher Pro call says', () => {
  it('names the request, status and kind, never PowerSchool’s answer (which stays on the error for the log)', async () => {
    const body = '<html><body>java.lang.NullPointerException at com.pearson.ps.internal.Gradebook(10.1.4.17)</body></html>';
    const error = await failure(powerSchool(() => ({ status: 500, data: body })));
    expect(error.message).toBe('PowerTeacher Pro GET /ws/xte/section/assignment/7 failed (500 server)');
    expect(error.responseExcerpt).toContain('NullPointerException');
  });

  it('keeps the field problems a 409 names, each one short', async () => {
    const error = await failure(
      powerSchool(() => ({ status: 409, data: { message: 'Validation Failed', errors: [{ field: 'duedate', code: 'x'.repeat(500) }] } })),
    );
    expect(error.message).toBe(`PowerTeacher Pro GET /ws/xte/section/assignment/7 failed (409 validation): duedate: ${'x'.repeat(111)}…`);
  });

  it('says a connection failed by its code, not by the address it tried', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.20.30.40:443'), { code: 'ECONNREFUSED' });
    const error = await failure(powerSchool(() => refused));
    expect(error.message).toBe('PowerTeacher Pro GET /ws/xte/section/assignment/7 failed (no response network): no answer (ECONNREFUSED)');
  });
});
