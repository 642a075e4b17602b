/**
 * Every way a Canvas call can fail, sorted once (here) into what the caller should do about it:
 * retry later, fix configuration, or record a per-item error and go on.
 */
export type CanvasErrorKind =
  /** 403 "Rate Limit Exceeded": slow down and retry. */
  | 'throttled'
  /** 401: the token is wrong, expired or revoked — an operator must rotate it. */
  | 'unauthorized'
  /** 403 for another reason: the token lacks a permission (e.g. manage_sis). */
  | 'forbidden'
  | 'not-found'
  /** 400/422: the request itself is wrong; retrying the same request cannot help. */
  | 'invalid-request'
  | 'conflict'
  /** 5xx: Canvas's side; retry later. */
  | 'server'
  /** No HTTP answer at all (reset, timeout, DNS). */
  | 'network';

const RETRYABLE: ReadonlySet<CanvasErrorKind> = new Set(['throttled', 'server', 'network']);

export class CanvasApiError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: CanvasErrorKind,
    /** `GET /api/v1/accounts/1/sis_imports/7` — method and path, never the query string or token. */
    readonly request: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`Canvas ${request} failed (${status ?? 'no response'} ${kind}): ${detail}`);
    this.name = 'CanvasApiError';
    this.retryable = RETRYABLE.has(kind);
  }
}

export function canvasErrorKind(status: number, body: string): CanvasErrorKind {
  if (status === 403 && /rate limit exceeded/i.test(body)) return 'throttled';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'invalid-request';
}
