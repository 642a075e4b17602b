import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inPgTransaction } from '@sisbridge/persistence';
import {
  toPendingScore,
  type PendingScore,
  type PendingScoreRow,
  type ScoreOutcome,
  type ScoreToSend,
  type UnmatchedScore,
} from './stored-rows';

/** Rows per INSERT of a run's scores: one statement stays well under Postgres's parameter limits. */
const INSERT_BATCH = 5_000;

/**
 * A run's scores (`passback_score`, `passback_unmatched_score`): what collect found to send, per
 * PTP section and student DCID, and each one's outcome once the writer has dealt with it.
 */
@Injectable()
export class RunScores {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the run's scores to send, replacing an earlier attempt's (nothing was written yet). */
  async save(runId: string, scores: readonly ScoreToSend[], unmatched: readonly UnmatchedScore[]): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query('DELETE FROM ptp_gradebook.passback_score WHERE run_id = $1', [runId]);
      await client.query('DELETE FROM ptp_gradebook.passback_unmatched_score WHERE run_id = $1', [runId]);
      for (let i = 0; i < scores.length; i += INSERT_BATCH) {
        const batch = scores.slice(i, i + INSERT_BATCH);
        await client.query(
          `INSERT INTO ptp_gradebook.passback_score (run_id, canvas_assignment_id, sections_dcid, students_dcid, entered, is_exempt, is_late, is_missing)
           SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::boolean[], $7::boolean[], $8::boolean[])`,
          [
            runId,
            batch.map((s) => s.canvasAssignmentId),
            batch.map((s) => s.sectionsDcid),
            batch.map((s) => s.studentsDcid),
            batch.map((s) => s.entered),
            batch.map((s) => s.isExempt),
            batch.map((s) => s.isLate),
            batch.map((s) => s.isMissing),
          ],
        );
      }
      if (unmatched.length > 0) {
        await client.query(
          `INSERT INTO ptp_gradebook.passback_unmatched_score (run_id, canvas_assignment_id, canvas_user_id, reason)
           SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING`,
          [runId, unmatched.map((u) => u.canvasAssignmentId), unmatched.map((u) => u.canvasUserId), unmatched.map((u) => u.reason)],
        );
      }
    });
  }

  /** The highest numeric score to send per planned assignment section (`canvasAssignmentId:sectionsDcid`). */
  async highestEntered(runId: string): Promise<Map<string, number>> {
    const rows: Array<{ canvas_assignment_id: string; sections_dcid: string; highest: string }> = await this.dataSource.query(
      `SELECT canvas_assignment_id, sections_dcid, max(entered::numeric) AS highest
         FROM ptp_gradebook.passback_score WHERE run_id = $1 AND entered ~ '^-?[0-9]+(\\.[0-9]+)?$'
        GROUP BY canvas_assignment_id, sections_dcid`,
      [runId],
    );
    return new Map(rows.map((row) => [sectionKey(Number(row.canvas_assignment_id), Number(row.sections_dcid)), Number(row.highest)]));
  }

  async pending(runId: string, limit: number): Promise<PendingScore[]> {
    const rows: PendingScoreRow[] = await this.dataSource.query(
      `SELECT sc.canvas_assignment_id, sc.sections_dcid, sc.students_dcid, sc.entered, sc.is_exempt, sc.is_late, sc.is_missing,
              se.status AS section_status, se.reason AS section_reason, se.ptp_assignment_id, se.assignment_section_id
         FROM ptp_gradebook.passback_score sc
         JOIN ptp_gradebook.passback_section se USING (run_id, canvas_assignment_id, sections_dcid)
        WHERE sc.run_id = $1 AND sc.status = 'pending'
        ORDER BY sc.canvas_assignment_id, sc.sections_dcid, sc.students_dcid LIMIT $2`,
      [runId, limit],
    );
    return rows.map(toPendingScore);
  }

  async countPending(runId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM ptp_gradebook.passback_score WHERE run_id = $1 AND status = 'pending'`,
      [runId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async mark(runId: string, outcomes: readonly ScoreOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_score s SET status = o.status, reason = o.reason
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) AS o(canvas_assignment_id, sections_dcid, students_dcid, status, reason)
        WHERE s.run_id = $1 AND s.canvas_assignment_id = o.canvas_assignment_id AND s.sections_dcid = o.sections_dcid AND s.students_dcid = o.students_dcid`,
      [
        runId,
        outcomes.map((o) => o.canvasAssignmentId),
        outcomes.map((o) => o.sectionsDcid),
        outcomes.map((o) => o.studentsDcid),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.reason ?? null),
      ],
    );
  }
}

/** How a planned assignment section is named in maps: `canvasAssignmentId:sectionsDcid`. */
export function sectionKey(canvasAssignmentId: number, sectionsDcid: number): string {
  return `${canvasAssignmentId}:${sectionsDcid}`;
}
