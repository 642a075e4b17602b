import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Canvas import ids are not unique forever, even within a district: a Canvas test instance is
 * refreshed from production, a district moves to a new instance, a simulator restarts. An import
 * is this run's import (one build, one import per run), so it is keyed by run, and so are its
 * messages; the import id is kept for operators, indexed but not unique.
 */
export class SisImportsKeyedByRun1764806400000 implements MigrationInterface {
  name = 'SisImportsKeyedByRun1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import DROP CONSTRAINT sis_import_district_canvas_import_id_key`);
    await queryRunner.query(`CREATE INDEX sis_import_by_canvas_id ON canvas_provisioner.sis_import (district_id, canvas_import_id)`);
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import_message ADD COLUMN run_id uuid`);
    await queryRunner.query(`
      UPDATE canvas_provisioner.sis_import_message m SET run_id = i.run_id
        FROM canvas_provisioner.sis_import i WHERE i.district_id = m.district_id AND i.canvas_import_id = m.canvas_import_id`);
    await queryRunner.query(`DELETE FROM canvas_provisioner.sis_import_message WHERE run_id IS NULL`);
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import_message ALTER COLUMN run_id SET NOT NULL`);
    await queryRunner.query(`DROP INDEX canvas_provisioner.sis_import_message_by_import`);
    await queryRunner.query(`CREATE INDEX sis_import_message_by_run ON canvas_provisioner.sis_import_message (run_id, canvas_import_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX canvas_provisioner.sis_import_message_by_run`);
    await queryRunner.query(
      `CREATE INDEX sis_import_message_by_import ON canvas_provisioner.sis_import_message (district_id, canvas_import_id)`,
    );
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import_message DROP COLUMN run_id`);
    await queryRunner.query(`DROP INDEX canvas_provisioner.sis_import_by_canvas_id`);
    await queryRunner.query(
      `ALTER TABLE canvas_provisioner.sis_import ADD CONSTRAINT sis_import_district_canvas_import_id_key UNIQUE (district_id, canvas_import_id)`,
    );
  }
}
