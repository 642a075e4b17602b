import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PassbackCompensation, PassbackInput } from '@sisbridge/contracts';
import { toRun, type PassbackRunRecord, type RunRow } from './stored-rows';

/**
 * The run itself (`passback_run`): whom it is for, how it ended, and the clock that decides when
 * a failing run gives up. The plan and the scores are in their own stores.
 */
@Injectable()
export class PassbackRunStore {
  constructor(private readonly dataSource: DataSource) {}

  async begin(run: PassbackInput & { runId: string; workflowId: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ptp_gradebook.passback_run (run_id, workflow_id, district_id, teacher_sis_id, course_sis_id, trigger)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id) DO NOTHING`,
      [run.runId, run.workflowId, run.districtId, run.teacherSisId, run.courseSisId ?? null, run.trigger],
    );
  }

  async get(runId: string): Promise<PassbackRunRecord | undefined> {
    const rows: RunRow[] = await this.dataSource.query('SELECT * FROM ptp_gradebook.passback_run WHERE run_id = $1', [runId]);
    return rows[0] ? toRun(rows[0]) : undefined;
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
    outcome: NonNullable<PassbackRunRecord['outcome']>,
    reason: string | undefined,
    compensation: PassbackCompensation | undefined,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.passback_run SET outcome = $2, reason = $3, compensation = $4, finished_at = coalesce(finished_at, now()) WHERE run_id = $1`,
      [runId, outcome, reason ?? null, compensation ? JSON.stringify(compensation) : null],
    );
  }
}
