import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentValidation, PassbackReport } from '@sisbridge/contracts';
import { inPgTransaction } from '@sisbridge/persistence';
import type { PlannedSection } from '../plan/passback-plan';
import { toSection, type SectionRow, type SectionStatus, type StoredSection } from './stored-rows';

/**
 * A run's plan: the validation report, each validated assignment (`passback_assignment`) and each
 * planned assignment section (`passback_section`) with what the run did to it. Written once by
 * validation; afterwards only each section's outcome changes, never what was planned.
 */
@Injectable()
export class PassbackPlanStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the report and the plan, replacing what an earlier attempt of the same step stored (nothing was sent yet). */
  async save(
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

  /** Each validated assignment's PowerSchool sections (any teacher's), and its validation. */
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

  /** The run's planned sections in that state, or all of them. */
  async countSections(runId: string, status?: SectionStatus): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      'SELECT count(*) AS n FROM ptp_gradebook.passback_section WHERE run_id = $1 AND ($2::text IS NULL OR status = $2)',
      [runId, status ?? null],
    );
    return Number(rows[0]?.n ?? 0);
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

  /** A word about a planned section before it is synced (kept with its outcome when it is created). */
  async noteSection(runId: string, section: { canvasAssignmentId: number; sectionsDcid: number }, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_section SET reason = $4 WHERE run_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3 AND status = 'planned'`,
      [runId, section.canvasAssignmentId, section.sectionsDcid, reason],
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
}
