import { ApplicationFailure } from '@temporalio/common';
import { CanvasApiError } from '@sisbridge/canvas-client';
import { MissingSecretError, UnknownDistrictError } from '@sisbridge/district-config';
import { PtpApiError } from '@sisbridge/ptp-client';
import { PtpNotConfiguredError } from '../ptp/ptp-clients';

/** A passback that cannot start or go on, for a reason no retry changes (ids only in the message). */
export class PassbackRefusal extends Error {
  constructor(
    readonly type: 'TeacherNotFound' | 'TeacherAmbiguous' | 'NoRoster' | 'NoDcid' | 'RunNotFound',
    message: string,
  ) {
    super(message);
    this.name = 'PassbackRefusal';
  }
}

export interface FailureOptions {
  /**
   * How long a run may keep failing with errors that are worth retrying (PTP or Canvas down,
   * throttled) before a step gives up and the run is undone; with `failingForMs`, how long it has.
   */
  giveUpAfterMs?: number;
  failingForMs?: number;
}

/**
 * How a failure inside a passback activity reaches Temporal: 5xx, dropped connections, 412
 * "Resubmit" and throttling are retried (after throttling, as long as PTP or Canvas asked);
 * refused credentials, a missing permission, a district not configured, a teacher who cannot be
 * found, stop the run with the reason. Per-item refusals (409s) never get here: they are stored
 * with the item.
 */
export function toActivityFailure(error: unknown, options: FailureOptions = {}): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof PtpApiError || error instanceof CanvasApiError) {
    const system = error instanceof PtpApiError ? 'Ptp' : 'Canvas';
    if (error.retryable) {
      const elapsed = options.failingForMs;
      if (options.giveUpAfterMs !== undefined && elapsed !== undefined && elapsed > options.giveUpAfterMs) {
        return ApplicationFailure.create({
          type: `${system}.${error.kind}`,
          message: withoutStudentIds(`${error.message} — failing for ${Math.round(elapsed / 1000)} s of retries; giving up`),
          nonRetryable: true,
        });
      }
      const waitMs = error instanceof PtpApiError ? error.retryAfterMs : error.kind === 'throttled' ? 30_000 : undefined;
      return ApplicationFailure.create({ type: `${system}.${error.kind}`, message: withoutStudentIds(error.message), nonRetryable: false, nextRetryDelay: waitMs });
    }
    return ApplicationFailure.create({ type: `${system}.${error.kind}`, message: withoutStudentIds(explain(error)), nonRetryable: true });
  }
  if (error instanceof PassbackRefusal) return ApplicationFailure.create({ type: error.type, message: error.message, nonRetryable: true });
  if (error instanceof UnknownDistrictError || error instanceof MissingSecretError || error instanceof PtpNotConfiguredError) {
    return ApplicationFailure.create({ type: 'Configuration', message: error.message, nonRetryable: true });
  }
  return error;
}

/**
 * PTP names students by DCID in some refusals ("Student 90211 is not enrolled …"). That is fine in
 * the stored per-score rows, but not in what travels through Temporal or is shown to others: there
 * the number is left out.
 */
export function withoutStudentIds(text: string): string {
  return text.replace(/\b(students?(?:dcid)?)(\W{0,3})\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*/gi, '$1$2…');
}

/** Wraps an activity body so every failure is classified the same way. */
export async function classified<T>(work: () => Promise<T>, options: FailureOptions = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toActivityFailure(error, options);
  }
}

function explain(error: PtpApiError | CanvasApiError): string {
  if (error instanceof PtpApiError) {
    if (error.kind === 'unauthorized') return `${error.message} — check the district's PTP plugin (enabled, credentials in ptp.clientIdEnv / ptp.clientSecretEnv current)`;
    if (error.kind === 'forbidden') return `${error.message} — the plugin lacks access it needs (see the plugin's access_request in docs/operations.md)`;
    return error.message;
  }
  if (error.kind === 'unauthorized') return `${error.message} — the district's Canvas token is wrong, expired or revoked`;
  if (error.kind === 'forbidden') return `${error.message} — the token's user lacks a permission passback needs (view_all_grades, read_sis)`;
  return error.message;
}
