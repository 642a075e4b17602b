import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The link between a PowerTeacher Pro teacher category and the Canvas assignment group made for it,
 * per course: by id, so a rename on either side keeps it; with the category name last seen in PTP,
 * so a PTP rename (renames the group) is told apart from a Canvas rename (kept).
 */
export class CreateCategoryGroupLinks1764720000000 implements MigrationInterface {
  name = 'CreateCategoryGroupLinks1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE canvas_provisioner.category_group_link (
        district_id text NOT NULL,
        canvas_course_id bigint NOT NULL,
        teacher_category_id bigint NOT NULL,
        assignment_group_id bigint NOT NULL,
        teacher_sis_id text NOT NULL,
        ptp_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, canvas_course_id, teacher_category_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX category_group_link_by_teacher ON canvas_provisioner.category_group_link (district_id, teacher_sis_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE canvas_provisioner.category_group_link`);
  }
}
