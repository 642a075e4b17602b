import { ApplicationFailure } from '@temporalio/common';
import { CanvasApiError } from '@sisbridge/canvas-client';
import { DistrictNotConfiguredError, MissingSecretError, UnknownDistrictError } from '@sisbridge/district-config';
import { PtpApiError } from '@sisbridge/ptp-client';
import { clientFailure, type RetryBudget } from './client-failure';
import { DomainRefusal } from './domain-refusal';

/** The failure type of a district that is missing from, or incomplete in, the districts file. */
export const CONFIGURATION_FAILURE = 'Configuration';

/**
 * Every failure inside an activity, mapped once for all services: Canvas and PowerTeacher Pro
 * errors by `clientFailure`; a district the districts file does not describe (fully) stops the
 * run; a service's `DomainRefusal` by its own type and retryability. Anything else (a bug, a
 * lost database connection) is rethrown as is, and Temporal retries it by the activity's policy.
 */
export function toActivityFailure(error: unknown, budget: RetryBudget = {}): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof CanvasApiError || error instanceof PtpApiError) return clientFailure(error, budget);
  if (error instanceof UnknownDistrictError || error instanceof MissingSecretError || error instanceof DistrictNotConfiguredError) {
    return ApplicationFailure.create({ type: CONFIGURATION_FAILURE, message: error.message, nonRetryable: true });
  }
  if (error instanceof DomainRefusal)
    return ApplicationFailure.create({ type: error.failureType, message: error.message, nonRetryable: !error.retryable });
  return error;
}

/** Runs an activity body so that every failure leaves it mapped by `toActivityFailure`. */
export async function classified<T>(work: () => Promise<T>, budget: RetryBudget = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toActivityFailure(error, budget);
  }
}
