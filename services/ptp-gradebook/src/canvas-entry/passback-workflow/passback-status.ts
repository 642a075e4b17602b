import type { PassbackProgress, PassbackReport, PassbackResult } from '@sisbridge/contracts';

export type PassbackRunState = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out' | 'continued-as-new';

/** What a teacher or a caller sees of one passback run: ids, state, progress, the report and the result. */
export interface PassbackStatus {
  workflowId: string;
  runId: string;
  state: PassbackRunState;
  startedAt: string;
  closedAt?: string;
  /** Null when the run could not be asked (no orchestration worker up) or never reported. */
  progress: PassbackProgress | null;
  /** The validation report, once validation is done. */
  report: PassbackReport | null;
  /** The per-assignment results, once the run has ended. */
  result: PassbackResult | null;
  /** When the run ended without a result (failed, terminated, timed out): why, as Temporal says it. */
  failure?: string;
}

/** What a start answers: the run, whether it joined one already going, and the report when validation finished in time. */
export interface StartedPassback {
  workflowId: string;
  runId: string;
  joined: boolean;
  /** Null when validation took longer than PASSBACK_ACCEPT_TIMEOUT_SECONDS: the status URL shows it once ready. */
  report: PassbackReport | null;
}
