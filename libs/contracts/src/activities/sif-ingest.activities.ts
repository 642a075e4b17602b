import type { WiringCheckInput, WiringCheckReceipt } from './wiring-check';

/** Activities served by sif-ingest on the `sif-ingest` task queue. */
export interface SifIngestActivities {
  sifIngestWiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt>;
}
