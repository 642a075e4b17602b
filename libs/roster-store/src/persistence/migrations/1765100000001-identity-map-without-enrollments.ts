import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity map keeps schools, terms, courses, sections and users, no longer enrollments
 * (see `RosterSnapshots.complete`): their rows go, so none is left behind with a stale
 * `last_seen_snapshot_id`. Free space on each page (fillfactor 60) lets the nightly update of
 * `last_seen_snapshot_id` and `updated_at`, columns no index holds, be a HOT update.
 */
export class IdentityMapWithoutEnrollments1765100000001 implements MigrationInterface {
  name = 'IdentityMapWithoutEnrollments1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM roster.identity WHERE kind = 'enrollment'`);
    await queryRunner.query(`ALTER TABLE roster.identity SET (fillfactor = 60)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The enrollment rows come back with the next snapshot completed by the earlier code.
    await queryRunner.query(`ALTER TABLE roster.identity RESET (fillfactor)`);
  }
}
