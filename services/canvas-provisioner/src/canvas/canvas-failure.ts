import { ApplicationFailure } from '@temporalio/common';
import { CanvasApiError } from '@sisbridge/canvas-client';
import { MissingSecretError, UnknownDistrictError } from '@sisbridge/district-config';

/**
 * How a failure inside a Canvas activity reaches Temporal: throttling and server errors are
 * retried (with a longer pause after throttling); a bad token, a missing permission, a request
 * Canvas rejects, or a district that is not configured stop the run with the reason.
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof CanvasApiError) {
    if (error.retryable) {
      return ApplicationFailure.create({
        type: `Canvas.${error.kind}`,
        message: error.message,
        nonRetryable: false,
        nextRetryDelay: error.kind === 'throttled' ? '30s' : undefined,
      });
    }
    return ApplicationFailure.create({ type: `Canvas.${error.kind}`, message: explain(error), nonRetryable: true });
  }
  if (error instanceof UnknownDistrictError || error instanceof MissingSecretError) {
    return ApplicationFailure.create({ type: 'Configuration', message: error.message, nonRetryable: true });
  }
  return error;
}

/** Wraps an activity body so every failure is classified the same way. */
export async function classified<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toActivityFailure(error);
  }
}

function explain(error: CanvasApiError): string {
  switch (error.kind) {
    case 'unauthorized':
      return `${error.message} — the district's Canvas token is wrong, expired or revoked: rotate it (see docs/operations.md)`;
    case 'forbidden':
      return `${error.message} — the token's user lacks a permission this needs (SIS imports need import_sis; restores need manage_sis)`;
    default:
      return error.message;
  }
}
