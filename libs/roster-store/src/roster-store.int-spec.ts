import { randomUUID } from 'node:crypto';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import type { RosterChange, RosterEnrollment, RosterSchool, RosterUser } from '@sisbridge/roster';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import type { DataSource } from 'typeorm';
import { ROSTER_STORE_MIGRATIONS } from './persistence/roster-store-migrations';
import { RosterDiffs } from './roster-diffs';
import { RosterIdentities } from './roster-identities';
import { RosterSnapshots } from './roster-snapshots';

const school = (n: number, name = `School ${n}`): RosterSchool => ({
  kind: 'school',
  sisId: `SCH${n}`,
  refId: `R-SCH-${n}`,
  dcid: n,
  name,
});
const student = (n: number, extra: Partial<RosterUser> = {}): RosterUser => ({
  kind: 'user',
  sisId: `S${n}`,
  refId: `R-S-${n}`,
  dcid: 1000 + n,
  personType: 'student',
  localId: String(n),
  firstName: 'Zoë',
  lastName: 'O\'Brien, "Jr"',
  schoolSisIds: ['SCH1'],
  ...extra,
});
const enrollment = (section: string, user: string): RosterEnrollment => ({
  kind: 'enrollment',
  sisId: `${section}|${user}|student`,
  sectionSisId: section,
  userSisId: user,
  role: 'student',
});

describe('roster store (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let snapshots: RosterSnapshots;
  let diffs: RosterDiffs;

  beforeAll(async () => {
    database = await createTestDatabase('roster_store');
    dataSource = createServiceDataSource({
      url: database.url,
      schema: 'sif_ingest',
      entities: [],
      migrations: ROSTER_STORE_MIGRATIONS,
      applicationName: 'test',
    });
    await runMigrations(dataSource);
    await dataSource.initialize();
    snapshots = new RosterSnapshots(dataSource);
    diffs = new RosterDiffs(dataSource, snapshots);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function snapshotOf(entities: Array<RosterSchool | RosterUser | RosterEnrollment>): Promise<string> {
    const id = randomUUID();
    await snapshots.begin({ id, districtId: 'springfield', schoolYear: 2026 });
    await snapshots.write(id, entities);
    await snapshots.complete(id);
    return id;
  }

  async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of source) items.push(item);
    return items;
  }

  it('stores entities exactly (quotes, commas, non-ASCII, missing fields) and streams them back in sis id order', async () => {
    const id = await snapshotOf([student(3), school(1), student(10, { email: '' }), student(2, { email: undefined })]);
    expect(await snapshots.get(id)).toMatchObject({ status: 'complete', counts: { school: 1, user: 3, enrollment: 0 } });
    const users = await all(snapshots.stream(id, 'user'));
    expect(users.map((u) => u.sisId)).toEqual(['S10', 'S2', 'S3']);
    expect(users[0]).toEqual(student(10, { email: '' }));
    expect(users[1]).toEqual(student(2));
    expect(users[1]).not.toHaveProperty('email');
  });

  it('restarts a snapshot still being built, and leaves a complete one alone', async () => {
    const id = randomUUID();
    await snapshots.begin({ id, districtId: 'springfield', schoolYear: 2026 });
    await snapshots.write(id, [student(1), student(2)]);
    await snapshots.begin({ id, districtId: 'springfield', schoolYear: 2026 });
    await snapshots.write(id, [student(1)]);
    expect((await snapshots.complete(id)).counts.user).toBe(1);
    await snapshots.begin({ id, districtId: 'springfield', schoolYear: 2026 });
    expect((await all(snapshots.stream(id, 'user'))).length).toBe(1);
  });

  it('diffs two snapshots kind by kind, stores the changes, and returns the same diff when asked again', async () => {
    const before = await snapshotOf([school(1), student(1), student(2), enrollment('SEC1', 'S1'), enrollment('SEC1', 'S2')]);
    const after = await snapshotOf([school(1, 'Renamed'), student(1), student(3), enrollment('SEC1', 'S1'), enrollment('SEC1', 'S3')]);
    const { diff, created } = await diffs.compute('springfield', before, after);
    expect(created).toBe(true);
    expect(diff.counts.school).toEqual({ add: 0, change: 1, remove: 0, before: 1, after: 1 });
    expect(diff.counts.user).toEqual({ add: 1, change: 0, remove: 1, before: 2, after: 2 });
    expect(diff.counts.enrollment).toEqual({ add: 1, change: 0, remove: 1, before: 2, after: 2 });

    const schoolChanges: RosterChange[] = await all(diffs.changes(diff.id, 'school'));
    expect(schoolChanges).toEqual([
      { op: 'change', kind: 'school', sisId: 'SCH1', fields: ['name'], before: school(1), after: school(1, 'Renamed') },
    ]);
    expect((await all(diffs.changes(diff.id, 'user'))).map((c) => [c.op, c.sisId])).toEqual([
      ['remove', 'S2'],
      ['add', 'S3'],
    ]);

    const again = await diffs.compute('springfield', before, after);
    expect(again).toEqual({ diff, created: false });
  });

  it('diffs a first run as all adds', async () => {
    const first = await snapshotOf([school(7), student(70)]);
    const { diff } = await diffs.compute('shelbyville', undefined, first);
    expect(diff.fromSnapshotId).toBeUndefined();
    expect(diff.counts.user).toEqual({ add: 1, change: 0, remove: 0, before: 0, after: 1 });
  });

  it('keeps the RefId ⇄ DCID ⇄ SIS id map across snapshots (schools, terms, courses, sections and users; not enrollments)', async () => {
    const first = await snapshotOf([student(500, { dcid: 9500 }), { ...enrollment('SEC1', 'S500'), refId: 'R-E-1' }]);
    const identities = new RosterIdentities(dataSource);
    const found = await identities.bySisIds('springfield', 'user', ['S500', 'S999']);
    expect([...found.values()]).toEqual([{ kind: 'user', refId: 'R-S-500', dcid: 9500, sisId: 'S500', personType: 'student' }]);
    expect(await identities.byDcid('springfield', 'user', 9500)).toMatchObject({ sisId: 'S500' });
    expect(await identities.byRefId('springfield', 'user', 'R-S-500')).toMatchObject({ dcid: 9500 });
    expect(await identities.byRefId('springfield', 'enrollment', 'R-E-1')).toBeUndefined();
    const seen = async () =>
      (await dataSource.query(
        `SELECT last_seen_snapshot_id AS id FROM roster.identity WHERE district_id = 'springfield' AND ref_id = 'R-S-500'`,
      )) as Array<{ id: string }>;
    expect(await seen()).toEqual([{ id: first }]);
    const second = await snapshotOf([student(500, { dcid: 9500 })]);
    expect(await seen()).toEqual([{ id: second }]);
  });

  it('completes a snapshot with the counts its one write returned, or counts its rows', async () => {
    const id = randomUUID();
    await snapshots.begin({ id, districtId: 'springfield', schoolYear: 2026 });
    const written = await snapshots.writeBatches(
      id,
      (async function* () {
        yield [school(1), student(1)];
        yield [student(2), enrollment('SEC1', 'S1')];
      })(),
    );
    expect(written).toEqual({ school: 1, term: 0, course: 0, section: 0, user: 2, enrollment: 1 });
    expect((await snapshots.complete(id, written)).counts).toEqual(written);
    expect((await snapshots.complete(id)).counts).toEqual(written);
  });

  it('gives back its connection when a stream is left early', async () => {
    const id = await snapshotOf(Array.from({ length: 5_000 }, (_, i) => student(i)));
    for (let i = 0; i < 20; i++) {
      for await (const user of snapshots.stream(id, 'user')) if (user) break;
    }
    const idle: Array<{ n: string }> = await dataSource.query(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    expect(Number(idle[0]?.n)).toBe(0);
  });

  it('refuses to diff a snapshot that is not complete', async () => {
    const id = randomUUID();
    await snapshots.begin({ id, districtId: 'springfield', schoolYear: 2026 });
    await expect(diffs.compute('springfield', undefined, id)).rejects.toThrow(`snapshot ${id} is building, not complete`);
  });
});
