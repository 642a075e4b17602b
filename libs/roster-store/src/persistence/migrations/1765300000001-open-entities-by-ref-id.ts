import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The district's newest version by RefId: what an incremental build reads to know which entity
 * an object made before it changed (every entity but teachers' enrollments carries its RefId).
 */
export class OpenEntitiesByRefId1765300000001 implements MigrationInterface {
  name = 'OpenEntitiesByRefId1765300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX entity_version_open_by_ref ON roster.entity_version (district_id, kind, (data ->> 'refId')) WHERE valid_to IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX roster.entity_version_open_by_ref`);
  }
}
