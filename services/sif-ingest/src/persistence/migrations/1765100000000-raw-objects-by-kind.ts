import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sif_object` is written at the pace of the zone, a packet at a time, and read once per run,
 * a kind at a time. The index in RefId order made every stored object a random insert into a
 * B-tree larger than the buffer cache (two thirds of Postgres's time in COPY for a large
 * district); the snapshot builder now has each kind sorted when it reads it, and events look
 * up their objects in one pass. What remains is an index on (run, kind), whose equal keys
 * Postgres stores as posting lists: small, and appended to. The index on the request goes too:
 * a superseded request's objects are found by its run and kind.
 */
export class RawObjectsByKind1765100000000 implements MigrationInterface {
  name = 'RawObjectsByKind1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sif_ingest.sif_object_by_ref`);
    await queryRunner.query(`DROP INDEX sif_ingest.sif_object_by_request`);
    await queryRunner.query(`CREATE INDEX sif_object_by_kind ON sif_ingest.sif_object (run_id, object_name)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sif_ingest.sif_object_by_kind`);
    await queryRunner.query(
      `CREATE INDEX sif_object_by_ref ON sif_ingest.sif_object (run_id, object_name, ref_id, packet_number, position)`,
    );
    await queryRunner.query(
      `CREATE INDEX sif_object_by_request ON sif_ingest.sif_object (request_msg_id) WHERE request_msg_id IS NOT NULL`,
    );
  }
}
