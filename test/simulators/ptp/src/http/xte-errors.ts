import type { PtpReadings } from '../ptp-readings';

/** A field PTP refused, as its 409 "Validation Error" names it. */
export interface FieldProblem {
  resource: string;
  field: string;
  code: string;
}

/** An XTE error answer: status plus a JSON body (or none). */
export class XteError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** A 409 Validation Error; its body's shape is a reading ([U]), so it is rendered when answered. */
export class ValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.code}`).join('; '));
  }
}

export function conflictBody(problems: readonly FieldProblem[], readings: PtpReadings): unknown {
  if (readings.conflictBody === 'message-only') return { message: problems.map((p) => `${p.field}: ${p.code}`).join('; ') };
  return { message: 'Validation Failed', errors: problems.map((p) => ({ resource: p.resource, field: p.field, code: p.code })) };
}

export function badRequest(message: string): XteError {
  return new XteError(400, { message });
}

export function forbidden(message: string): XteError {
  return new XteError(403, { message });
}

export function notFound(message: string): XteError {
  return new XteError(404, { message });
}
