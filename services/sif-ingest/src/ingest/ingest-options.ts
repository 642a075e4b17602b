/**
 * What tests and the benchmark may set on the ingest and the event applier (injected under
 * `INGEST_OPTIONS`; a service runs without any).
 */
export interface IngestOptions {
  /** Sees every byte received from zones, and the start of each response (the benchmark). */
  onZoneBytes?: (chunk: Uint8Array) => void;
  onZoneResponse?: () => void;
  /** The clock runs judge exit dates and school years by. */
  now?: () => Date;
  /** How long a run waits for another run of the same district to let go. */
  lockWaitMs?: number;
}

export const INGEST_OPTIONS = Symbol('IngestOptions');
