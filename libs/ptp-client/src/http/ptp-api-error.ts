/**
 * Every way a PowerTeacher Pro call can fail, sorted once (here) into what the caller should do
 * about it: retry later, fix configuration, or record a per-item error and go on.
 */
export type PtpErrorKind =
  /** The plugin's client id/secret were refused, or a fresh token was refused again: an operator must act. */
  | 'unauthorized'
  /** 403: the plugin lacks a field or the teacher does not teach the section. */
  | 'forbidden'
  | 'not-found'
  /** 400: the request itself is wrong; sending it again cannot help. */
  | 'invalid-request'
  /** 409 Validation Error: the answer names the fields PTP refused (see `problems`). */
  | 'validation'
  /** 412 other than "Resubmit", e.g. deleting an assignment that has grades without force. */
  | 'precondition'
  /** 412 "Resubmit": PTP asks for the same request again. */
  | 'resubmit'
  /** Too many requests inside the plugin's minimum interval: wait and retry. */
  | 'throttled'
  /** 5xx: PowerSchool's side; retry later. */
  | 'server'
  /** No HTTP answer at all (reset, timeout, DNS). */
  | 'network'
  /** A success that lacks what the API promises (e.g. a create without its id headers). */
  | 'invalid-response';

const RETRYABLE: ReadonlySet<PtpErrorKind> = new Set(['resubmit', 'throttled', 'server', 'network']);

/** One field PTP refused, from a 409 body: `{resource, field, code}` (the reading is [U]; see validation-problems.ts). */
export interface PtpValidationProblem {
  resource?: string;
  field?: string;
  code: string;
}

/**
 * A failed PTP call. Its message is this code's own words (the request, the status, the kind, and
 * at most the field problems a 409 names), never PowerSchool's response body: the message travels
 * through Temporal into run results and onto the teacher's page. The body's first characters stay
 * on the error (`responseExcerpt`) for the log line and for reading which rows a refusal names.
 */
export class PtpApiError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: PtpErrorKind,
    /** `PUT /ws/xte/score`: method and path, never the query string (it carries DCIDs) or a token. */
    readonly request: string,
    readonly status: number | undefined,
    /** This code's words about the failure (never a response body). */
    detail: string,
    readonly problems: readonly PtpValidationProblem[] = [],
    /** How long PTP asked us to wait (throttling), when it said. */
    readonly retryAfterMs?: number,
    /** The start of PowerSchool's answer, for logs only. */
    readonly responseExcerpt?: string,
  ) {
    super(`PowerTeacher Pro ${request} failed (${status ?? 'no response'} ${kind})${detail ? `: ${detail}` : ''}`);
    this.name = 'PtpApiError';
    this.retryable = RETRYABLE.has(kind);
  }
}

/** The kind of a non-2xx answer. "Too many requests" is recognised by its words as well as by 429. */
export function ptpErrorKind(status: number, body: string): PtpErrorKind {
  if (status === 429 || /too many requests/i.test(body)) return 'throttled';
  if (status === 412) return /resubmit/i.test(body) ? 'resubmit' : 'precondition';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'validation';
  if (status >= 500) return 'server';
  return 'invalid-request';
}

/** What a failed connection was, by its code (`ECONNREFUSED`, `ETIMEDOUT`): never the address it tried. */
export function networkFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  return code && /^[A-Z_]+$/.test(code) ? `no answer (${code})` : 'no answer';
}
