import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../create-data-source';

/** Shared by every service: creates `wiring_check` in the schema of the running data source. */
export class CreateWiringCheck1764374400000 implements MigrationInterface {
  name = 'CreateWiringCheck1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection);
    await queryRunner.query(`
      CREATE TABLE "${schema}"."wiring_check" (
        "check_id" text PRIMARY KEY,
        "service" text NOT NULL,
        "times_recorded" integer NOT NULL DEFAULT 1,
        "recorded_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection);
    await queryRunner.query(`DROP TABLE "${schema}"."wiring_check"`);
  }
}
