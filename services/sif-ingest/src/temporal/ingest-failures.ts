import { ApplicationFailure } from '@temporalio/common';
import { IngestFailureTypes } from '@sisbridge/contracts';
import { IngestError } from '../ingest/ingest-error';

/**
 * IngestErrors as Temporal sees them: configuration and broken-feed failures are non-retryable
 * (retrying cannot fix a wrong setting or a feed without schools), with the district and the
 * reason in the message; transient ones are retried with the activity's retry policy. Anything
 * else (a bug, a lost database connection) is rethrown as is and retried.
 */
export function asActivityFailure(error: unknown): unknown {
  if (!(error instanceof IngestError)) return error;
  if (error.kind === 'transient') return ApplicationFailure.retryable(error.message, 'SisbridgeIngestTransient');
  return ApplicationFailure.create({
    message: error.message,
    type: error.kind === 'configuration' ? IngestFailureTypes.configuration : IngestFailureTypes.brokenFeed,
    nonRetryable: true,
  });
}
