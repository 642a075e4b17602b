import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The published roster schema (see ROSTER_SCHEMA). Entities are stored as JSON per snapshot,
 * keyed by (snapshot, kind, sis id) with the "C" collation, so a snapshot streams back in the
 * order the diff engine merges in. sif-ingest runs this migration; it is the only writer.
 */
export class CreateRosterSchema1764460800000 implements MigrationInterface {
  name = 'CreateRosterSchema1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS roster`);
    await queryRunner.query(`
      CREATE TABLE roster.snapshot (
        id uuid PRIMARY KEY,
        district_id text NOT NULL,
        school_year integer NOT NULL,
        ingest_run_id uuid,
        status text NOT NULL CHECK (status IN ('building', 'complete', 'failed')),
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX snapshot_latest_complete ON roster.snapshot (district_id, school_year, completed_at DESC) WHERE status = 'complete'`,
    );
    await queryRunner.query(`
      CREATE TABLE roster.entity (
        snapshot_id uuid NOT NULL REFERENCES roster.snapshot (id) ON DELETE CASCADE,
        kind text NOT NULL,
        sis_id text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (snapshot_id, kind, sis_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE roster.identity (
        district_id text NOT NULL,
        kind text NOT NULL,
        ref_id text NOT NULL,
        dcid bigint,
        sis_id text COLLATE "C" NOT NULL,
        person_type text,
        first_seen_snapshot_id uuid NOT NULL,
        last_seen_snapshot_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, kind, ref_id)
      )`);
    await queryRunner.query(`CREATE INDEX identity_by_sis_id ON roster.identity (district_id, kind, sis_id)`);
    await queryRunner.query(`CREATE INDEX identity_by_dcid ON roster.identity (district_id, kind, dcid)`);
    await queryRunner.query(`
      CREATE TABLE roster.diff (
        id uuid PRIMARY KEY,
        district_id text NOT NULL,
        from_snapshot_id uuid REFERENCES roster.snapshot (id) ON DELETE CASCADE,
        to_snapshot_id uuid NOT NULL REFERENCES roster.snapshot (id) ON DELETE CASCADE,
        counts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE NULLS NOT DISTINCT (district_id, from_snapshot_id, to_snapshot_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE roster.diff_change (
        diff_id uuid NOT NULL REFERENCES roster.diff (id) ON DELETE CASCADE,
        kind text NOT NULL,
        sis_id text COLLATE "C" NOT NULL,
        op text NOT NULL CHECK (op IN ('add', 'change', 'remove')),
        fields text[] NOT NULL DEFAULT '{}',
        before jsonb,
        after jsonb,
        PRIMARY KEY (diff_id, kind, sis_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA roster CASCADE`);
  }
}
