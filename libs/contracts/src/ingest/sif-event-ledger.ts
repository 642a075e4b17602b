/**
 * What `sisbridge events` shows of a district's SIF_Events: how many are in each state, the age
 * of the oldest not yet applied, and why each waiting one waits. Ids, kinds and counts only.
 */
export type SifEventState = 'received' | 'waiting' | 'applied' | 'rejected' | 'superseded';

export interface SifEventLedgerInput {
  districtId: string;
}

/** An event held back until an object it names arrives (or a nightly run settles it). */
export interface WaitingSifEvent {
  seq: number;
  objectName: string;
  action: string;
  refId?: string;
  /** e.g. "waiting for StudentPersonal 0F3C…" */
  reason: string;
  receivedAt: string;
}

export interface SifEventLedger {
  districtId: string;
  /** Events stored per state (settled ones are kept for sif.eventRetentionDays). */
  counts: Record<SifEventState, number>;
  /** The oldest event received or waiting, not yet applied. */
  oldestUnapplied?: { seq: number; receivedAt: string; ageSeconds: number };
  /** The waiting events, oldest first (at most 100). */
  waiting: WaitingSifEvent[];
  /** The newest run that applied events. */
  lastApplication?: { runId: string; completedAt: string; eventsApplied: number };
}
