/**
 * Why a start or a status read did not give an answer, sorted once so the API and the LTI page
 * can each say it in their own words (an HTTP status, a sentence for a teacher). The message is
 * always one a caller may read: Temporal's own error text (addresses, gRPC statuses) stays in
 * the logs, under `reference`.
 */
export type PassbackWorkflowErrorKind =
  /** The passback itself refused the request (its validation failed outright, e.g. an unknown teacher). */
  | 'refused'
  /** A passback with this id is running for someone else's request (a different district, teacher or course). */
  | 'conflict'
  /** No passback run with that id (in that district). */
  | 'not-found'
  /** Temporal did not answer. */
  | 'unavailable';

export class PassbackWorkflowError extends Error {
  constructor(
    readonly kind: PassbackWorkflowErrorKind,
    message: string,
    /** The log line's reference, for `unavailable`. */
    readonly reference?: string,
  ) {
    super(message);
    this.name = 'PassbackWorkflowError';
  }
}

/** What a caller reads when Temporal did not answer: plain words and the reference of the log line that says more. */
export function unavailable(reference: string): PassbackWorkflowError {
  return new PassbackWorkflowError(
    'unavailable',
    `sisbridge could not reach its workflow service; try again in a few minutes (reference ${reference})`,
    reference,
  );
}

/** Someone else's run holds this id: refused without a word about it. */
export function conflict(): PassbackWorkflowError {
  return new PassbackWorkflowError(
    'conflict',
    'a passback that is not this request’s holds its id, so nothing was started or joined; try again once it has ended',
  );
}
