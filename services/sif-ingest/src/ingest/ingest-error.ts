/**
 * Why an ingest stopped, sorted once: `configuration` (the district's settings or the zone's
 * answer to them are wrong; retrying will not help), `broken-feed` (the feed as a whole cannot
 * be trusted; retrying will not help), `transient` (the zone or the network; retry later).
 * Messages name the district and the reason, with ids and counts only, never people.
 */
export type IngestErrorKind = 'configuration' | 'broken-feed' | 'transient';

export class IngestError extends Error {
  constructor(
    readonly kind: IngestErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }

  get retryable(): boolean {
    return this.kind === 'transient';
  }
}
