import type {
  ApplySifEventsInput,
  ApplySifEventsResult,
  DiffSnapshotsInput,
  DiffSnapshotsResult,
  IngestDistrictInput,
  IngestDistrictResult,
  LatestSnapshotInput,
  LatestSnapshotResult,
} from './ingest-contracts';
import type { SifEventLedger, SifEventLedgerInput } from './sif-event-ledger';
import type { WiringCheckInput, WiringCheckReceipt } from '../wiring/wiring-check';

/** Activities served by sif-ingest on the `sif-ingest` task queue. */
export interface SifIngestActivities {
  sifIngestWiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt>;
  /**
   * Pulls the district's whole roster for its current school year from its SIF zone into a
   * complete snapshot. Heartbeats IngestProgress; a retry with the same runId resumes the run.
   */
  ingestDistrict(input: IngestDistrictInput): Promise<IngestDistrictResult>;
  /** Computes and stores the diff between two complete snapshots (idempotent). */
  diffSnapshots(input: DiffSnapshotsInput): Promise<DiffSnapshotsResult>;
  /** The district's newest complete snapshot of a school year. */
  latestSnapshot(input: LatestSnapshotInput): Promise<LatestSnapshotResult>;
  /**
   * Applies the SIF_Events not applied yet (pulling them first in pull mode), in the order the
   * zone delivered them, into a new snapshot holding only the entities they change. An event
   * naming an object not known yet waits for it.
   */
  applySifEvents(input: ApplySifEventsInput): Promise<ApplySifEventsResult>;
  /** The district's events: counts per state, the oldest unapplied, the waiting ones and why. */
  describeSifEvents(input: SifEventLedgerInput): Promise<SifEventLedger>;
}
