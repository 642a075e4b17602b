import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A Canvas SIS import id is unique within one Canvas instance, not across districts: two
 * districts on two Canvas instances can both have import 4. Key imports and their messages by
 * (district, import id).
 */
export class CanvasImportIdsPerDistrict1764633600000 implements MigrationInterface {
  name = 'CanvasImportIdsPerDistrict1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import DROP CONSTRAINT sis_import_canvas_import_id_key`);
    await queryRunner.query(
      `ALTER TABLE canvas_provisioner.sis_import ADD CONSTRAINT sis_import_district_canvas_import_id_key UNIQUE (district_id, canvas_import_id)`,
    );
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import_message ADD COLUMN district_id text`);
    await queryRunner.query(`
      UPDATE canvas_provisioner.sis_import_message m SET district_id = i.district_id
        FROM canvas_provisioner.sis_import i WHERE i.canvas_import_id = m.canvas_import_id`);
    await queryRunner.query(`DELETE FROM canvas_provisioner.sis_import_message WHERE district_id IS NULL`);
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import_message ALTER COLUMN district_id SET NOT NULL`);
    await queryRunner.query(`DROP INDEX canvas_provisioner.sis_import_message_by_import`);
    await queryRunner.query(
      `CREATE INDEX sis_import_message_by_import ON canvas_provisioner.sis_import_message (district_id, canvas_import_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX canvas_provisioner.sis_import_message_by_import`);
    await queryRunner.query(`CREATE INDEX sis_import_message_by_import ON canvas_provisioner.sis_import_message (canvas_import_id)`);
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import_message DROP COLUMN district_id`);
    await queryRunner.query(`ALTER TABLE canvas_provisioner.sis_import DROP CONSTRAINT sis_import_district_canvas_import_id_key`);
    await queryRunner.query(
      `ALTER TABLE canvas_provisioner.sis_import ADD CONSTRAINT sis_import_canvas_import_id_key UNIQUE (canvas_import_id)`,
    );
  }
}
