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
  /** Applies the SIF_Events received since the newest snapshot (pulling them first in pull mode) into a new snapshot. */
  applySifEvents(input: ApplySifEventsInput): Promise<ApplySifEventsResult>;
}
