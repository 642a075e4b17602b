import type { PtpScore, ScoreWrite, ScoreWriteOutcome } from '@sisbridge/ptp-client';
import { sameScore, type ScoreValue } from '../plan/score-value';
import { ledgerKey, type LedgerEntry, type LedgerKey, type PriorScore } from '../stores/score-ledger';
import type { PendingScore, ScoreOutcome, ScoreToSend } from '../stores/stored-rows';

/**
 * The exactly-once decisions of the score writer, as pure functions (the writer does the I/O
 * between them). A score passes through, in order:
 * 1. `sortByDestination`: a score whose PTP assignment section did not come to exist has
 *    nowhere to go (failed, with the section's reason); the rest are sendable;
 * 2. `sortByLedger`: what the ledger says PTP already has from us is unchanged (a re-run writes
 *    nothing); of the rest, those where PTP may hold a score (an assignment that existed before the
 *    run, or one this run already tried to write) are read from PTP first;
 * 3. `sortByPtp`: what PTP already has is not sent again (a retry after a lost answer writes
 *    nothing twice); the rest is written, after keeping what PTP had (for compensation);
 * 4. `batchOutcomes`: each written row's outcome, a refused one with PTP's reason.
 */

/**
 * Said of a written score that replaced a change made by hand in PTP: the rule is that Canvas wins
 * only when its grade changes (a hand change stays until then), and the report counts these.
 */
export const REPLACED_HAND_EDIT = 'replaced a change made by hand in PowerTeacher Pro (its Canvas grade changed)';

/** A pending score with somewhere to go: its PTP assignment and assignment section exist. */
export interface SendableScore extends ScoreToSend {
  ptpAssignmentId: number;
  assignmentSectionId: number;
  /** This run created the section's PTP assignment, so PTP held no score there before the run. */
  createdThisRun: boolean;
}

export function sortByDestination(pending: readonly PendingScore[]): { sendable: SendableScore[]; homeless: ScoreOutcome[] } {
  const sendable: SendableScore[] = [];
  const homeless: ScoreOutcome[] = [];
  for (const row of pending) {
    const { ptpAssignmentId, assignmentSectionId, sectionStatus } = row;
    if (ptpAssignmentId !== undefined && assignmentSectionId !== undefined && sectionStatus !== 'failed' && sectionStatus !== 'planned') {
      sendable.push({ ...scoreOf(row), ptpAssignmentId, assignmentSectionId, createdThisRun: sectionStatus === 'created' });
    } else {
      homeless.push(outcome(row, 'failed', `its assignment is not in PowerTeacher Pro: ${row.sectionReason ?? 'it was not sent'}`));
    }
  }
  return { sendable, homeless };
}

export function sortByLedger(
  sendable: readonly SendableScore[],
  ledger: ReadonlyMap<string, LedgerEntry>,
  runId: string,
): { unchanged: ScoreOutcome[]; candidates: SendableScore[]; toRead: SendableScore[] } {
  const unchanged: ScoreOutcome[] = [];
  const candidates: SendableScore[] = [];
  for (const score of sendable) {
    const sent = ledger.get(keyString(score))?.sent;
    if (sent && sameScore(sent, score)) unchanged.push(outcome(score, 'unchanged'));
    else candidates.push(score);
  }
  const toRead = candidates.filter((score) => !score.createdThisRun || ledger.get(keyString(score))?.priorRunId === runId);
  return { unchanged, candidates, toRead };
}

export interface AlreadyInPtp {
  score: SendableScore;
  outcome: ScoreOutcome;
  assignmentScoreId?: number;
}

export interface PriorToKeep extends LedgerKey {
  prior: PriorScore;
  priorSent: ScoreValue | null;
}

export function sortByPtp(
  candidates: readonly SendableScore[],
  current: ReadonlyMap<string, PtpScore>,
  ledger: ReadonlyMap<string, LedgerEntry>,
  runId: string,
): { alreadyInPtp: AlreadyInPtp[]; toWrite: SendableScore[]; priors: PriorToKeep[]; replacingHandEdits: Set<SendableScore> } {
  const alreadyInPtp: AlreadyInPtp[] = [];
  const toWrite: SendableScore[] = [];
  for (const score of candidates) {
    const now = current.get(keyString(score));
    if (now && sameScore(valueOf(now), score)) {
      // Written by an earlier attempt of this run, or equal before we came.
      const writtenByThisRun = ledger.get(keyString(score))?.priorRunId === runId;
      alreadyInPtp.push({
        score,
        outcome: outcome(score, writtenByThisRun ? 'written' : 'unchanged'),
        ...(now.assignmentScoreId === null ? {} : { assignmentScoreId: now.assignmentScoreId }),
      });
    } else {
      toWrite.push(score);
    }
  }
  // PTP holds something else than what sisbridge last sent: someone changed it by hand there, and the Canvas grade changed since.
  const replacingHandEdits = new Set(
    toWrite.filter((score) => {
      const now = current.get(keyString(score));
      const sent = ledger.get(keyString(score))?.sent;
      return now !== undefined && sent !== null && sent !== undefined && !sameScore(valueOf(now), sent);
    }),
  );
  const priors = toWrite
    .filter((score) => ledger.get(keyString(score))?.priorRunId !== runId)
    .map((score) => ({
      ...keyOf(score),
      prior: priorOf(current.get(keyString(score))),
      priorSent: ledger.get(keyString(score))?.sent ?? null,
    }));
  return { alreadyInPtp, toWrite, priors, replacingHandEdits };
}

/**
 * The row to send: our value, the score's id when known, and the flags we do not manage as PTP
 * has them. Where PTP was read, it says which score exists; elsewhere the ledger's id is the best
 * knowledge there is.
 */
export function scoreWriteOf(score: SendableScore, current: PtpScore | undefined, entry: LedgerEntry | undefined): ScoreWrite {
  const id = current ? current.assignmentScoreId : entry?.assignmentScoreId;
  return {
    assignmentSectionId: score.assignmentSectionId,
    studentsDcid: score.studentsDcid,
    entered: score.entered,
    isExempt: score.isExempt,
    isLate: score.isLate,
    isMissing: score.isMissing,
    ...(id === null || id === undefined ? {} : { assignmentScoreId: id }),
    isAbsent: current?.isAbsent ?? false,
    isIncomplete: current?.isIncomplete ?? false,
    isCollected: current?.isCollected ?? false,
  };
}

/** Each row of a sent batch with PTP's answer for it: written (with the score's id, when PTP gives it) or refused with PTP's reason. */
export function batchOutcomes(
  batch: readonly SendableScore[],
  results: readonly ScoreWriteOutcome[],
  replacingHandEdits: ReadonlySet<SendableScore> = new Set(),
): { outcomes: ScoreOutcome[]; written: Array<{ score: SendableScore; assignmentScoreId?: number }> } {
  const outcomes: ScoreOutcome[] = [];
  const written: Array<{ score: SendableScore; assignmentScoreId?: number }> = [];
  batch.forEach((score, index) => {
    const result = results[index];
    if (result?.ok) {
      written.push({ score, ...(result.assignmentScoreId === undefined ? {} : { assignmentScoreId: result.assignmentScoreId }) });
      outcomes.push(outcome(score, 'written', replacingHandEdits.has(score) ? REPLACED_HAND_EDIT : undefined));
    } else {
      outcomes.push(outcome(score, 'failed', `PowerTeacher Pro refused the score: ${result?.reason ?? 'no answer for this row'}`));
    }
  });
  return { outcomes, written };
}

export function keyOf(score: SendableScore): LedgerKey {
  return { assignmentSectionId: score.assignmentSectionId, studentsDcid: score.studentsDcid };
}

export function valueOfScore(score: ScoreValue): ScoreValue {
  return { entered: score.entered, isExempt: score.isExempt, isLate: score.isLate, isMissing: score.isMissing };
}

function keyString(score: SendableScore): string {
  return ledgerKey(score.assignmentSectionId, score.studentsDcid);
}

function valueOf(score: PtpScore): ScoreValue {
  return { entered: score.actualScoreEntered, isExempt: score.isExempt, isLate: score.isLate, isMissing: score.isMissing };
}

function scoreOf(row: ScoreToSend): ScoreToSend {
  return {
    canvasAssignmentId: row.canvasAssignmentId,
    sectionsDcid: row.sectionsDcid,
    studentsDcid: row.studentsDcid,
    ...valueOfScore(row),
  };
}

function priorOf(score: PtpScore | undefined): PriorScore {
  if (!score) return { absent: true };
  return {
    entered: score.actualScoreEntered,
    isExempt: score.isExempt,
    isLate: score.isLate,
    isMissing: score.isMissing,
    kind: score.actualScoreKind,
    isAbsent: score.isAbsent,
    isIncomplete: score.isIncomplete,
    isCollected: score.isCollected,
    assignmentScoreId: score.assignmentScoreId,
  };
}

function outcome(score: ScoreToSend, status: ScoreOutcome['status'], reason?: string): ScoreOutcome {
  return {
    canvasAssignmentId: score.canvasAssignmentId,
    sectionsDcid: score.sectionsDcid,
    studentsDcid: score.studentsDcid,
    status,
    ...(reason ? { reason } : {}),
  };
}
