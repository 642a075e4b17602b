import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The LTI tool as a district's Canvas registered it by LTI Dynamic Registration: the client id
 * Canvas gave the tool and the deployment it made, per district (a district that names its
 * developer key in the districts file has no row).
 */
export class CreateLtiRegistration1796685000000 implements MigrationInterface {
  name = 'CreateLtiRegistration1796685000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ptp_gradebook.lti_registration (
        district_id text PRIMARY KEY,
        client_id text NOT NULL,
        deployment_ids text[] NOT NULL DEFAULT '{}',
        openid_configuration_url text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ptp_gradebook.lti_registration');
  }
}
