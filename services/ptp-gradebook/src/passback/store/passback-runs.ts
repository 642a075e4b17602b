import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentValidation, PassbackCompensation, PassbackInput, PassbackReport } from '@sisbridge/contracts';
import { inPgTransaction } from '@sisbridge/persistence';
import type { PlannedSection } from '../plan/passback-plan';
import type { ScoreValue } from '../plan/score-value';
import type { SectionDefinition } from '../plan/section-definition';

export interface RunRecord {
  runId: string;
  workflowId: string;
  districtId: string;
  teacherSisId: string;
  courseSisId?: string;
  trigger: string;
  usersDcid?: number;
  yearId?: number;
  snapshotId?: string;
  report?: PassbackReport;
  outcome?: 'completed' | 'completed-with-errors' | 'failed';
  reason?: string;
  compensation?: PassbackCompensation;
  startedAt: Date;
  finishedAt?: Date;
}

export type SectionStatus = 'planned' | 'created' | 'updated' | 'unchanged' | 'failed';

export interface StoredSection {
  canvasAssignmentId: number;
  canvasCourseId: number;
  sectionsDcid: number;
  sectionSisId: string;
  definition: SectionDefinition;
  status: SectionStatus;
  ptpAssignmentId?: number;
  assignmentSectionId?: number;
  priorAssignment?: Record<string, unknown>;
  priorFingerprint?: string;
  reason?: string;
}

export interface ScoreRow extends ScoreValue {
  canvasAssignmentId: number;
  sectionsDcid: number;
  studentDcid: number;
}

export interface UnmatchedScore {
  canvasAssignmentId: number;
  canvasUserId: number;
  reason: string;
}

/** A pending score with where it goes: its section's state in this run. */
export interface PendingScore extends ScoreRow {
  sectionStatus: SectionStatus;
  sectionReason?: string;
  ptpAssignmentId?: number;
  assignmentSectionId?: number;
  /** Whether this run created the section's PTP assignment (then PTP held no score before). */
  createdThisRun: boolean;
}

export type ScoreOutcome = {
  canvasAssignmentId: number;
  sectionsDcid: number;
  studentDcid: number;
  status: 'written' | 'unchanged' | 'failed';
  reason?: string;
};

interface RunRow {
  run_id: string;
  workflow_id: string;
  district_id: string;
  teacher_sis_id: string;
  course_sis_id: string | null;
  trigger: string;
  users_dcid: string | null;
  year_id: number | null;
  snapshot_id: string | null;
  report: PassbackReport | null;
  outcome: RunRecord['outcome'] | null;
  reason: string | null;
  compensation: PassbackCompensation | null;
  started_at: Date;
  finished_at: Date | null;
}

interface SectionRow {
  canvas_assignment_id: string;
  canvas_course_id: string;
  sections_dcid: string;
  section_sis_id: string;
  definition: SectionDefinition;
  status: SectionStatus;
  ptp_assignment_id: string | null;
  assignment_section_id: string | null;
  prior_assignment: Record<string, unknown> | null;
  prior_fingerprint: string | null;
  reason: string | null;
}

/**
 * One passback run in ptp_gradebook: its report, its plan (assignment sections) and every score's
 * outcome. A retried step finds what an earlier attempt stored and goes on from there.
 */
@Injectable()
export class PassbackRuns {
  constructor(private readonly dataSource: DataSource) {}

  async begin(run: PassbackInput & { runId: string; workflowId: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ptp_gradebook.passback_run (run_id, workflow_id, district_id, teacher_sis_id, course_sis_id, trigger)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id) DO NOTHING`,
      [run.runId, run.workflowId, run.districtId, run.teacherSisId, run.courseSisId ?? null, run.trigger],
    );
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const rows: RunRow[] = await this.dataSource.query('SELECT * FROM ptp_gradebook.passback_run WHERE run_id = $1', [runId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      runId: row.run_id,
      workflowId: row.workflow_id,
      districtId: row.district_id,
      teacherSisId: row.teacher_sis_id,
      ...(row.course_sis_id ? { courseSisId: row.course_sis_id } : {}),
      trigger: row.trigger,
      ...(row.users_dcid === null ? {} : { usersDcid: Number(row.users_dcid) }),
      ...(row.year_id === null ? {} : { yearId: row.year_id }),
      ...(row.snapshot_id === null ? {} : { snapshotId: row.snapshot_id }),
      ...(row.report ? { report: row.report } : {}),
      ...(row.outcome ? { outcome: row.outcome } : {}),
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.compensation ? { compensation: row.compensation } : {}),
      startedAt: row.started_at,
      ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    };
  }

  /** Stores the report and the plan, replacing what an earlier attempt of the same step stored (nothing was sent yet). */
  async savePlan(
    runId: string,
    plan: {
      usersDcid: number;
      yearId: number;
      snapshotId: string;
      report: PassbackReport;
      sections: readonly PlannedSection[];
      rosterSections: ReadonlyMap<number, readonly string[]>;
    },
  ): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query(
        'UPDATE ptp_gradebook.passback_run SET users_dcid = $2, year_id = $3, snapshot_id = $4, report = $5 WHERE run_id = $1',
        [runId, plan.usersDcid, plan.yearId, plan.snapshotId, JSON.stringify(plan.report)],
      );
      await client.query('DELETE FROM ptp_gradebook.passback_section WHERE run_id = $1', [runId]);
      await client.query('DELETE FROM ptp_gradebook.passback_assignment WHERE run_id = $1', [runId]);
      const validations: AssignmentValidation[] = plan.report.assignments;
      await client.query(
        `INSERT INTO ptp_gradebook.passback_assignment (run_id, canvas_assignment_id, canvas_course_id, position, validation, roster_section_sis_ids)
         SELECT $1, a, c, p, v, coalesce((SELECT array_agg(x) FROM jsonb_array_elements_text(r) AS x), '{}')
           FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::jsonb[], $6::jsonb[]) AS t(a, c, p, v, r)`,
        [
          runId,
          validations.map((v) => v.canvasAssignmentId),
          validations.map((v) => v.canvasCourseId),
          validations.map((_, i) => i),
          validations.map((v) => JSON.stringify(v)),
          validations.map((v) => JSON.stringify(plan.rosterSections.get(v.canvasAssignmentId) ?? [])),
        ],
      );
      const sections = plan.sections;
      await client.query(
        `INSERT INTO ptp_gradebook.passback_section (run_id, canvas_assignment_id, sections_dcid, section_sis_id, canvas_course_id, definition)
         SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::jsonb[])`,
        [
          runId,
          sections.map((s) => s.canvasAssignmentId),
          sections.map((s) => s.sectionsDcid),
          sections.map((s) => s.sectionSisId),
          sections.map((s) => s.canvasCourseId),
          sections.map((s) => JSON.stringify(s.definition)),
        ],
      );
    });
  }

  /** Each planned assignment's PowerSchool sections (any teacher's), and its validation. */
  async assignments(runId: string): Promise<Array<{ validation: AssignmentValidation; rosterSectionSisIds: string[] }>> {
    const rows: Array<{ validation: AssignmentValidation; roster_section_sis_ids: string[] }> = await this.dataSource.query(
      'SELECT validation, roster_section_sis_ids FROM ptp_gradebook.passback_assignment WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    return rows.map((row) => ({ validation: row.validation, rosterSectionSisIds: row.roster_section_sis_ids }));
  }

  async sections(runId: string, filter: { status?: SectionStatus; limit?: number; withPrior?: boolean } = {}): Promise<StoredSection[]> {
    const rows: SectionRow[] = await this.dataSource.query(
      `SELECT * FROM ptp_gradebook.passback_section WHERE run_id = $1 AND ($2::text IS NULL OR status = $2) AND (NOT $3 OR prior_assignment IS NOT NULL)
        ORDER BY canvas_assignment_id, sections_dcid LIMIT $4`,
      [runId, filter.status ?? null, filter.withPrior ?? false, filter.limit ?? 1_000_000],
    );
    return rows.map(toSection);
  }

  async countSections(runId: string, status: SectionStatus): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      'SELECT count(*) AS n FROM ptp_gradebook.passback_section WHERE run_id = $1 AND status = $2',
      [runId, status],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async setDefinitions(
    runId: string,
    definitions: ReadonlyArray<{ canvasAssignmentId: number; sectionsDcid: number; definition: SectionDefinition }>,
  ): Promise<void> {
    if (definitions.length === 0) return;
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_section s SET definition = d.definition
         FROM unnest($2::bigint[], $3::bigint[], $4::jsonb[]) AS d(canvas_assignment_id, sections_dcid, definition)
        WHERE s.run_id = $1 AND s.canvas_assignment_id = d.canvas_assignment_id AND s.sections_dcid = d.sections_dcid AND s.status = 'planned'`,
      [
        runId,
        definitions.map((d) => d.canvasAssignmentId),
        definitions.map((d) => d.sectionsDcid),
        definitions.map((d) => JSON.stringify(d.definition)),
      ],
    );
  }

  /** Before the first change of a PTP assignment in this run: what it was, to put it back on failure. */
  async keepPriorAssignment(
    runId: string,
    section: { canvasAssignmentId: number; sectionsDcid: number },
    prior: Record<string, unknown>,
    priorFingerprint: string | undefined,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_section SET prior_assignment = $4, prior_fingerprint = $5
        WHERE run_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3 AND prior_assignment IS NULL`,
      [runId, section.canvasAssignmentId, section.sectionsDcid, JSON.stringify(prior), priorFingerprint ?? null],
    );
  }

  async markSection(
    runId: string,
    section: { canvasAssignmentId: number; sectionsDcid: number },
    outcome: { status: SectionStatus; ptpAssignmentId?: number; assignmentSectionId?: number; reason?: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_section SET status = $4, ptp_assignment_id = coalesce($5, ptp_assignment_id), assignment_section_id = coalesce($6, assignment_section_id), reason = $7
        WHERE run_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3`,
      [
        runId,
        section.canvasAssignmentId,
        section.sectionsDcid,
        outcome.status,
        outcome.ptpAssignmentId ?? null,
        outcome.assignmentSectionId ?? null,
        outcome.reason ?? null,
      ],
    );
  }

  /** Stores the run's scores to send, replacing an earlier attempt's (nothing was written yet). */
  async saveScores(runId: string, scores: readonly ScoreRow[], unmatched: readonly UnmatchedScore[]): Promise<void> {
    await inPgTransaction(this.dataSource, async (client) => {
      await client.query('DELETE FROM ptp_gradebook.passback_score WHERE run_id = $1', [runId]);
      await client.query('DELETE FROM ptp_gradebook.passback_unmatched_score WHERE run_id = $1', [runId]);
      for (let i = 0; i < scores.length; i += 5_000) {
        const batch = scores.slice(i, i + 5_000);
        await client.query(
          `INSERT INTO ptp_gradebook.passback_score (run_id, canvas_assignment_id, sections_dcid, student_dcid, entered, exempt, late, missing)
           SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::boolean[], $7::boolean[], $8::boolean[])`,
          [
            runId,
            batch.map((s) => s.canvasAssignmentId),
            batch.map((s) => s.sectionsDcid),
            batch.map((s) => s.studentDcid),
            batch.map((s) => s.entered),
            batch.map((s) => s.exempt),
            batch.map((s) => s.late),
            batch.map((s) => s.missing),
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

  async pendingScores(runId: string, limit: number): Promise<PendingScore[]> {
    const rows: Array<{
      canvas_assignment_id: string;
      sections_dcid: string;
      student_dcid: string;
      entered: string | null;
      exempt: boolean;
      late: boolean;
      missing: boolean;
      section_status: SectionStatus;
      section_reason: string | null;
      ptp_assignment_id: string | null;
      assignment_section_id: string | null;
      created_this_run: boolean;
    }> = await this.dataSource.query(
      `SELECT sc.canvas_assignment_id, sc.sections_dcid, sc.student_dcid, sc.entered, sc.exempt, sc.late, sc.missing,
              se.status AS section_status, se.reason AS section_reason, se.ptp_assignment_id, se.assignment_section_id, se.status = 'created' AS created_this_run
         FROM ptp_gradebook.passback_score sc
         JOIN ptp_gradebook.passback_section se USING (run_id, canvas_assignment_id, sections_dcid)
        WHERE sc.run_id = $1 AND sc.status = 'pending'
        ORDER BY sc.canvas_assignment_id, sc.sections_dcid, sc.student_dcid LIMIT $2`,
      [runId, limit],
    );
    return rows.map((row) => ({
      canvasAssignmentId: Number(row.canvas_assignment_id),
      sectionsDcid: Number(row.sections_dcid),
      studentDcid: Number(row.student_dcid),
      entered: row.entered,
      exempt: row.exempt,
      late: row.late,
      missing: row.missing,
      sectionStatus: row.section_status,
      ...(row.section_reason ? { sectionReason: row.section_reason } : {}),
      ...(row.ptp_assignment_id === null ? {} : { ptpAssignmentId: Number(row.ptp_assignment_id) }),
      ...(row.assignment_section_id === null ? {} : { assignmentSectionId: Number(row.assignment_section_id) }),
      createdThisRun: row.created_this_run,
    }));
  }

  async countPendingScores(runId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM ptp_gradebook.passback_score WHERE run_id = $1 AND status = 'pending'`,
      [runId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async markScores(runId: string, outcomes: readonly ScoreOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_score s SET status = o.status, reason = o.reason
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) AS o(canvas_assignment_id, sections_dcid, student_dcid, status, reason)
        WHERE s.run_id = $1 AND s.canvas_assignment_id = o.canvas_assignment_id AND s.sections_dcid = o.sections_dcid AND s.student_dcid = o.student_dcid`,
      [
        runId,
        outcomes.map((o) => o.canvasAssignmentId),
        outcomes.map((o) => o.sectionsDcid),
        outcomes.map((o) => o.studentDcid),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.reason ?? null),
      ],
    );
  }

  /**
   * Since when the run's steps have been failing with errors worth retrying (set now if not yet):
   * what decides when a run gives up. Cleared by `recovered` when a step succeeds.
   */
  async failingSince(runId: string): Promise<Date> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [Array<{ failing_since: Date }>, number] = await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_run SET failing_since = coalesce(failing_since, now()) WHERE run_id = $1 RETURNING failing_since`,
      [runId],
    );
    return rows[0]?.failing_since ?? new Date();
  }

  async recovered(runId: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE ptp_gradebook.passback_run SET failing_since = NULL WHERE run_id = $1 AND failing_since IS NOT NULL',
      [runId],
    );
  }

  async finish(
    runId: string,
    outcome: NonNullable<RunRecord['outcome']>,
    reason: string | undefined,
    compensation: PassbackCompensation | undefined,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_run SET outcome = $2, reason = $3, compensation = $4, finished_at = coalesce(finished_at, now()) WHERE run_id = $1`,
      [runId, outcome, reason ?? null, compensation ? JSON.stringify(compensation) : null],
    );
  }

  /** Per Canvas assignment: its validation, its sections' outcomes, and its scores by status (with a few reasons). */
  async outcomes(runId: string): Promise<
    Array<{
      validation: AssignmentValidation;
      sections: Array<{ status: SectionStatus; reason?: string }>;
      scores: { written: number; unchanged: number; failed: number; pending: number };
      scoreReasons: string[];
    }>
  > {
    const assignments: Array<{ canvas_assignment_id: string; validation: AssignmentValidation }> = await this.dataSource.query(
      'SELECT canvas_assignment_id, validation FROM ptp_gradebook.passback_assignment WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    const sections: Array<{ canvas_assignment_id: string; status: SectionStatus; reason: string | null }> = await this.dataSource.query(
      'SELECT canvas_assignment_id, status, reason FROM ptp_gradebook.passback_section WHERE run_id = $1',
      [runId],
    );
    const scores: Array<{ canvas_assignment_id: string; status: string; n: string; reasons: string[] | null }> =
      await this.dataSource.query(
        `SELECT canvas_assignment_id, status, count(*) AS n, (array_agg(DISTINCT reason) FILTER (WHERE reason IS NOT NULL))[1:3] AS reasons
         FROM ptp_gradebook.passback_score WHERE run_id = $1 GROUP BY canvas_assignment_id, status
       UNION ALL
       SELECT canvas_assignment_id, 'failed', count(*), (array_agg(DISTINCT reason))[1:3] FROM ptp_gradebook.passback_unmatched_score WHERE run_id = $1 GROUP BY canvas_assignment_id`,
        [runId],
      );
    return assignments.map((assignment) => {
      const id = assignment.canvas_assignment_id;
      const counts = { written: 0, unchanged: 0, failed: 0, pending: 0 };
      const reasons: string[] = [];
      for (const row of scores.filter((s) => s.canvas_assignment_id === id)) {
        const key = row.status as keyof typeof counts;
        if (key in counts) counts[key] += Number(row.n);
        if (row.status === 'failed') reasons.push(...(row.reasons ?? []));
      }
      return {
        validation: assignment.validation,
        sections: sections
          .filter((s) => s.canvas_assignment_id === id)
          .map((s) => ({ status: s.status, ...(s.reason ? { reason: s.reason } : {}) })),
        scores: counts,
        scoreReasons: [...new Set(reasons)].slice(0, 3),
      };
    });
  }
}

function toSection(row: SectionRow): StoredSection {
  return {
    canvasAssignmentId: Number(row.canvas_assignment_id),
    canvasCourseId: Number(row.canvas_course_id),
    sectionsDcid: Number(row.sections_dcid),
    sectionSisId: row.section_sis_id,
    definition: row.definition,
    status: row.status,
    ...(row.ptp_assignment_id === null ? {} : { ptpAssignmentId: Number(row.ptp_assignment_id) }),
    ...(row.assignment_section_id === null ? {} : { assignmentSectionId: Number(row.assignment_section_id) }),
    ...(row.prior_assignment ? { priorAssignment: row.prior_assignment } : {}),
    ...(row.prior_fingerprint ? { priorFingerprint: row.prior_fingerprint } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}
