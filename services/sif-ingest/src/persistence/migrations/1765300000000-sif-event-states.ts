import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SIF_Events get a state: `received` (stored, not yet looked at), `waiting` (it names an object
 * not known yet; `reason` says which), `applied`, `rejected` (`reason` says why), `superseded`
 * (a nightly pull later than the event settled it). `settled_run_id` is the run that applied,
 * rejected or superseded it. Events already reflected in a complete run are `applied`.
 *
 * `applied_object`: the objects an events run changed, as they were before it: what the run
 * rebuilds, found again by a resumed run after the objects themselves were committed.
 */
export class SifEventStates1765300000000 implements MigrationInterface {
  name = 'SifEventStates1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE sif_ingest.sif_event
        ADD COLUMN state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'waiting', 'applied', 'rejected', 'superseded')),
        ADD COLUMN reason text,
        ADD COLUMN settled_run_id uuid,
        ADD COLUMN settled_at timestamptz`);
    await queryRunner.query(`
      UPDATE sif_ingest.sif_event e SET state = 'applied', settled_at = now()
        FROM (SELECT district_id, max(event_seq_from) AS seq FROM sif_ingest.ingest_run WHERE status = 'complete' GROUP BY district_id) r
       WHERE e.district_id = r.district_id AND e.seq < r.seq`);
    await queryRunner.query(
      `CREATE INDEX sif_event_unsettled ON sif_ingest.sif_event (district_id, seq) WHERE state IN ('received', 'waiting')`,
    );
    await queryRunner.query(
      `CREATE INDEX sif_event_settled ON sif_ingest.sif_event (district_id, settled_at) WHERE settled_at IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX sif_event_by_run ON sif_ingest.sif_event (settled_run_id) WHERE settled_run_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE sif_ingest.applied_object (
        run_id uuid NOT NULL REFERENCES sif_ingest.ingest_run (id) ON DELETE CASCADE,
        object_name text NOT NULL,
        ref_id text COLLATE "C" NOT NULL,
        before text,
        PRIMARY KEY (run_id, object_name, ref_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sif_ingest.applied_object`);
    await queryRunner.query(`DROP INDEX sif_ingest.sif_event_by_run`);
    await queryRunner.query(`DROP INDEX sif_ingest.sif_event_settled`);
    await queryRunner.query(`DROP INDEX sif_ingest.sif_event_unsettled`);
    await queryRunner.query(
      `ALTER TABLE sif_ingest.sif_event DROP COLUMN settled_at, DROP COLUMN settled_run_id, DROP COLUMN reason, DROP COLUMN state`,
    );
  }
}
