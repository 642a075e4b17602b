import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nonces of LTI launches already accepted, so an id token is used once: a replayed launch
 * finds its nonce here and is refused. Rows are kept until the token would have expired anyway.
 */
export class CreateLtiUsedNonce1765000000001 implements MigrationInterface {
  name = 'CreateLtiUsedNonce1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.lti_used_nonce (
        district_id text NOT NULL,
        nonce text NOT NULL,
        used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (district_id, nonce)
      )`);
    await queryRunner.query(`CREATE INDEX lti_used_nonce_expiry ON ptp_gradebook.lti_used_nonce (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ptp_gradebook.lti_used_nonce`);
  }
}
