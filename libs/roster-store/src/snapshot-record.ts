import type { RosterKind } from '@sisbridge/roster';

export type SnapshotStatus = 'building' | 'complete' | 'failed';

/** A snapshot's header row; its entities are streamed separately (they can be a million rows). */
export interface SnapshotRecord {
  id: string;
  districtId: string;
  schoolYear: number;
  /** The district's version number of this snapshot (monotonic; see RosterSnapshots). */
  version: number;
  ingestRunId?: string;
  status: SnapshotStatus;
  counts: Partial<Record<RosterKind, number>>;
  failureReason?: string;
  createdAt: Date;
  completedAt?: Date;
}

export interface SnapshotRow {
  id: string;
  district_id: string;
  school_year: number;
  version: string;
  ingest_run_id: string | null;
  status: SnapshotStatus;
  counts: Partial<Record<RosterKind, number>>;
  failure_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export function toSnapshotRecord(row: SnapshotRow): SnapshotRecord {
  return {
    id: row.id,
    districtId: row.district_id,
    schoolYear: row.school_year,
    version: Number(row.version),
    ingestRunId: row.ingest_run_id ?? undefined,
    status: row.status,
    counts: row.counts,
    failureReason: row.failure_reason ?? undefined,
    createdAt: row.created_at,
    completedAt: row.completed_at ?? undefined,
  };
}
