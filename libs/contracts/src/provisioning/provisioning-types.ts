/** Types the provisioning workflow and the canvas-provisioner share. Ids and counts only. */

export type RosterKindName = 'school' | 'term' | 'course' | 'section' | 'user' | 'enrollment';

/** Per roster kind: adds, changes and removes in a diff, and the size of each side. */
export type DiffCountsSummary = Record<RosterKindName, { add: number; change: number; remove: number; before: number; after: number }>;

export type CanvasKindName = 'accounts' | 'terms' | 'courses' | 'sections' | 'users' | 'enrollments';

/** Per Canvas SIS CSV kind: rows sent, and what they create, update and delete. */
export type SisImportCountsSummary = Record<CanvasKindName, { rows: number; created: number; updated: number; deleted: number }>;

/** The delete guard's verdict on one diff. */
export interface GuardVerdict {
  tripped: boolean;
  /** The district's threshold (share of a kind that may be deleted or dropped in one run). */
  threshold: number;
  /** Every kind with removals, and whether it is over the threshold. */
  kinds: Array<{ kind: RosterKindName; removing: number; existing: number; share: number; over: boolean }>;
}

export interface GuardDecision {
  decision: 'approved' | 'rejected';
  /** Who decided (CLI user, or "timeout"). */
  by: string;
  reason?: string;
}

export type ProvisionStep = 'settings' | 'ingest' | 'diff' | 'guard' | 'build' | 'upload' | 'poll' | 'record' | 'compensate' | 'done';

export interface ProvisionProgress {
  step: ProvisionStep;
  /** 0–100, across the whole run. */
  percent: number;
  /** What the run is doing or waiting for, in words. */
  status: string;
  snapshotId?: string;
  diffId?: string;
  guard?: GuardVerdict;
  canvasImportIds: number[];
}
