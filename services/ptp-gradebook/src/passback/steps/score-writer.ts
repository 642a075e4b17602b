import { Injectable } from '@nestjs/common';
import type { ScoreWriteProgress } from '@sisbridge/contracts';
import type { PtpClient, PtpScore } from '@sisbridge/ptp-client';
import { withHeartbeats } from '@sisbridge/temporal';
import { PtpClients } from '../../ptp/ptp-clients';
import { PassbackRefusal } from '../passback-refusal';
import { PassbackRunStore } from '../stores/passback-run-store';
import { RunScores } from '../stores/run-scores';
import { ledgerKey, ScoreLedger } from '../stores/score-ledger';
import type { ScoreOutcome } from '../stores/stored-rows';
import {
  batchOutcomes,
  keyOf,
  scoreWriteOf,
  sortByDestination,
  sortByLedger,
  sortByPtp,
  valueOfScore,
  type SendableScore,
} from './score-write-decisions';

/**
 * Writes a slice of the run's pending scores to PTP, exactly once each. The decisions are in
 * score-write-decisions.ts; this class reads what they need (the ledger, PTP's current scores),
 * stores each outcome as soon as it is known, and sends the rest in batches.
 */
@Injectable()
export class ScoreWriter {
  constructor(
    private readonly ptp: PtpClients,
    private readonly runs: PassbackRunStore,
    private readonly scores: RunScores,
    private readonly ledger: ScoreLedger,
  ) {}

  async write(input: { runId: string; districtId: string; limit: number }): Promise<ScoreWriteProgress> {
    const { runId, districtId } = input;
    const run = await this.runs.get(runId);
    if (!run?.usersDcid) throw new PassbackRefusal('RunNotFound', `passback run ${runId} has no plan`);
    const usersDcid = run.usersDcid;
    const { client, settings } = this.ptp.forDistrict(districtId);
    const progress: ScoreWriteProgress = { written: 0, unchanged: 0, failed: 0, remaining: 0 };
    const settle = async (outcomes: readonly ScoreOutcome[]) => {
      await this.scores.mark(runId, outcomes);
      for (const outcome of outcomes) progress[outcome.status]++;
    };

    await withHeartbeats(
      () => progress,
      async () => {
        const { sendable, homeless } = sortByDestination(await this.scores.pending(runId, input.limit));
        await settle(homeless);

        const ledger = await this.ledger.entries(districtId, sendable.map(keyOf));
        const { unchanged, candidates, toRead } = sortByLedger(sendable, ledger, runId);
        await settle(unchanged);

        const current = await readCurrent(client, usersDcid, toRead);
        const { alreadyInPtp, toWrite, priors, replacingHandEdits } = sortByPtp(candidates, current, ledger, runId);
        await this.ledger.recordSent(
          districtId,
          runId,
          alreadyInPtp.map(({ score, assignmentScoreId }) => ({
            ...keyOf(score),
            value: valueOfScore(score),
            ...(assignmentScoreId === undefined ? {} : { assignmentScoreId }),
          })),
        );
        await settle(alreadyInPtp.map((already) => already.outcome));
        await this.ledger.capturePriors(districtId, runId, priors);

        const read = new Set(toRead);
        for (let i = 0; i < toWrite.length; i += settings.scores.batchSize) {
          const batch = toWrite.slice(i, i + settings.scores.batchSize);
          const writes = batch.map((score) =>
            scoreWriteOf(
              score,
              current.get(ledgerKey(score.assignmentSectionId, score.studentsDcid)),
              read.has(score) ? undefined : ledger.get(ledgerKey(score.assignmentSectionId, score.studentsDcid)),
            ),
          );
          const { outcomes, written } = batchOutcomes(
            batch,
            await client.scores.write(usersDcid, writes, settings.scores.writeQuery),
            replacingHandEdits,
          );
          await this.ledger.recordSent(
            districtId,
            runId,
            written.map(({ score, assignmentScoreId }) => ({
              ...keyOf(score),
              value: valueOfScore(score),
              ...(assignmentScoreId === undefined ? {} : { assignmentScoreId }),
            })),
          );
          await settle(outcomes);
        }
      },
    );
    progress.remaining = await this.scores.countPending(runId);
    return progress;
  }
}

/** PTP's current scores of these scores' assignment sections, in one read. */
async function readCurrent(client: PtpClient, usersDcid: number, scores: readonly SendableScore[]): Promise<Map<string, PtpScore>> {
  if (scores.length === 0) return new Map();
  const assignmentIds = [...new Set(scores.map((score) => score.ptpAssignmentId))];
  const sectionDcids = [...new Set(scores.map((score) => score.sectionsDcid))];
  const read = await client.scores.read(usersDcid, { assignmentIds, sectionDcids });
  return new Map(read.map((score) => [ledgerKey(score.assignmentSectionId, score.studentsDcid), score]));
}
