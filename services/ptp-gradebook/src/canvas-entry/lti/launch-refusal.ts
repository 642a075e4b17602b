/**
 * Why a launch was refused, as a code (for logs, tests and support) and a sentence a teacher can
 * act on, in the tool's own words only: whatever the platform or the request said (an issuer, a
 * client id, Canvas's error description, roles) goes to the log line, never onto the page.
 * Nothing is started when a launch is refused.
 */
export type LaunchRefusalCode =
  | 'lti-not-configured'
  | 'bad-login-request'
  | 'platform-error'
  | 'bad-state'
  | 'unbound-state'
  | 'malformed-token'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'unknown-deployment'
  | 'wrong-message-type'
  | 'nonce-mismatch'
  | 'nonce-reused'
  | 'not-instructor'
  | 'no-user-sis-id'
  | 'no-course-sis-id'
  | 'not-teacher-of-course'
  | 'canvas-unavailable'
  | 'passback-refused'
  | 'passback-unavailable'
  | 'registration-refused';

const STATUS: Record<LaunchRefusalCode, number> = {
  'lti-not-configured': 404,
  'bad-login-request': 400,
  'platform-error': 400,
  'bad-state': 400,
  'unbound-state': 401,
  'malformed-token': 400,
  'bad-signature': 401,
  'wrong-issuer': 401,
  'wrong-audience': 401,
  expired: 401,
  'unknown-deployment': 401,
  'wrong-message-type': 400,
  'nonce-mismatch': 401,
  'nonce-reused': 401,
  'not-instructor': 403,
  'no-user-sis-id': 403,
  'no-course-sis-id': 422,
  'not-teacher-of-course': 403,
  'canvas-unavailable': 503,
  'passback-refused': 422,
  'passback-unavailable': 503,
  'registration-refused': 400,
};

export class LaunchRefusal extends Error {
  readonly status: number;

  constructor(
    readonly code: LaunchRefusalCode,
    /** Shown to the teacher as it is: plain words, what happened and what to do. */
    readonly explanation: string,
    /** For the log line only: the values that did not match (ids, never a person's data). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${explanation}`);
    this.name = 'LaunchRefusal';
    this.status = STATUS[code];
  }
}
