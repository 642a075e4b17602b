import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A night's passback plan: each teacher with their `nightly_sync` courses, in a stable order, so
 * the nightly workflow reads it a page at a time instead of carrying it through its history.
 */
export class CreateNightlyPassbackPlan1765000000002 implements MigrationInterface {
  name = 'CreateNightlyPassbackPlan1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.nightly_passback_plan (
        plan_id text PRIMARY KEY,
        district_id text NOT NULL,
        teachers integer NOT NULL,
        courses integer NOT NULL,
        max_concurrent_teachers integer NOT NULL,
        skipped jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.nightly_passback_teacher (
        plan_id text NOT NULL REFERENCES ptp_gradebook.nightly_passback_plan (plan_id) ON DELETE CASCADE,
        position integer NOT NULL,
        teacher_sis_id text NOT NULL,
        course_sis_ids text[] NOT NULL,
        PRIMARY KEY (plan_id, position)
      )`);
    await queryRunner.query(`CREATE INDEX nightly_passback_plan_age ON ptp_gradebook.nightly_passback_plan (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ptp_gradebook.nightly_passback_teacher`);
    await queryRunner.query(`DROP TABLE ptp_gradebook.nightly_passback_plan`);
  }
}
