import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What grade passback keeps. Per run: the report (each assignment's validation), the plan (each
 * Canvas assignment in each PTP section, with what happened to it) and every score's outcome, keyed
 * by DCIDs. Across runs: the link from a Canvas assignment to its PTP assignment and assignment
 * section, and the score ledger (what PTP has from us, and what it had before a run overwrote it).
 */
export class CreatePassbackTables1764800000000 implements MigrationInterface {
  name = 'CreatePassbackTables1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.passback_run (
        run_id text PRIMARY KEY,
        workflow_id text NOT NULL,
        district_id text NOT NULL,
        teacher_sis_id text NOT NULL,
        course_sis_id text,
        trigger text NOT NULL,
        users_dcid bigint,
        year_id integer,
        snapshot_id uuid,
        report jsonb,
        outcome text CHECK (outcome IN ('completed', 'completed-with-errors', 'failed')),
        reason text,
        compensation jsonb,
        failing_since timestamptz,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX passback_run_by_teacher ON ptp_gradebook.passback_run (district_id, teacher_sis_id, started_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.passback_assignment (
        run_id text NOT NULL REFERENCES ptp_gradebook.passback_run (run_id) ON DELETE CASCADE,
        canvas_assignment_id bigint NOT NULL,
        canvas_course_id bigint NOT NULL,
        position integer NOT NULL,
        validation jsonb NOT NULL,
        roster_section_sis_ids text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (run_id, canvas_assignment_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.passback_section (
        run_id text NOT NULL REFERENCES ptp_gradebook.passback_run (run_id) ON DELETE CASCADE,
        canvas_assignment_id bigint NOT NULL,
        sections_dcid bigint NOT NULL,
        section_sis_id text NOT NULL,
        canvas_course_id bigint NOT NULL,
        definition jsonb NOT NULL,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'created', 'updated', 'unchanged', 'failed')),
        ptp_assignment_id bigint,
        assignment_section_id bigint,
        prior_assignment jsonb,
        prior_fingerprint text,
        reason text,
        PRIMARY KEY (run_id, canvas_assignment_id, sections_dcid)
      )`);
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.passback_score (
        run_id text NOT NULL REFERENCES ptp_gradebook.passback_run (run_id) ON DELETE CASCADE,
        canvas_assignment_id bigint NOT NULL,
        sections_dcid bigint NOT NULL,
        student_dcid bigint NOT NULL,
        entered text,
        exempt boolean NOT NULL,
        late boolean NOT NULL,
        missing boolean NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'written', 'unchanged', 'failed')),
        reason text,
        PRIMARY KEY (run_id, canvas_assignment_id, sections_dcid, student_dcid)
      )`);
    await queryRunner.query(
      `CREATE INDEX passback_score_pending ON ptp_gradebook.passback_score (run_id, canvas_assignment_id, sections_dcid, student_dcid) WHERE status = 'pending'`,
    );
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.passback_unmatched_score (
        run_id text NOT NULL REFERENCES ptp_gradebook.passback_run (run_id) ON DELETE CASCADE,
        canvas_assignment_id bigint NOT NULL,
        canvas_user_id bigint NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (run_id, canvas_assignment_id, canvas_user_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.assignment_link (
        district_id text NOT NULL,
        canvas_assignment_id bigint NOT NULL,
        sections_dcid bigint NOT NULL,
        users_dcid bigint NOT NULL,
        state text NOT NULL CHECK (state IN ('creating', 'linked')),
        ptp_assignment_id bigint,
        assignment_section_id bigint,
        fingerprint text,
        created_by_run_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, canvas_assignment_id, sections_dcid)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX assignment_link_by_ptp ON ptp_gradebook.assignment_link (district_id, assignment_section_id) WHERE assignment_section_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX assignment_link_by_creator ON ptp_gradebook.assignment_link (created_by_run_id)`);
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.score_ledger (
        district_id text NOT NULL,
        assignment_section_id bigint NOT NULL,
        student_dcid bigint NOT NULL,
        sent jsonb,
        assignment_score_id bigint,
        sent_by_run_id text,
        sent_at timestamptz,
        prior_run_id text,
        prior jsonb,
        prior_sent jsonb,
        PRIMARY KEY (district_id, assignment_section_id, student_dcid)
      )`);
    await queryRunner.query(
      `CREATE INDEX score_ledger_by_prior_run ON ptp_gradebook.score_ledger (prior_run_id) WHERE prior_run_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'score_ledger',
      'assignment_link',
      'passback_unmatched_score',
      'passback_score',
      'passback_section',
      'passback_assignment',
      'passback_run',
    ]) {
      await queryRunner.query(`DROP TABLE ptp_gradebook.${table}`);
    }
  }
}
