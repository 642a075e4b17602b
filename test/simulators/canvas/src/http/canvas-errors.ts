/**
 * Canvas answers errors in a few shapes, depending on the controller. Each is built here once so
 * that every endpoint uses the shape the real one uses.
 */
export class CanvasApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** The generic shape: `{"errors":[{"message":"..."}]}`. */
export function apiError(status: number, message: string): CanvasApiError {
  return new CanvasApiError(status, { errors: [{ message }] });
}

export function notFound(): CanvasApiError {
  return apiError(404, 'The specified resource does not exist.');
}

export function badRequest(message: string): CanvasApiError {
  return apiError(400, message);
}

/** What Canvas says when the token lacks the permission (`render_unauthorized_action`). */
export function unauthorizedAction(): CanvasApiError {
  return new CanvasApiError(401, { status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] });
}

export interface FieldError {
  attribute: string;
  type: string;
  message: string;
}

/** ActiveRecord validation failures: `{"errors":{"<attribute>":[{attribute,type,message}]}}`, status 400. */
export function validationFailed(errors: FieldError[]): CanvasApiError {
  const byAttribute: Record<string, FieldError[]> = {};
  for (const error of errors) (byAttribute[error.attribute] ??= []).push(error);
  return new CanvasApiError(400, { errors: byAttribute });
}
