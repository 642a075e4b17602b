import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The next free request slot of each district's PowerSchool plugin. PowerSchool enforces its
 * minimum interval between a plugin's requests across every caller, so every ptp-gradebook replica
 * takes its turns from this one row per district (PostgresStartSpacing) instead of spacing only its
 * own requests. `next_at` is on the database's clock, so the replicas' clocks do not matter.
 */
export class CreatePtpRequestSlot1796700000000 implements MigrationInterface {
  name = 'CreatePtpRequestSlot1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.ptp_request_slot (
        district_id text PRIMARY KEY,
        next_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ptp_gradebook.ptp_request_slot');
  }
}
