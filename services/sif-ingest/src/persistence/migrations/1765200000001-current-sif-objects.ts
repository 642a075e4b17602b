import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sif_ingest.current_object`: every SIF object PowerSchool has told us of, per district, as it
 * stands now (the record as JSON text, its content hash, the RefIds it names). The nightly pull
 * writes only what changed by hash and deletes what the full pull no longer carries; SIF_Events
 * are merged into it; the builders read it. It replaces the per-run copies events used to make.
 *
 * `names` (the RefIds an object names: its school, course, person, section, terms, teachers;
 * `namedRefIds` computes it as objects are written) is indexed (GIN) so the objects that depend on
 * one that changed are found without a pass over the district; RefIds (GUIDs) are indexed too.
 *
 * Filled from each district's newest complete run's raw objects, so events keep working across
 * the upgrade (`names` from the same fields, by a function that lives for the migration only).
 */
export class CurrentSifObjects1765200000001 implements MigrationInterface {
  name = 'CurrentSifObjects1765200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION sif_ingest.migration_named_ref_ids(record jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT ref ORDER BY ref) FILTER (WHERE ref IS NOT NULL AND ref <> ''), '{}'::text[]) FROM (
          SELECT record ->> field AS ref
            FROM unnest(ARRAY['leaInfoRefId', 'schoolInfoRefId', 'schoolCourseInfoRefId', 'staffPersonalRefId', 'studentPersonalRefId', 'sectionInfoRefId']) AS field
          UNION ALL
          SELECT schedule ->> 'termInfoRefId' FROM jsonb_array_elements(coalesce(record -> 'scheduleInfo', '[]'::jsonb)) AS schedule
          UNION ALL
          SELECT teacher FROM jsonb_array_elements(coalesce(record -> 'scheduleInfo', '[]'::jsonb)) AS schedule,
                 jsonb_array_elements_text(coalesce(schedule -> 'teacherRefIds', '[]'::jsonb)) AS teacher
        ) refs
      $$`);
    await queryRunner.query(`
      CREATE TABLE sif_ingest.current_object (
        district_id text NOT NULL,
        object_name text NOT NULL,
        ref_id text COLLATE "C" NOT NULL,
        data text NOT NULL,
        content_hash text GENERATED ALWAYS AS (md5(data)) STORED,
        names text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, object_name, ref_id)
      )`);
    await queryRunner.query(`CREATE INDEX current_object_names ON sif_ingest.current_object USING gin (names)`);
    await queryRunner.query(`CREATE INDEX current_object_by_ref ON sif_ingest.current_object (ref_id)`);
    await queryRunner.query(`
      INSERT INTO sif_ingest.current_object (district_id, object_name, ref_id, data, names)
      SELECT DISTINCT ON (latest.district_id, o.object_name, o.ref_id) latest.district_id, o.object_name, o.ref_id, o.data,
             sif_ingest.migration_named_ref_ids(o.data::jsonb)
        FROM (SELECT DISTINCT ON (district_id) district_id, id FROM sif_ingest.ingest_run WHERE status = 'complete'
               ORDER BY district_id, completed_at DESC) latest
        JOIN sif_ingest.sif_object o ON o.run_id = latest.id
       ORDER BY latest.district_id, o.object_name, o.ref_id, o.packet_number, o.position`);
    await queryRunner.query(`DROP FUNCTION sif_ingest.migration_named_ref_ids(jsonb)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sif_ingest.current_object`);
  }
}
