import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For intra-day sync's latency: when PowerSchool published each event (its SIF_Timestamp, when it
 * carries a UTC offset) and when Canvas took it in (the intra-day or nightly import that sent it).
 * The partial index finds the events a district still has to send without reading the others.
 */
export class SifEventPublicationTimes1766000000000 implements MigrationInterface {
  name = 'SifEventPublicationTimes1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sif_ingest.sif_event ADD COLUMN published_at timestamptz, ADD COLUMN imported_at timestamptz`);
    await queryRunner.query(`CREATE INDEX sif_event_not_imported ON sif_ingest.sif_event (district_id, seq) WHERE imported_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sif_ingest.sif_event_not_imported`);
    await queryRunner.query(`ALTER TABLE sif_ingest.sif_event DROP COLUMN published_at, DROP COLUMN imported_at`);
  }
}
