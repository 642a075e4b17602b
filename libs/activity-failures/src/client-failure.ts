import { ApplicationFailure } from '@temporalio/common';
import { CanvasApiError } from '@sisbridge/canvas-client';
import { PtpApiError } from '@sisbridge/ptp-client';
import { withoutStudentIds } from './without-student-ids';

/** How long to wait before retrying after Canvas throttled us (Canvas gives no Retry-After). */
export const CANVAS_THROTTLE_RETRY_DELAY_MS = 30_000;

export interface RetryBudget {
  /**
   * How long a run may keep failing with errors worth retrying (Canvas or PowerTeacher Pro down,
   * throttled) before it gives up; with `failingForMs`, how long it has been failing.
   */
  giveUpAfterMs?: number;
  failingForMs?: number;
}

/**
 * A Canvas or PowerTeacher Pro error as Temporal sees it, the same way in every service:
 * throttling, 5xx, dropped connections and PTP's 412 "Resubmit" are retried (after throttling,
 * as long as the system asked, or 30 s for Canvas); refused credentials, a missing permission or
 * a request the system refuses stop the run with the reason and what to do about it.
 */
export function clientFailure(error: CanvasApiError | PtpApiError, budget: RetryBudget = {}): ApplicationFailure {
  const system = error instanceof PtpApiError ? 'Ptp' : 'Canvas';
  const type = `${system}.${error.kind}`;
  if (!error.retryable) return ApplicationFailure.create({ type, message: withoutStudentIds(explain(error)), nonRetryable: true });
  const elapsed = budget.failingForMs;
  if (budget.giveUpAfterMs !== undefined && elapsed !== undefined && elapsed > budget.giveUpAfterMs) {
    const message = `${error.message} — failing for ${Math.round(elapsed / 1000)} s of retries; giving up`;
    return ApplicationFailure.create({ type, message: withoutStudentIds(message), nonRetryable: true });
  }
  return ApplicationFailure.create({
    type,
    message: withoutStudentIds(error.message),
    nonRetryable: false,
    nextRetryDelay: retryDelayMs(error),
  });
}

function retryDelayMs(error: CanvasApiError | PtpApiError): number | undefined {
  if (error instanceof PtpApiError) return error.retryAfterMs;
  return error.kind === 'throttled' ? CANVAS_THROTTLE_RETRY_DELAY_MS : undefined;
}

/** What an operator does about a failure no retry fixes. */
function explain(error: CanvasApiError | PtpApiError): string {
  if (error instanceof PtpApiError) {
    if (error.kind === 'unauthorized')
      return `${error.message} — check the district's PTP plugin (enabled, credentials in ptp.clientIdEnv / ptp.clientSecretEnv current)`;
    if (error.kind === 'forbidden')
      return `${error.message} — the plugin lacks access it needs (see the plugin's access_request in docs/operations.md)`;
    return error.message;
  }
  if (error.kind === 'unauthorized')
    return `${error.message} — the district's Canvas token is wrong, expired or revoked: rotate it (see docs/operations.md)`;
  if (error.kind === 'forbidden') {
    return `${error.message} — the token's user lacks a permission this needs (provisioning: import_sis and manage_sis; passback: view_all_grades and read_sis)`;
  }
  return error.message;
}
