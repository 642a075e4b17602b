import type { DataSource } from 'typeorm';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import type { RosterUser } from '@sisbridge/roster';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { RosterSnapshots } from '../../roster-snapshots';
import { ROSTER_STORE_MIGRATIONS } from '../roster-store-migrations';
import { CreateRosterSchema1764460800000 } from './1764460800000-create-roster-schema';
import { IdentityMapWithoutEnrollments1765100000001 } from './1765100000001-identity-map-without-enrollments';

const user = (n: number, lastName: string): RosterUser => ({
  kind: 'user',
  sisId: `S${n}`,
  refId: `R${n}`,
  personType: 'student',
  localId: String(n),
  firstName: 'A',
  lastName,
  schoolSisIds: ['SCH1'],
});

/** A database with snapshots stored whole, migrated to versions: every complete snapshot reads as it did. */
describe('migration to versioned snapshots (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('roster_versioned_migration');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps the content of every complete snapshot, drops what others held, and keeps the identity map', async () => {
    const before = createServiceDataSource({
      url: database.url,
      schema: 'sif_ingest',
      entities: [],
      migrations: [CreateRosterSchema1764460800000, IdentityMapWithoutEnrollments1765100000001],
      applicationName: 'test',
    });
    await runMigrations(before);
    await before.initialize();
    const snapshots: Array<[string, string, RosterUser[]]> = [
      ['00000000-0000-0000-0000-000000000001', 'complete', [user(1, 'x'), user(2, 'y')]],
      ['00000000-0000-0000-0000-000000000002', 'complete', [user(1, 'x'), user(2, 'z'), user(3, 'w')]],
      ['00000000-0000-0000-0000-000000000003', 'failed', [user(9, 'broken')]],
      ['00000000-0000-0000-0000-000000000004', 'complete', [user(1, 'x'), user(3, 'w')]],
    ];
    for (const [index, [id, status, users]] of snapshots.entries()) {
      await before.query(
        `INSERT INTO roster.snapshot (id, district_id, school_year, status, created_at) VALUES ($1, 'old', 2026, $2, now() + make_interval(secs => $3))`,
        [id, status, index],
      );
      for (const u of users)
        await before.query(`INSERT INTO roster.entity (snapshot_id, kind, sis_id, data) VALUES ($1, 'user', $2, $3)`, [
          id,
          u.sisId,
          JSON.stringify(u),
        ]);
    }
    await before.query(
      `INSERT INTO roster.identity (district_id, kind, ref_id, sis_id, person_type, first_seen_snapshot_id, last_seen_snapshot_id)
       VALUES ('old', 'user', 'R1', 'S1', 'student', $1, $2), ('old', 'user', 'R2', 'S2', 'student', $1, $3)`,
      [snapshots[0]?.[0], snapshots[3]?.[0], snapshots[1]?.[0]],
    );
    await before.destroy();

    dataSource = createServiceDataSource({
      url: database.url,
      schema: 'sif_ingest',
      entities: [],
      migrations: ROSTER_STORE_MIGRATIONS,
      applicationName: 'test',
    });
    await runMigrations(dataSource);
    await dataSource.initialize();
    const store = new RosterSnapshots(dataSource);
    for (const [id, status, users] of snapshots) {
      const read: RosterUser[] = [];
      for await (const u of store.stream(id, 'user')) read.push(u);
      if (status === 'complete') expect(read).toEqual(users);
    }
    // Rows equal over consecutive complete versions are one row: S1 x (1 row), S2 y, S2 z, S3 w (1 row).
    const rows: Array<{ sis_id: string; valid_from: string; valid_to: string | null }> = await dataSource.query(
      `SELECT sis_id, valid_from, valid_to FROM roster.entity_version WHERE district_id = 'old' ORDER BY sis_id, valid_from`,
    );
    expect(rows).toEqual([
      { sis_id: 'S1', valid_from: '1', valid_to: null },
      { sis_id: 'S2', valid_from: '1', valid_to: '2' },
      { sis_id: 'S2', valid_from: '2', valid_to: '4' },
      { sis_id: 'S3', valid_from: '2', valid_to: null },
    ]);
    const identity: Array<{ ref_id: string; last: string }> = await dataSource.query(
      `SELECT ref_id, last_seen_snapshot_id AS last FROM roster.identity WHERE district_id = 'old' ORDER BY ref_id`,
    );
    expect(identity).toEqual([
      { ref_id: 'R1', last: snapshots[3]?.[0] },
      { ref_id: 'R2', last: snapshots[1]?.[0] },
    ]);
    // The next version is written as changes from the newest complete one.
    const next = '00000000-0000-0000-0000-000000000005';
    await store.begin({ id: next, districtId: 'old', schoolYear: 2026 });
    const writes = await store.writeVersion(
      next,
      (async function* () {
        yield [user(1, 'x'), user(3, 'w')];
      })(),
    );
    // The migrated rows carry Postgres's hash of their jsonb: written again once, then never.
    expect(writes.counts.user).toBe(2);
  });
});
