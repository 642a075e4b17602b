import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { CanvasApiError, canvasErrorCode, canvasErrorKind, networkFailure } from './canvas-api-error';
import { nextPageUrl } from './link-header';
import { RequestPacer } from './request-pacer';

export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;
export type Query = Record<string, QueryValue>;

export interface CanvasHttpOptions {
  /** `https://district.instructure.com` (no trailing `/api`). */
  baseUrl: string;
  token: string;
  /** Services pass `HttpService.axiosRef` from @nestjs/axios; defaults to a fresh instance. */
  axios?: AxiosInstance;
  timeoutMs?: number;
  pacer?: RequestPacer;
  /** Throttled answers retried inside one call before the error goes to the caller (Temporal retries further). */
  maxThrottleRetries?: number;
}

export interface RequestOptions {
  query?: Query;
  /** JSON body; or a FormData for multipart uploads; or raw bytes with `contentType`. */
  body?: unknown;
  contentType?: string;
}

/**
 * The one place Canvas HTTP happens: bearer auth, pacing under the throttle, Rails-style query
 * arrays (`student_ids[]=all`), pagination by `Link` headers, and error mapping. Errors carry the
 * method and path only, never the token or a query string that could hold ids of people.
 */
export class CanvasHttp {
  private readonly axios: AxiosInstance;
  private readonly pacer: RequestPacer;
  private readonly maxThrottleRetries: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: CanvasHttpOptions) {
    this.axios = options.axios ?? axios.create();
    this.pacer = options.pacer ?? new RequestPacer();
    this.maxThrottleRetries = options.maxThrottleRetries ?? 4;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<AxiosResponse<T>> {
    const url = path.startsWith('http') ? path : `${this.options.baseUrl.replace(/\/$/, '')}${path}${encodeQuery(options.query)}`;
    const label = `${method} ${new URL(url).pathname}`;
    for (let attempt = 0; ; attempt++) {
      await this.pacer.beforeRequest();
      let response: AxiosResponse<T>;
      try {
        response = await this.axios.request<T>({
          method,
          url,
          data: options.body,
          timeout: this.timeoutMs,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: 'application/json',
            ...(options.contentType ? { 'Content-Type': options.contentType } : {}),
          },
          validateStatus: () => true,
          maxBodyLength: Number.POSITIVE_INFINITY,
          maxContentLength: Number.POSITIVE_INFINITY,
        });
      } catch (error) {
        throw new CanvasApiError('network', label, undefined, networkFailure(error));
      }
      const remaining = header(response, 'x-rate-limit-remaining');
      if (response.status < 300) {
        this.pacer.afterResponse(remaining, false);
        return response;
      }
      const body = typeof response.data === 'string' ? response.data : JSON.stringify(response.data ?? '');
      const kind = canvasErrorKind(response.status, body);
      this.pacer.afterResponse(remaining, kind === 'throttled');
      if (kind === 'throttled' && attempt < this.maxThrottleRetries) continue;
      throw new CanvasApiError(kind, label, response.status, '', canvasErrorCode(response.data), summarise(body));
    }
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.request<T>('GET', path, { query })).data;
  }

  /**
   * Every item of a paginated list, following `Link: rel="next"`. `wrapper` names the key some
   * endpoints wrap their page in (`{"sis_imports": […]}`).
   */
  async *paginate<T>(path: string, query: Query = {}, wrapper?: string): AsyncGenerator<T> {
    let next: string | undefined;
    let response = await this.request<unknown>('GET', path, { query: { per_page: 100, ...query } });
    for (;;) {
      const page = (wrapper ? (response.data as Record<string, unknown>)[wrapper] : response.data) as T[] | undefined;
      if (!Array.isArray(page)) throw new CanvasApiError('invalid-request', `GET ${path}`, response.status, 'the answer is not a list');
      yield* page;
      next = nextPageUrl(header(response, 'link'));
      if (!next) return;
      response = await this.request<unknown>('GET', next);
    }
  }

  async all<T>(path: string, query: Query = {}, wrapper?: string): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this.paginate<T>(path, query, wrapper)) items.push(item);
    return items;
  }
}

export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function header(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function summarise(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
