/**
 * What the ingest activities take and return: ids and counts, never rosters (a district's roster
 * is hundreds of MB; it stays in Postgres, in the `roster` and `sif_ingest` schemas).
 */

/** Counts per canonical roster kind (school, term, course, section, user, enrollment). */
export type RosterCounts = Partial<Record<'school' | 'term' | 'course' | 'section' | 'user' | 'enrollment', number>>;

export interface IngestDistrictInput {
  districtId: string;
  /**
   * Chosen by the workflow (`uuid4()` from @temporalio/workflow), so a retried or resumed
   * activity continues the same run instead of starting another. It is also the snapshot id.
   */
  runId: string;
}

export interface IngestDistrictResult {
  runId: string;
  snapshotId: string;
  /** The SIF SchoolYear ingested (the year it ends: 2026 = 2025-26). */
  schoolYear: number;
  /** The district's newest complete snapshot of that year before this run, if any: diff from it. */
  previousSnapshotId?: string;
  counts: RosterCounts;
  /** Objects recorded as rejected (see sif_ingest.rejected_object for what is wrong with each). */
  rejected: number;
}

export interface DiffSnapshotsInput {
  districtId: string;
  /** Absent for a district's first run: every entity is an add. */
  fromSnapshotId?: string;
  toSnapshotId: string;
}

export interface DiffSnapshotsResult {
  diffId: string;
  counts: Record<string, { add: number; change: number; remove: number; before: number; after: number }>;
}

export interface LatestSnapshotInput {
  districtId: string;
  schoolYear: number;
}

export interface LatestSnapshotResult {
  snapshotId?: string;
}

export interface ApplySifEventsInput {
  districtId: string;
  /** The id of the run that applies the events (and of its snapshot), chosen by the workflow. */
  runId: string;
}

export interface ApplySifEventsResult {
  /** The snapshot that is now current: a new one when events changed anything, else the one they applied to. */
  snapshotId?: string;
  /** The snapshot the events were applied to (the district's newest complete one). */
  baseSnapshotId?: string;
  /** Events settled by this application (applied, or rejected with the reason). */
  eventsApplied: number;
  /** Events still waiting for an object they name (see `describeSifEvents`). */
  eventsWaiting?: number;
  counts: RosterCounts;
  rejected: number;
}

/** What `ingestDistrict` heartbeats, so Temporal UI shows where a run is (ids and counts only). */
export interface IngestProgress {
  phase: 'register' | 'request' | 'receive' | 'build' | 'complete';
  requestsComplete: number;
  requestsTotal: number;
  packets: number;
  objects: number;
  rejected: number;
}

/** Failure types the ingest activities raise as non-retryable ApplicationFailures. */
export const IngestFailureTypes = {
  /** The district or its SIF settings are wrong (unknown district, zone refuses the agent's credentials or version). */
  configuration: 'SisbridgeIngestConfiguration',
  /** The feed is broken as a whole: no schools, a request answered with SIF_Error, far fewer objects than last time. */
  brokenFeed: 'SisbridgeBrokenFeed',
} as const;
