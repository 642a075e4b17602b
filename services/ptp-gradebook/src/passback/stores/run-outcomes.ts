import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentValidation } from '@sisbridge/contracts';
import { REPLACED_HAND_EDIT } from '../steps/score-write-decisions';
import type { SectionStatus } from './stored-rows';

/** One validated assignment of a run, with what happened to each of its sections and scores. */
export interface AssignmentRecord {
  validation: AssignmentValidation;
  sections: Array<{ status: SectionStatus; reason?: string }>;
  scores: { written: number; unchanged: number; failed: number; pending: number; replacedHandEdits: number };
  /** A few distinct reasons of failed scores (no student ids in them). */
  scoreReasons: string[];
}

/** The query the run's result is built from: per Canvas assignment, its validation, its sections' outcomes and its scores by status. */
@Injectable()
export class RunOutcomes {
  constructor(private readonly dataSource: DataSource) {}

  async of(runId: string): Promise<AssignmentRecord[]> {
    const assignments: Array<{ canvas_assignment_id: string; validation: AssignmentValidation }> = await this.dataSource.query(
      'SELECT canvas_assignment_id, validation FROM ptp_gradebook.passback_assignment WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    const sections: Array<{ canvas_assignment_id: string; status: SectionStatus; reason: string | null }> = await this.dataSource.query(
      'SELECT canvas_assignment_id, status, reason FROM ptp_gradebook.passback_section WHERE run_id = $1',
      [runId],
    );
    const scores: Array<{ canvas_assignment_id: string; status: string; n: string; reasons: string[] | null; replaced: string }> =
      await this.dataSource.query(
        `SELECT canvas_assignment_id, status, count(*) AS n, (array_agg(DISTINCT reason) FILTER (WHERE reason IS NOT NULL))[1:3] AS reasons,
                count(*) FILTER (WHERE status = 'written' AND reason = $2) AS replaced
         FROM ptp_gradebook.passback_score WHERE run_id = $1 GROUP BY canvas_assignment_id, status
       UNION ALL
       SELECT canvas_assignment_id, 'failed', count(*), (array_agg(DISTINCT reason))[1:3], 0 FROM ptp_gradebook.passback_unmatched_score WHERE run_id = $1 GROUP BY canvas_assignment_id`,
        [runId, REPLACED_HAND_EDIT],
      );
    return assignments.map((assignment) => {
      const id = assignment.canvas_assignment_id;
      const counts = { written: 0, unchanged: 0, failed: 0, pending: 0, replacedHandEdits: 0 };
      const reasons: string[] = [];
      for (const row of scores.filter((s) => s.canvas_assignment_id === id)) {
        const key = row.status as 'written' | 'unchanged' | 'failed' | 'pending';
        if (key in counts) counts[key] += Number(row.n);
        counts.replacedHandEdits += Number(row.replaced);
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
