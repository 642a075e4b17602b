import axios, { type AxiosAdapter } from 'axios';
import { CanvasApiError } from './canvas-api-error';
import { CanvasHttp } from './canvas-http';

const failure = async (adapter: AxiosAdapter): Promise<CanvasApiError> => {
  const http = new CanvasHttp({ baseUrl: 'https://district.instructure.com', token: 't', axios: axios.create({ adapter }) });
  const error = await http.get('/api/sis/courses/5/assignments').then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CanvasApiError)) throw new Error(`expected a CanvasApiError, got ${String(error)}`);
  return error;
};

describe('what a failed Canvas call says', () => {
  it('names the request, status, kind and Canvas’s error code, never Canvas’s answer (which stays on the error for the log)', async () => {
    const error = await failure(async (config) => ({
      status: 400,
      statusText: '',
      headers: {},
      config,
      data: { code: 'unpublished_course', error: 'Grade data is not available for non-published courses' },
    }));
    expect(error.message).toBe('Canvas GET /api/sis/courses/5/assignments failed (400 invalid-request unpublished_course)');
    expect(error.code).toBe('unpublished_course');
    expect(error.responseExcerpt).toContain('Grade data is not available');
  });

  it('says a connection failed by its code, not by the address it tried', async () => {
    const error = await failure(async () => {
      throw Object.assign(new Error('connect ETIMEDOUT 10.1.2.3:443'), { code: 'ETIMEDOUT' });
    });
    expect(error.message).toBe('Canvas GET /api/sis/courses/5/assignments failed (no response network): no answer (ETIMEDOUT)');
  });
});
