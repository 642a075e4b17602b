import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NightlyPassbackPlan, NightlyPassbackTeacher } from '@sisbridge/contracts';

interface PlanRow {
  plan_id: string;
  teachers: number;
  courses: number;
  max_concurrent_teachers: number;
  skipped: NightlyPassbackPlan['skipped'];
}

/** How long a night's plan is kept (for a look after the fact), before the next plan sweeps it. */
const KEEP_DAYS = 14;

/** The stored plans of nightly passbacks (tables from migration 1765000000002). */
@Injectable()
export class NightlyPlans {
  constructor(private readonly dataSource: DataSource) {}

  async find(planId: string): Promise<NightlyPassbackPlan | undefined> {
    const rows: PlanRow[] = await this.dataSource.query(
      'SELECT plan_id, teachers, courses, max_concurrent_teachers, skipped FROM ptp_gradebook.nightly_passback_plan WHERE plan_id = $1',
      [planId],
    );
    const row = rows[0];
    return (
      row && {
        planId: row.plan_id,
        teachers: row.teachers,
        courses: row.courses,
        maxConcurrentTeachers: row.max_concurrent_teachers,
        skipped: row.skipped,
      }
    );
  }

  /** Stores a plan and its teachers in one transaction (a retried activity finds it complete, or not at all). */
  async save(districtId: string, plan: NightlyPassbackPlan, teachers: readonly NightlyPassbackTeacher[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM ptp_gradebook.nightly_passback_plan WHERE plan_id = $1', [plan.planId]);
      await manager.query(
        `INSERT INTO ptp_gradebook.nightly_passback_plan (plan_id, district_id, teachers, courses, max_concurrent_teachers, skipped) VALUES ($1, $2, $3, $4, $5, $6)`,
        [plan.planId, districtId, plan.teachers, plan.courses, plan.maxConcurrentTeachers, JSON.stringify(plan.skipped)],
      );
      // Course lists travel as JSON: one statement for any number of teachers, no array-of-arrays quoting.
      await manager.query(
        `INSERT INTO ptp_gradebook.nightly_passback_teacher (plan_id, position, teacher_sis_id, course_sis_ids)
           SELECT $1, t.ordinality - 1, t.value->>'teacherSisId', ARRAY(SELECT jsonb_array_elements_text(t.value->'courseSisIds'))
             FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t`,
        [plan.planId, JSON.stringify(teachers)],
      );
      await manager.query(`DELETE FROM ptp_gradebook.nightly_passback_plan WHERE created_at < now() - make_interval(days => $1)`, [
        KEEP_DAYS,
      ]);
    });
  }

  async teachers(planId: string, offset: number, limit: number): Promise<NightlyPassbackTeacher[]> {
    const rows: Array<{ teacher_sis_id: string; course_sis_ids: string[] }> = await this.dataSource.query(
      'SELECT teacher_sis_id, course_sis_ids FROM ptp_gradebook.nightly_passback_teacher WHERE plan_id = $1 ORDER BY position OFFSET $2 LIMIT $3',
      [planId, offset, limit],
    );
    return rows.map((row) => ({ teacherSisId: row.teacher_sis_id, courseSisIds: row.course_sis_ids }));
  }
}
