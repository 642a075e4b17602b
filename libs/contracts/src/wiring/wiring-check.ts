/** What the wiring check asks of each service: write a row in its own schema, read it back. */
export interface WiringCheckInput {
  /** The workflow run that asks; the row is keyed on it, so a retried activity finds its own row. */
  checkId: string;
}

export interface WiringCheckReceipt {
  service: 'sif-ingest' | 'canvas-provisioner' | 'ptp-gradebook';
  /** The Postgres schema the row was written to. */
  schema: string;
  checkId: string;
  /** The row as read back from Postgres (ISO timestamp), proving the round trip. */
  recordedAt: string;
  /** How many attempts recorded this check (an activity retried after a crash shows 2+). */
  timesRecorded: number;
}
