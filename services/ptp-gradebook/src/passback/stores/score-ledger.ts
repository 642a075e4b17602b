import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ScoreValue } from '../plan/score-value';

/** What PTP held for a student before a run first wrote there: nothing, or a score with every flag. */
export type PriorScore =
  | { absent: true }
  | (ScoreValue & {
      absent?: false;
      kind: string | null;
      isAbsent: boolean;
      isIncomplete: boolean;
      isCollected: boolean;
      assignmentScoreId: number | null;
    });

export interface LedgerEntry {
  assignmentSectionId: number;
  studentsDcid: number;
  /** What PTP has from us (null: nothing, or what we sent was undone). */
  sent: ScoreValue | null;
  assignmentScoreId?: number;
  priorRunId?: string;
  prior?: PriorScore;
  priorSent?: ScoreValue | null;
}

interface LedgerRow {
  assignment_section_id: string;
  students_dcid: string;
  sent: ScoreValue | null;
  assignment_score_id: string | null;
  prior_run_id: string | null;
  prior: PriorScore | null;
  prior_sent: ScoreValue | null;
}

export interface LedgerKey {
  assignmentSectionId: number;
  studentsDcid: number;
}

/**
 * The score ledger, per (district, PTP assignment section, student DCID): the last value sent, so
 * an unchanged score is not sent again; and, for the run that last wrote there, what PTP had
 * before its first write, so a failed run can put it back. PTP is authoritative for "before":
 * it is read from PTP, never assumed.
 */
@Injectable()
export class ScoreLedger {
  constructor(private readonly dataSource: DataSource) {}

  async entries(districtId: string, keys: readonly LedgerKey[]): Promise<Map<string, LedgerEntry>> {
    if (keys.length === 0) return new Map();
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT l.* FROM unnest($2::bigint[], $3::bigint[]) AS k(assignment_section_id, students_dcid)
         JOIN ptp_gradebook.score_ledger l ON l.district_id = $1 AND l.assignment_section_id = k.assignment_section_id AND l.students_dcid = k.students_dcid`,
      [districtId, keys.map((k) => k.assignmentSectionId), keys.map((k) => k.studentsDcid)],
    );
    return new Map(rows.map((row) => [ledgerKey(Number(row.assignment_section_id), Number(row.students_dcid)), toEntry(row)]));
  }

  /** Keeps, before a run's first write to each key, what PTP had and what the ledger said; a key this run already holds keeps its first prior. */
  async capturePriors(
    districtId: string,
    runId: string,
    priors: ReadonlyArray<LedgerKey & { prior: PriorScore; priorSent: ScoreValue | null }>,
  ): Promise<void> {
    if (priors.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO ptp_gradebook.score_ledger (district_id, assignment_section_id, students_dcid, prior_run_id, prior, prior_sent)
       SELECT $1, k.a, k.s, $2, k.p, k.ps FROM unnest($3::bigint[], $4::bigint[], $5::jsonb[], $6::jsonb[]) AS k(a, s, p, ps)
       ON CONFLICT (district_id, assignment_section_id, students_dcid) DO UPDATE
          SET prior_run_id = EXCLUDED.prior_run_id, prior = EXCLUDED.prior, prior_sent = EXCLUDED.prior_sent
        WHERE ptp_gradebook.score_ledger.prior_run_id IS DISTINCT FROM EXCLUDED.prior_run_id`,
      [
        districtId,
        runId,
        priors.map((p) => p.assignmentSectionId),
        priors.map((p) => p.studentsDcid),
        priors.map((p) => JSON.stringify(p.prior)),
        priors.map((p) => (p.priorSent ? JSON.stringify(p.priorSent) : null)),
      ],
    );
  }

  async recordSent(
    districtId: string,
    runId: string,
    sent: ReadonlyArray<LedgerKey & { value: ScoreValue; assignmentScoreId?: number }>,
  ): Promise<void> {
    if (sent.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO ptp_gradebook.score_ledger (district_id, assignment_section_id, students_dcid, sent, assignment_score_id, sent_by_run_id, sent_at)
       SELECT $1, k.a, k.s, k.v, k.id, $2, now() FROM unnest($3::bigint[], $4::bigint[], $5::jsonb[], $6::bigint[]) AS k(a, s, v, id)
       ON CONFLICT (district_id, assignment_section_id, students_dcid) DO UPDATE
          SET sent = EXCLUDED.sent, assignment_score_id = coalesce(EXCLUDED.assignment_score_id, ptp_gradebook.score_ledger.assignment_score_id),
              sent_by_run_id = EXCLUDED.sent_by_run_id, sent_at = EXCLUDED.sent_at`,
      [
        districtId,
        runId,
        sent.map((s) => s.assignmentSectionId),
        sent.map((s) => s.studentsDcid),
        sent.map((s) => JSON.stringify(s.value)),
        sent.map((s) => s.assignmentScoreId ?? null),
      ],
    );
  }

  /** Keys a run wrote to, with what to put back. */
  async writtenBy(districtId: string, runId: string): Promise<LedgerEntry[]> {
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT * FROM ptp_gradebook.score_ledger WHERE district_id = $1 AND prior_run_id = $2 ORDER BY assignment_section_id, students_dcid`,
      [districtId, runId],
    );
    return rows.map(toEntry);
  }

  /** After a restore: the ledger says again what it said before the run. */
  async restored(districtId: string, key: LedgerKey, sent: ScoreValue | null, assignmentScoreId: number | undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.score_ledger SET sent = $4, assignment_score_id = coalesce($5, assignment_score_id), prior_run_id = NULL, prior = NULL, prior_sent = NULL, sent_by_run_id = NULL
        WHERE district_id = $1 AND assignment_section_id = $2 AND students_dcid = $3`,
      [districtId, key.assignmentSectionId, key.studentsDcid, sent ? JSON.stringify(sent) : null, assignmentScoreId ?? null],
    );
  }

  /** An assignment section that is gone from PTP (deleted there, or by compensation): its scores are nobody's now. */
  async forget(districtId: string, assignmentSectionIds: readonly number[]): Promise<void> {
    if (assignmentSectionIds.length === 0) return;
    await this.dataSource.query(
      'DELETE FROM ptp_gradebook.score_ledger WHERE district_id = $1 AND assignment_section_id = ANY($2::bigint[])',
      [districtId, assignmentSectionIds],
    );
  }
}

export function ledgerKey(assignmentSectionId: number, studentsDcid: number): string {
  return `${assignmentSectionId}:${studentsDcid}`;
}

function toEntry(row: LedgerRow): LedgerEntry {
  return {
    assignmentSectionId: Number(row.assignment_section_id),
    studentsDcid: Number(row.students_dcid),
    sent: row.sent,
    ...(row.assignment_score_id === null ? {} : { assignmentScoreId: Number(row.assignment_score_id) }),
    ...(row.prior_run_id === null ? {} : { priorRunId: row.prior_run_id }),
    ...(row.prior === null ? {} : { prior: row.prior }),
    ...(row.prior_run_id === null ? {} : { priorSent: row.prior_sent }),
  };
}
