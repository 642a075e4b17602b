import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For intra-day sync's latency: when PowerSchool published each event (its SIF_Timestamp, when it
 * carries a UTC offset) and when Canvas took it in (the intra-day or nightly import that sent it).
 * Events settled before this migration went to Canvas with the run that settled them (or the
 * next import): they count as imported then, so that none looks pending for ever.
 */
export class SifEventPublicationTimes1766000000000 implements MigrationInterface {
  name = 'SifEventPublicationTimes1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sif_ingest.sif_event ADD COLUMN published_at timestamptz, ADD COLUMN imported_at timestamptz`);
    await queryRunner.query(`UPDATE sif_ingest.sif_event SET imported_at = settled_at WHERE state IN ('applied', 'superseded')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sif_ingest.sif_event DROP COLUMN published_at, DROP COLUMN imported_at`);
  }
}
