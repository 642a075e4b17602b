import type {
  DrainSifEventsInput,
  DrainSifEventsResult,
  PendingSifEventsResult,
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
  /**
   * Pull mode, during the day: takes the zone's queued messages with SIF_GetMessage, storing each
   * event before acking it, until the queue is empty and some were stored, or until `maxWaitSeconds`
   * pass with none. Heartbeats; a cancelled drain stops after the message in hand is stored.
   */
  drainSifEvents(input: DrainSifEventsInput): Promise<DrainSifEventsResult>;
  /** How many stored events no snapshot has taken in yet, and since when. */
  pendingSifEvents(input: { districtId: string }): Promise<PendingSifEventsResult>;
  /**
   * Canvas took in `snapshotId`: the events settled up to it are now in Canvas. Records when, and
   * the time from PowerSchool publishing each one to Canvas importing it (`/metrics`).
   */
  recordEventsImported(input: { districtId: string; snapshotId: string }): Promise<{ events: number }>;
  /** The district's events: counts per state, the oldest unapplied, the waiting ones and why. */
  describeSifEvents(input: SifEventLedgerInput): Promise<SifEventLedger>;
}
