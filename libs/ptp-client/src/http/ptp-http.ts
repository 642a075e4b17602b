import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { withoutBreachMitigation } from './breach-mitigation';
import { OAuthToken, type PluginCredentials } from './oauth-token';
import { networkFailure, PtpApiError, ptpErrorKind } from './ptp-api-error';
import { RequestSpacer } from './request-spacer';
import { describeProblems, validationProblems } from './validation-problems';

export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;
export type Query = Record<string, QueryValue>;

/** One HTTP exchange with PTP, for metrics and benchmarks (never a query string: it carries DCIDs). */
export interface PtpExchange {
  method: string;
  path: string;
  status: number | undefined;
  durationMs: number;
}

export interface PtpHttpOptions {
  /** `https://district.powerschool.com` (no trailing slash needed). */
  baseUrl: string;
  credentials: PluginCredentials;
  /** Services pass `HttpService.axiosRef` from @nestjs/axios; defaults to a fresh instance. */
  axios?: AxiosInstance;
  timeoutMs?: number;
  /** The district's "Minimum time interval (ms) between API requests per plugin" (0: none). */
  minIntervalMs?: number;
  maxConcurrent?: number;
  /** Times one request is sent before its failure goes to the caller (Temporal retries further). */
  maxAttempts?: number;
  /** First pause after a 5xx, a dropped connection or a 412 "Resubmit"; doubles per attempt, with jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onExchange?: (exchange: PtpExchange) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface PtpRequest {
  query?: Query;
  body?: unknown;
  /**
   * Whether sending it twice does no harm. A create is not: after a 5xx or a dropped connection it
   * may have been saved, so it is not sent again here; the caller looks for it first.
   */
  idempotent: boolean;
}

export interface PtpResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | undefined>;
}

/**
 * The one place PTP HTTP happens: the bearer token (one fresh token and one retry on a 401), the
 * plugin's minimum interval, retries with backoff for 5xx, dropped connections, 412 "Resubmit" and
 * "too many requests" (honouring the wait PTP names), `$breach_mitigation` removed, and every other
 * answer mapped to a PtpApiError (a 409 with its field problems).
 */
export class PtpHttp {
  private readonly axios: AxiosInstance;
  private readonly spacer: RequestSpacer;
  private readonly token: OAuthToken;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PtpHttpOptions) {
    this.axios = options.axios ?? axios.create();
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.backoffMs = options.backoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 8_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.spacer = new RequestSpacer({ minIntervalMs: options.minIntervalMs ?? 0, maxConcurrent: options.maxConcurrent ?? 4 });
    this.token = new OAuthToken(this.baseUrl, options.credentials, this.axios, this.timeoutMs, (work) =>
      this.exchange('POST', '/oauth/access_token', work),
    );
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, request: PtpRequest): Promise<PtpResponse<T>> {
    const label = `${method} ${path}`;
    let refreshedToken = false;
    // Waiting when told to is not failing: "too many requests" has its own, larger budget.
    let throttledWaits = 0;
    for (let attempt = 1; ; attempt++) {
      const token = await this.token.get();
      let response: AxiosResponse<unknown>;
      try {
        response = await this.exchange(method, path, () =>
          this.axios.request<unknown>({
            method,
            url: `${this.baseUrl}${path}${encodeQuery(request.query)}`,
            data: request.body,
            timeout: this.timeoutMs,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: 'application/json',
              ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            },
            validateStatus: () => true,
            maxBodyLength: Number.POSITIVE_INFINITY,
            maxContentLength: Number.POSITIVE_INFINITY,
          }),
        );
      } catch (error) {
        const failure = new PtpApiError('network', label, undefined, networkFailure(error));
        if (request.idempotent && attempt < this.maxAttempts) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw failure;
      }
      if (response.status < 300)
        return { status: response.status, data: withoutBreachMitigation(response.data) as T, headers: headersOf(response) };

      const text = typeof response.data === 'string' ? response.data : JSON.stringify(response.data ?? '');
      const kind = ptpErrorKind(response.status, text);
      if (kind === 'unauthorized' && !refreshedToken) {
        // The token expired or was revoked: one fresh token, one more try.
        this.token.invalidate(token);
        refreshedToken = true;
        attempt--;
        continue;
      }
      if (kind === 'throttled') {
        const waitMs = retryAfterMs(headersOf(response)['retry-after'], text) ?? this.backoff(attempt);
        this.spacer.pauseFor(waitMs);
        if (throttledWaits++ < MAX_THROTTLED_WAITS) {
          attempt--;
          continue;
        }
        throw new PtpApiError(kind, label, response.status, 'too many requests', [], waitMs, summarise(text));
      }
      // 412 "Resubmit" means nothing was saved: sending it again is safe even for a create.
      const retryHere = kind === 'resubmit' || (kind === 'server' && request.idempotent);
      if (retryHere && attempt < this.maxAttempts) {
        await this.sleep(this.backoff(attempt));
        continue;
      }
      if (kind === 'unauthorized')
        throw new PtpApiError(
          kind,
          label,
          response.status,
          'a fresh token was refused too: the plugin lost its access (disabled, or its credentials regenerated)',
        );
      const problems = kind === 'validation' ? validationProblems(response.data) : [];
      throw new PtpApiError(kind, label, response.status, describeProblems(problems), problems, undefined, summarise(text));
    }
  }

  private async exchange<T>(method: string, path: string, work: () => Promise<AxiosResponse<T>>): Promise<AxiosResponse<T>> {
    return this.spacer.run(async () => {
      const started = Date.now();
      try {
        const response = await work();
        this.options.onExchange?.({ method, path, status: response.status, durationMs: Date.now() - started });
        return response;
      } catch (error) {
        this.options.onExchange?.({ method, path, status: undefined, durationMs: Date.now() - started });
        throw error;
      }
    });
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
    return Math.round(base / 2 + Math.random() * (base / 2));
  }
}

/** Times one request waits out "too many requests" before the caller hears of it. */
const MAX_THROTTLED_WAITS = 8;

export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `Retry-After: 3`, or "Wait 3 seconds" in the body (PowerSchool's wording for its interval). */
export function retryAfterMs(header: string | undefined, body: string): number | undefined {
  const seconds =
    header !== undefined && /^\d+(\.\d+)?$/.test(header.trim())
      ? Number(header)
      : Number(/wait\D{0,20}?(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)/i.exec(body)?.[1] ?? Number.NaN);
  return Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : undefined;
}

function headersOf(response: AxiosResponse): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(response.headers ?? {})) {
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
  }
  return out;
}

function summarise(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || '(no body)';
}
