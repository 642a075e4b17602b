import { DomainRefusal } from '@sisbridge/activity-failures';
import { IngestFailureTypes } from '@sisbridge/contracts';

/**
 * Why an ingest stopped, sorted once: `configuration` (the district's settings or the zone's
 * answer to them are wrong; retrying will not help), `broken-feed` (the feed as a whole cannot
 * be trusted; retrying will not help), `transient` (the zone or the network; retry later).
 * Messages name the district and the reason, with ids and counts only, never people.
 */
export type IngestErrorKind = 'configuration' | 'broken-feed' | 'transient';

/** The failure type Temporal UI shows for each kind. */
const FAILURE_TYPES: Record<IngestErrorKind, string> = {
  configuration: IngestFailureTypes.configuration,
  'broken-feed': IngestFailureTypes.brokenFeed,
  transient: 'SisbridgeIngestTransient',
};

export class IngestError extends DomainRefusal {
  constructor(
    readonly kind: IngestErrorKind,
    message: string,
  ) {
    super(FAILURE_TYPES[kind], message, kind === 'transient');
  }
}
