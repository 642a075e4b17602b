import { Injectable } from '@nestjs/common';
import type { ScoreWriteProgress } from '@sisbridge/contracts';
import type { PtpScore, ScoreWrite } from '@sisbridge/ptp-client';
import { withHeartbeats } from '@sisbridge/temporal';
import { PtpClients } from '../../ptp/ptp-clients';
import { PassbackRefusal } from '../passback-refusal';
import { sameScore, type ScoreValue } from '../plan/score-value';
import { PassbackRuns, type PendingScore, type ScoreOutcome } from '../store/passback-runs';
import { ledgerKey, ScoreLedger, type LedgerEntry, type PriorScore } from '../store/score-ledger';

/**
 * Writes a slice of the run's pending scores to PTP, exactly once each:
 * 1. what the ledger says PTP already has from us is not sent (a re-run writes nothing);
 * 2. where PTP may hold a score (an assignment that existed before the run, or one this run
 *    already tried to write), PTP is read first: what it has is kept as the prior value (for
 *    compensation), its score id is reused, and what it already has is not sent again (a retry
 *    after a lost answer writes nothing twice);
 * 3. the rest go in batches; each row's outcome is stored, a refused row with PTP's reason.
 */
@Injectable()
export class ScoreWriter {
  constructor(
    private readonly ptp: PtpClients,
    private readonly runs: PassbackRuns,
    private readonly ledger: ScoreLedger,
  ) {}

  async write(input: { runId: string; districtId: string; limit: number }): Promise<ScoreWriteProgress> {
    const run = await this.runs.get(input.runId);
    if (!run?.usersDcid) throw new PassbackRefusal('RunNotFound', `passback run ${input.runId} has no plan`);
    const usersDcid = run.usersDcid;
    const { client, settings } = this.ptp.forDistrict(input.districtId);
    const progress: ScoreWriteProgress = { written: 0, unchanged: 0, failed: 0, remaining: 0 };
    const pending = await this.runs.pendingScores(input.runId, input.limit);

    await withHeartbeats(
      () => progress,
      async () => {
        const settle = async (outcomes: ScoreOutcome[]) => {
          await this.runs.markScores(input.runId, outcomes);
          for (const outcome of outcomes) progress[outcome.status]++;
        };
        // Scores of an assignment that did not make it to PTP have nowhere to go.
        const homeless = pending.filter(
          (row) =>
            row.assignmentSectionId === undefined ||
            row.ptpAssignmentId === undefined ||
            row.sectionStatus === 'failed' ||
            row.sectionStatus === 'planned',
        );
        await settle(
          homeless.map((row) =>
            outcome(row, 'failed', `its assignment is not in PowerTeacher Pro: ${row.sectionReason ?? 'it was not sent'}`),
          ),
        );
        const homelessSet = new Set(homeless);
        const sendable = pending.filter((row) => !homelessSet.has(row));

        const entries = await this.ledger.entries(input.districtId, sendable.map(keyOf));
        const entryOf = (row: PendingScore) => entries.get(ledgerKey(row.assignmentSectionId as number, row.studentDcid));
        const unchanged = sendable.filter((row) => {
          const sent = entryOf(row)?.sent;
          return sent !== null && sent !== undefined && sameScore(sent, row);
        });
        await settle(unchanged.map((row) => outcome(row, 'unchanged')));
        const unchangedSet = new Set(unchanged);
        const candidates = sendable.filter((row) => !unchangedSet.has(row));

        const toRead = new Set(candidates.filter((row) => !row.createdThisRun || entryOf(row)?.priorRunId === input.runId));
        const current = await this.readCurrent(client, usersDcid, [...toRead]);
        const already = candidates.filter((row) => {
          const now = current.get(ledgerKey(row.assignmentSectionId as number, row.studentDcid));
          return now !== undefined && sameScore(valueOf(now), row);
        });
        await this.ledger.recordSent(
          input.districtId,
          input.runId,
          already.map((row) => ({ ...keyOf(row), value: valueOfRow(row), ...scoreIdOf(current, row) })),
        );
        // Already there: written by an earlier attempt of this run, or equal before we came.
        await settle(already.map((row) => outcome(row, entryOf(row)?.priorRunId === input.runId ? 'written' : 'unchanged')));
        const alreadySet = new Set(already);
        const toWrite = candidates.filter((row) => !alreadySet.has(row));

        await this.ledger.capturePriors(
          input.districtId,
          input.runId,
          toWrite
            .filter((row) => entryOf(row)?.priorRunId !== input.runId)
            .map((row) => ({
              ...keyOf(row),
              prior: priorOf(current.get(ledgerKey(row.assignmentSectionId as number, row.studentDcid))),
              priorSent: entryOf(row)?.sent ?? null,
            })),
        );

        for (let i = 0; i < toWrite.length; i += settings.scores.batchSize) {
          const batch = toWrite.slice(i, i + settings.scores.batchSize);
          // Where PTP was read, it says which score exists; elsewhere the ledger's id is the best knowledge.
          const writes = batch.map((row) =>
            scoreWriteOf(
              row,
              current.get(ledgerKey(row.assignmentSectionId as number, row.studentDcid)),
              toRead.has(row) ? undefined : entryOf(row),
            ),
          );
          const results = await client.scores.write(usersDcid, writes, settings.scores.writeQuery);
          const written: Array<{ row: PendingScore; assignmentScoreId?: number }> = [];
          const outcomes: ScoreOutcome[] = [];
          batch.forEach((row, index) => {
            const result = results[index];
            if (result?.ok) {
              written.push({ row, ...(result.assignmentScoreId === undefined ? {} : { assignmentScoreId: result.assignmentScoreId }) });
              outcomes.push(outcome(row, 'written'));
            } else {
              outcomes.push(outcome(row, 'failed', `PowerTeacher Pro refused the score: ${result?.reason ?? 'no answer for this row'}`));
            }
          });
          await this.ledger.recordSent(
            input.districtId,
            input.runId,
            written.map(({ row, assignmentScoreId }) => ({
              ...keyOf(row),
              value: valueOfRow(row),
              ...(assignmentScoreId === undefined ? {} : { assignmentScoreId }),
            })),
          );
          await settle(outcomes);
        }
      },
    );
    progress.remaining = await this.runs.countPendingScores(input.runId);
    return progress;
  }

  /** PTP's current scores of these rows' assignment sections, in one read. */
  private async readCurrent(
    client: ReturnType<PtpClients['forDistrict']>['client'],
    usersDcid: number,
    rows: readonly PendingScore[],
  ): Promise<Map<string, PtpScore>> {
    if (rows.length === 0) return new Map();
    const assignmentIds = [...new Set(rows.map((row) => row.ptpAssignmentId as number))];
    const sectionDcids = [...new Set(rows.map((row) => row.sectionsDcid))];
    const scores = await client.scores.read(usersDcid, { assignmentIds, sectionDcids });
    return new Map(scores.map((score) => [ledgerKey(score.assignmentSectionId, score.studentsDcid), score]));
  }
}

function keyOf(row: PendingScore): { assignmentSectionId: number; studentDcid: number } {
  return { assignmentSectionId: row.assignmentSectionId as number, studentDcid: row.studentDcid };
}

function valueOfRow(row: ScoreValue): ScoreValue {
  return { entered: row.entered, exempt: row.exempt, late: row.late, missing: row.missing };
}

function valueOf(score: PtpScore): ScoreValue {
  return { entered: score.actualScoreEntered, exempt: score.isExempt, late: score.isLate, missing: score.isMissing };
}

function scoreIdOf(current: Map<string, PtpScore>, row: PendingScore): { assignmentScoreId?: number } {
  const id = current.get(ledgerKey(row.assignmentSectionId as number, row.studentDcid))?.assignmentScoreId;
  return id === null || id === undefined ? {} : { assignmentScoreId: id };
}

function priorOf(score: PtpScore | undefined): PriorScore {
  if (!score) return { absent: true };
  return {
    entered: score.actualScoreEntered,
    exempt: score.isExempt,
    late: score.isLate,
    missing: score.isMissing,
    kind: score.actualScoreKind,
    isAbsent: score.isAbsent,
    isIncomplete: score.isIncomplete,
    isCollected: score.isCollected,
    assignmentScoreId: score.assignmentScoreId,
  };
}

/** The row to send: our value, the score's id when known, and the flags we do not manage as PTP has them. */
function scoreWriteOf(row: PendingScore, current: PtpScore | undefined, entry: LedgerEntry | undefined): ScoreWrite {
  const id = current?.assignmentScoreId ?? entry?.assignmentScoreId;
  return {
    assignmentSectionId: row.assignmentSectionId as number,
    studentsDcid: row.studentDcid,
    entered: row.entered,
    isExempt: row.exempt,
    isLate: row.late,
    isMissing: row.missing,
    ...(id === null || id === undefined ? {} : { assignmentScoreId: id }),
    isAbsent: current?.isAbsent ?? false,
    isIncomplete: current?.isIncomplete ?? false,
    isCollected: current?.isCollected ?? false,
  };
}

function outcome(row: PendingScore, status: ScoreOutcome['status'], reason?: string): ScoreOutcome {
  return {
    canvasAssignmentId: row.canvasAssignmentId,
    sectionsDcid: row.sectionsDcid,
    studentDcid: row.studentDcid,
    status,
    ...(reason ? { reason } : {}),
  };
}
