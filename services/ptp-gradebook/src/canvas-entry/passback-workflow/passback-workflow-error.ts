/**
 * Why a start or a status read did not give an answer, sorted once so the API and the LTI page
 * can each say it in their own words (an HTTP status, a sentence for a teacher).
 */
export type PassbackWorkflowErrorKind =
  /** The passback itself refused the request (its validation failed outright, e.g. an unknown teacher). */
  | 'refused'
  /** No passback run with that id (in that district). */
  | 'not-found'
  /** Temporal did not answer. */
  | 'unavailable';

export class PassbackWorkflowError extends Error {
  constructor(
    readonly kind: PassbackWorkflowErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PassbackWorkflowError';
  }
}
