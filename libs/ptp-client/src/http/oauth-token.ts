import type { AxiosInstance, AxiosResponse } from 'axios';
import { networkFailure, PtpApiError, ptpErrorKind } from './ptp-api-error';

export interface PluginCredentials {
  clientId: string;
  clientSecret: string;
}

interface CachedToken {
  value: string;
  /** When we stop using it (a minute before PowerSchool would expire it). */
  refreshAt: number;
}

/**
 * The plugin's client-credentials token (powerteacher-pro.md §1.2): `POST /oauth/access_token`
 * with HTTP Basic, cached until shortly before `expires_in` — which PowerSchool sends as a JSON
 * string — runs out. Concurrent callers share one fetch. `invalidate(token)` drops a token a 401
 * refused, so the next caller fetches a fresh one.
 */
export class OAuthToken {
  private cached?: CachedToken;
  private fetching?: Promise<string>;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: PluginCredentials,
    private readonly axios: AxiosInstance,
    private readonly timeoutMs: number,
    /** Token requests count against the plugin's minimum interval too. */
    private readonly paced: (work: () => Promise<AxiosResponse<unknown>>) => Promise<AxiosResponse<unknown>>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async get(): Promise<string> {
    if (this.cached && this.cached.refreshAt > this.now()) return this.cached.value;
    this.fetching ??= this.fetch().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const label = 'POST /oauth/access_token';
    const basic = Buffer.from(`${this.credentials.clientId}:${this.credentials.clientSecret}`, 'utf8').toString('base64');
    let response;
    try {
      response = await this.paced(() =>
        this.axios.request<unknown>({
          method: 'POST',
          url: `${this.baseUrl}/oauth/access_token`,
          data: 'grant_type=client_credentials',
          headers: {
            Authorization: `Basic ${basic}`,
            'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
            Accept: 'application/json',
          },
          timeout: this.timeoutMs,
          validateStatus: () => true,
        }),
      );
    } catch (error) {
      throw new PtpApiError('network', label, undefined, networkFailure(error));
    }
    const body = response.data;
    if (response.status >= 300) {
      const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
      const kind = ptpErrorKind(response.status, text);
      // A refused client is not a passing fault: the plugin's credentials are wrong or were regenerated.
      const detail =
        kind === 'unauthorized' || response.status === 400
          ? 'the plugin’s client id and secret were refused (regenerated in PowerSchool? see docs/operations.md)'
          : 'no token';
      throw new PtpApiError(
        response.status === 400 ? 'unauthorized' : kind,
        label,
        response.status,
        detail,
        [],
        undefined,
        errorText(body),
      );
    }
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const token = record['access_token'];
    if (typeof token !== 'string' || token === '')
      throw new PtpApiError(
        'invalid-response',
        label,
        response.status,
        'no access_token in the answer',
        [],
        undefined,
        record['error'] ? String(record['error']).slice(0, 200) : undefined,
      );
    // `expires_in` is a string ("2591987"); a number is taken too. Unknown: keep it for an hour.
    const seconds = Number.parseInt(String(record['expires_in'] ?? ''), 10);
    const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000;
    this.cached = { value: token, refreshAt: this.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2) };
    return token;
  }
}

function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    return String(record['error_description'] ?? record['error'] ?? record['message'] ?? JSON.stringify(body));
  }
  return String(body ?? '').slice(0, 200);
}
