import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots stored as changes (see docs/architecture.md § roster store). Each district's
 * snapshots get a monotonic `version`; an entity is stored once per stretch of versions in which
 * it stays the same, in `roster.entity_version` (`valid_from` inclusive, `valid_to` exclusive,
 * NULL while current), so a night that changes nothing writes no entity row, and the diff
 * between two versions is the rows that start or end between them.
 *
 * `roster.entity` becomes a view with the columns it had (`snapshot_id, kind, sis_id, data`),
 * so every reader of the published schema keeps working. `roster.identity` becomes a view over
 * `roster.identity_map` in the same way: an entity still in the district's newest snapshot is
 * "last seen" there without its row being rewritten every night.
 *
 * Existing snapshots move over: each complete one keeps its content (rows equal across
 * consecutive complete versions become one row); rows of snapshots not complete are dropped
 * (a snapshot still building starts again, a failed one never had readers).
 */
export class VersionedRoster1765200000000 implements MigrationInterface {
  name = 'VersionedRoster1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE roster.snapshot ADD COLUMN version bigint`);
    await queryRunner.query(`
      UPDATE roster.snapshot s SET version = n.version
        FROM (SELECT id, row_number() OVER (PARTITION BY district_id ORDER BY created_at, id) AS version FROM roster.snapshot) n
       WHERE n.id = s.id`);
    await queryRunner.query(`ALTER TABLE roster.snapshot ALTER COLUMN version SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX snapshot_version ON roster.snapshot (district_id, version)`);
    await queryRunner.query(`
      CREATE TABLE roster.entity_version (
        district_id text NOT NULL,
        kind text NOT NULL,
        sis_id text COLLATE "C" NOT NULL,
        valid_from bigint NOT NULL,
        valid_to bigint,
        content_hash text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (district_id, kind, sis_id, valid_from)
      )`);
    // The rows that start or end in a window of versions: the diff, undoing a failed version, retention.
    await queryRunner.query(`CREATE INDEX entity_version_from ON roster.entity_version (district_id, kind, valid_from)`);
    await queryRunner.query(
      `CREATE INDEX entity_version_to ON roster.entity_version (district_id, kind, valid_to) WHERE valid_to IS NOT NULL`,
    );
    // The newest version of a district, read whole by each nightly write (keys and hashes only: an index-only scan).
    await queryRunner.query(
      `CREATE INDEX entity_version_open ON roster.entity_version (district_id, kind, sis_id) INCLUDE (content_hash) WHERE valid_to IS NULL`,
    );
    // Gaps and islands: per entity, runs of consecutive complete versions with the same content.
    await queryRunner.query(`
      WITH complete AS (
        SELECT id, district_id, version, row_number() OVER (PARTITION BY district_id ORDER BY version) AS n,
               lead(version) OVER (PARTITION BY district_id ORDER BY version) AS next_version
          FROM roster.snapshot WHERE status = 'complete'
      ), rows AS (
        SELECT c.district_id, e.kind, e.sis_id, e.data, c.version, c.n, c.next_version,
               c.n - row_number() OVER (PARTITION BY c.district_id, e.kind, e.sis_id, e.data ORDER BY c.n) AS island
          FROM roster.entity e JOIN complete c ON c.id = e.snapshot_id
      )
      INSERT INTO roster.entity_version (district_id, kind, sis_id, valid_from, valid_to, content_hash, data)
      SELECT district_id, kind, sis_id, min(version), (array_agg(next_version ORDER BY n DESC))[1], md5(data::text), data
        FROM rows GROUP BY district_id, kind, sis_id, data, island`);
    await queryRunner.query(`DROP TABLE roster.entity`);
    await queryRunner.query(`
      CREATE VIEW roster.entity AS
      SELECT s.id AS snapshot_id, e.kind, e.sis_id, e.data
        FROM roster.snapshot s
        JOIN roster.entity_version e ON e.district_id = s.district_id AND e.valid_from <= s.version AND (e.valid_to IS NULL OR e.valid_to > s.version)`);

    await queryRunner.query(`ALTER TABLE roster.identity RENAME TO identity_map`);
    await queryRunner.query(`ALTER TABLE roster.identity_map ADD COLUMN present boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`
      UPDATE roster.identity_map m SET present = (m.last_seen_snapshot_id = latest.id)
        FROM (SELECT DISTINCT ON (district_id) district_id, id FROM roster.snapshot WHERE status = 'complete' ORDER BY district_id, version DESC) latest
       WHERE latest.district_id = m.district_id`);
    await queryRunner.query(`
      CREATE VIEW roster.identity AS
      SELECT m.district_id, m.kind, m.ref_id, m.dcid, m.sis_id, m.person_type, m.first_seen_snapshot_id,
             CASE WHEN m.present
                  THEN coalesce((SELECT s.id FROM roster.snapshot s WHERE s.district_id = m.district_id AND s.status = 'complete'
                                  ORDER BY s.version DESC LIMIT 1), m.last_seen_snapshot_id)
                  ELSE m.last_seen_snapshot_id END AS last_seen_snapshot_id,
             m.updated_at
        FROM roster.identity_map m`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW roster.identity`);
    await queryRunner.query(`ALTER TABLE roster.identity_map DROP COLUMN present`);
    await queryRunner.query(`ALTER TABLE roster.identity_map RENAME TO identity`);
    await queryRunner.query(`DROP VIEW roster.entity`);
    await queryRunner.query(`
      CREATE TABLE roster.entity (
        snapshot_id uuid NOT NULL REFERENCES roster.snapshot (id) ON DELETE CASCADE,
        kind text NOT NULL,
        sis_id text COLLATE "C" NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (snapshot_id, kind, sis_id)
      )`);
    await queryRunner.query(`
      INSERT INTO roster.entity (snapshot_id, kind, sis_id, data)
      SELECT s.id, e.kind, e.sis_id, e.data FROM roster.snapshot s
        JOIN roster.entity_version e ON e.district_id = s.district_id AND e.valid_from <= s.version AND (e.valid_to IS NULL OR e.valid_to > s.version)
       WHERE s.status = 'complete'`);
    await queryRunner.query(`DROP TABLE roster.entity_version`);
    await queryRunner.query(`DROP INDEX roster.snapshot_version`);
    await queryRunner.query(`ALTER TABLE roster.snapshot DROP COLUMN version`);
  }
}
