import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What canvas-provisioner remembers: its runs, the SIS Import files it built (kept, so a dry run
 * can be shown and any upload inspected), the imports it created in Canvas with every warning
 * and error row, and which snapshot Canvas last took in (the base of the next diff).
 */
export class CreateProvisioningTables1764547200000 implements MigrationInterface {
  name = 'CreateProvisioningTables1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.provision_run (
        run_id uuid PRIMARY KEY,
        district_id text NOT NULL,
        workflow_id text NOT NULL,
        trigger text NOT NULL,
        dry_run boolean NOT NULL,
        outcome text NOT NULL,
        reason text,
        snapshot_id uuid,
        diff_id uuid,
        build_id uuid,
        finished_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX provision_run_recent ON canvas_provisioner.provision_run (district_id, finished_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.sis_import_build (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL UNIQUE,
        district_id text NOT NULL,
        diff_id uuid NOT NULL,
        file_name text NOT NULL,
        zip bytea NOT NULL,
        counts jsonb NOT NULL,
        total_rows integer NOT NULL,
        changes integer NOT NULL,
        dry_run boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.build_problem (
        build_id uuid NOT NULL REFERENCES canvas_provisioner.sis_import_build (id) ON DELETE CASCADE,
        kind text NOT NULL,
        sis_id text NOT NULL,
        problem text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX build_problem_by_build ON canvas_provisioner.build_problem (build_id)`);
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.sis_import (
        build_id uuid PRIMARY KEY REFERENCES canvas_provisioner.sis_import_build (id),
        run_id uuid NOT NULL,
        district_id text NOT NULL,
        canvas_import_id bigint UNIQUE,
        state text NOT NULL,
        counts jsonb,
        warnings integer NOT NULL DEFAULT 0,
        errors integer NOT NULL DEFAULT 0,
        upload_started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        restore_progress_id bigint,
        restore_state text
      )`);
    await queryRunner.query(`CREATE INDEX sis_import_by_run ON canvas_provisioner.sis_import (run_id)`);
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.sis_import_message (
        canvas_import_id bigint NOT NULL,
        severity text NOT NULL CHECK (severity IN ('warning', 'error')),
        file text,
        row_number integer,
        message text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX sis_import_message_by_import ON canvas_provisioner.sis_import_message (canvas_import_id)`);
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.applied_snapshot (
        district_id text NOT NULL,
        school_year integer NOT NULL,
        snapshot_id uuid NOT NULL,
        diff_id uuid NOT NULL,
        run_id uuid NOT NULL UNIQUE,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX applied_snapshot_latest ON canvas_provisioner.applied_snapshot (district_id, school_year, applied_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['applied_snapshot', 'sis_import_message', 'sis_import', 'build_problem', 'sis_import_build', 'provision_run']) {
      await queryRunner.query(`DROP TABLE canvas_provisioner.${table}`);
    }
  }
}
