import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent's own bookkeeping, in `sif_ingest`:
 * - `ingest_run`: one per nightly run or event application; its id is also its snapshot's id.
 * - `sif_request` / `sif_packet`: each SIF_Request sent and each response packet stored, so a
 *   resumed activity knows which requests are complete, partial or failed.
 * - `sif_object`: the raw objects of a run (as records, JSON text), kept for the newest runs.
 * - `sif_event`: SIF_Events as received, applied in `seq` order.
 * - `rejected_object`: every object set aside, with what is wrong with it, for operators.
 */
export class CreateSifIngestTables1764547200000 implements MigrationInterface {
  name = 'CreateSifIngestTables1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sif_ingest.ingest_run (
        id uuid PRIMARY KEY,
        district_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('full', 'events')),
        school_year integer NOT NULL,
        as_of date NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
        phase text NOT NULL,
        base_run_id uuid,
        previous_snapshot_id uuid,
        event_seq_from bigint NOT NULL,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        rejected integer NOT NULL DEFAULT 0,
        events_applied integer NOT NULL DEFAULT 0,
        failure_type text,
        failure_reason text,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ingest_run_by_district ON sif_ingest.ingest_run (district_id, school_year, completed_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE sif_ingest.sif_request (
        msg_id text PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES sif_ingest.ingest_run (id) ON DELETE CASCADE,
        object_name text NOT NULL,
        attempt integer NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'complete', 'failed', 'superseded')),
        last_packet integer,
        packets_received integer NOT NULL DEFAULT 0,
        objects_received integer NOT NULL DEFAULT 0,
        error_category integer,
        error_code integer,
        error_description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        progress_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX sif_request_by_run ON sif_ingest.sif_request (run_id, object_name)`);
    await queryRunner.query(`
      CREATE TABLE sif_ingest.sif_packet (
        request_msg_id text NOT NULL REFERENCES sif_ingest.sif_request (msg_id) ON DELETE CASCADE,
        packet_number integer NOT NULL,
        response_msg_id text NOT NULL,
        more_packets boolean NOT NULL,
        objects integer NOT NULL,
        rejected integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_msg_id, packet_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE sif_ingest.sif_object (
        run_id uuid NOT NULL REFERENCES sif_ingest.ingest_run (id) ON DELETE CASCADE,
        object_name text NOT NULL,
        ref_id text COLLATE "C" NOT NULL,
        request_msg_id text,
        packet_number integer NOT NULL DEFAULT 0,
        position integer NOT NULL DEFAULT 0,
        data text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX sif_object_by_ref ON sif_ingest.sif_object (run_id, object_name, ref_id, packet_number, position)`,
    );
    await queryRunner.query(
      `CREATE INDEX sif_object_by_request ON sif_ingest.sif_object (request_msg_id) WHERE request_msg_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE sif_ingest.sif_event (
        seq bigserial PRIMARY KEY,
        district_id text NOT NULL,
        msg_id text NOT NULL,
        position integer NOT NULL,
        object_name text NOT NULL,
        action text NOT NULL,
        ref_id text,
        data text,
        problem text,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (district_id, msg_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE sif_ingest.rejected_object (
        id bigserial PRIMARY KEY,
        district_id text NOT NULL,
        run_id uuid REFERENCES sif_ingest.ingest_run (id) ON DELETE CASCADE,
        stage text NOT NULL CHECK (stage IN ('receive', 'build')),
        object_name text NOT NULL,
        ref_id text,
        problem text NOT NULL,
        request_msg_id text,
        packet_number integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX rejected_object_by_run ON sif_ingest.rejected_object (run_id, stage)`);
    await queryRunner.query(
      `CREATE INDEX rejected_object_by_request ON sif_ingest.rejected_object (request_msg_id) WHERE request_msg_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rejected_object', 'sif_event', 'sif_object', 'sif_packet', 'sif_request', 'ingest_run']) {
      await queryRunner.query(`DROP TABLE sif_ingest.${table}`);
    }
  }
}
