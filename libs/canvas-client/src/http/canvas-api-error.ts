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

/**
 * A failed Canvas call. Its message is this code's own words (the request, the status, the kind,
 * and Canvas's error code when its answer has one, e.g. `unpublished_course`), never Canvas's
 * response body: the message travels through Temporal into run results and onto pages. The body's
 * first characters stay on the error (`responseExcerpt`) for the log line.
 */
export class CanvasApiError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: CanvasErrorKind,
    /** `GET /api/v1/accounts/1/sis_imports/7` — method and path, never the query string or token. */
    readonly request: string,
    readonly status: number | undefined,
    /** This code's words about the failure (never a response body). */
    detail: string,
    /** Canvas's machine-readable error code (`{"code": "unpublished_course"}`), when the answer has one. */
    readonly code?: string,
    /** The start of Canvas's answer, for logs only. */
    readonly responseExcerpt?: string,
  ) {
    super(`Canvas ${request} failed (${status ?? 'no response'} ${kind}${code ? ` ${code}` : ''})${detail ? `: ${detail}` : ''}`);
    this.name = 'CanvasApiError';
    this.retryable = RETRYABLE.has(kind);
  }
}

/** Canvas's error code in an answer like `{"code":"unpublished_course","error":"…"}`, when it is one word. */
export function canvasErrorCode(body: unknown): string | undefined {
  const code = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['code'] : undefined;
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

/** What a failed connection was, by its code (`ECONNREFUSED`, `ETIMEDOUT`): never the address it tried. */
export function networkFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  return code && /^[A-Z_]+$/.test(code) ? `no answer (${code})` : 'no answer';
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
