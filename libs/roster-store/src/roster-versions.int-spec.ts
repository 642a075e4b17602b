import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import type { RosterEntity, RosterSchool, RosterUser } from '@sisbridge/roster';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { ROSTER_STORE_MIGRATIONS } from './persistence/roster-store-migrations';
import { RosterDiffs } from './roster-diffs';
import { RosterLookups } from './roster-lookups';
import { RosterSnapshots } from './roster-snapshots';

const school = (n: number, name = `School ${n}`): RosterSchool => ({
  kind: 'school',
  sisId: `SCH${n}`,
  refId: `R-SCH-${n}`,
  dcid: n,
  name,
});
const student = (n: number, lastName = 'Lee'): RosterUser => ({
  kind: 'user',
  sisId: `S${n}`,
  refId: `R-S-${n}`,
  dcid: 1000 + n,
  personType: 'student',
  localId: String(n),
  firstName: 'Sam',
  lastName,
  schoolSisIds: ['SCH1'],
});

/** Snapshots stored as changes: what each version writes, what older readers see, the diff, undo, retention. */
describe('roster snapshots as versions (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let snapshots: RosterSnapshots;
  let diffs: RosterDiffs;

  beforeAll(async () => {
    database = await createTestDatabase('roster_versions');
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

  async function rows(districtId: string): Promise<number> {
    const found: Array<{ n: string }> = await dataSource.query('SELECT count(*) AS n FROM roster.entity_version WHERE district_id = $1', [
      districtId,
    ]);
    return Number(found[0]?.n);
  }

  async function version(districtId: string, entities: RosterEntity[]): Promise<{ id: string; written: number; closed: number }> {
    const id = randomUUID();
    await snapshots.begin({ id, districtId, schoolYear: 2026 });
    const writes = await snapshots.writeVersion(
      id,
      (async function* () {
        yield entities;
      })(),
    );
    await snapshots.complete(id, writes.counts);
    return { id, written: writes.written, closed: writes.closed };
  }

  async function users(snapshotId: string): Promise<RosterUser[]> {
    const found: RosterUser[] = [];
    for await (const user of snapshots.stream(snapshotId, 'user')) found.push(user);
    return found;
  }

  it('writes nothing for a night with no change, and only what changed on the next', async () => {
    const first = await version('quiet', [school(1), student(1), student(2), student(3)]);
    expect(first).toMatchObject({ written: 4, closed: 0 });
    const second = await version('quiet', [school(1), student(3), student(2), student(1)]);
    expect(second).toMatchObject({ written: 0, closed: 0 });
    expect(await rows('quiet')).toBe(4);
    const third = await version('quiet', [school(1), student(1, 'Changed'), student(2), student(4)]);
    expect(third).toMatchObject({ written: 2, closed: 2 });
    expect(await rows('quiet')).toBe(6);
    // Every version reads as it was written.
    expect((await users(first.id)).map((u) => [u.sisId, u.lastName])).toEqual([
      ['S1', 'Lee'],
      ['S2', 'Lee'],
      ['S3', 'Lee'],
    ]);
    expect((await users(second.id)).map((u) => u.sisId)).toEqual(['S1', 'S2', 'S3']);
    expect((await users(third.id)).map((u) => [u.sisId, u.lastName])).toEqual([
      ['S1', 'Changed'],
      ['S2', 'Lee'],
      ['S4', 'Lee'],
    ]);
    expect(await snapshots.get(third.id)).toMatchObject({ status: 'complete', version: 3, counts: { school: 1, user: 3 } });
    // The published view keeps its columns.
    const viewed: Array<{ sis_id: string }> = await dataSource.query(
      `SELECT sis_id FROM roster.entity WHERE snapshot_id = $1 AND kind = 'user' ORDER BY sis_id`,
      [second.id],
    );
    expect(viewed.map((row) => row.sis_id)).toEqual(['S1', 'S2', 'S3']);
  });

  it('diffs two versions from the rows between them: a change changed back is none', async () => {
    const a = await version('diffs', [school(1), student(1), student(2)]);
    await version('diffs', [school(1, 'Renamed'), student(1, 'Other'), student(2)]);
    const c = await version('diffs', [school(1), student(1, 'Other'), student(3)]);
    const { diff } = await diffs.compute('diffs', a.id, c.id);
    expect(diff.counts.school).toEqual({ add: 0, change: 0, remove: 0, before: 1, after: 1 });
    expect(diff.counts.user).toEqual({ add: 1, change: 1, remove: 1, before: 2, after: 2 });
    const changes = [];
    for await (const change of diffs.changes(diff.id, 'user')) changes.push(change);
    expect(changes.map((change) => [change.op, change.sisId, change.op === 'change' ? change.fields : []])).toEqual([
      ['change', 'S1', ['lastName']],
      ['remove', 'S2', []],
      ['add', 'S3', []],
    ]);
    // Backwards too (the same rows, read the other way).
    const back = await diffs.compute('diffs', c.id, a.id);
    expect(back.diff.counts.user).toMatchObject({ add: 1, change: 1, remove: 1 });
  });

  it('hides a version being built from readers of older ones, and undoes a failed one', async () => {
    const base = await version('undo', [school(1), student(1)]);
    const failing = randomUUID();
    await snapshots.begin({ id: failing, districtId: 'undo', schoolYear: 2026 });
    await snapshots.writeVersion(
      failing,
      (async function* () {
        yield [school(1, 'Broken'), student(2)];
      })(),
    );
    expect((await users(base.id)).map((u) => u.sisId)).toEqual(['S1']);
    await snapshots.fail(failing, 'broken feed');
    expect(await rows('undo')).toBe(2);
    expect(await snapshots.latestComplete('undo', 2026)).toMatchObject({ id: base.id });
    // The next version starts from the base again: nothing changed.
    expect(await version('undo', [school(1), student(1)])).toMatchObject({ written: 0, closed: 0 });
  });

  it('writes known changes (the events path): an upsert equal to what is there is none', async () => {
    const base = await version('changes', [school(1), student(1), student(2)]);
    const next = randomUUID();
    await snapshots.begin({ id: next, districtId: 'changes', schoolYear: 2026 });
    const writes = await snapshots.writeChanges(next, {
      upserts: [student(1), student(2, 'Renamed'), student(5)],
      removals: [
        { kind: 'user', sisId: 'S9' },
        { kind: 'school', sisId: 'SCH1' },
      ],
    });
    expect(writes).toEqual({ counts: { school: 0, term: 0, course: 0, section: 0, user: 3, enrollment: 0 }, written: 2, closed: 2 });
    await snapshots.complete(next, writes.counts);
    expect((await users(next)).map((u) => [u.sisId, u.lastName])).toEqual([
      ['S1', 'Lee'],
      ['S2', 'Renamed'],
      ['S5', 'Lee'],
    ]);
    expect((await users(base.id)).map((u) => u.lastName)).toEqual(['Lee', 'Lee']);
    const lookups = new RosterLookups(dataSource);
    expect(await lookups.entities(next, 'school', ['SCH1'])).toEqual([]);
    expect(await lookups.entities(base.id, 'school', ['SCH1'])).toEqual([school(1)]);
  });

  it('keeps the identity rows of unchanged entities untouched, and marks removed ones last seen where they were', async () => {
    const first = await version('identity', [student(1), student(2)]);
    const touched = async () =>
      (await dataSource.query(
        `SELECT ref_id, updated_at FROM roster.identity_map WHERE district_id = 'identity' ORDER BY ref_id`,
      )) as Array<{ ref_id: string; updated_at: Date }>;
    const before = await touched();
    const second = await version('identity', [student(1)]);
    const after = await touched();
    expect(after[0]?.updated_at).toEqual(before[0]?.updated_at);
    const seen: Array<{ ref_id: string; last: string }> = await dataSource.query(
      `SELECT ref_id, last_seen_snapshot_id AS last FROM roster.identity WHERE district_id = 'identity' ORDER BY ref_id`,
    );
    expect(seen).toEqual([
      { ref_id: 'R-S-1', last: second.id },
      { ref_id: 'R-S-2', last: first.id },
    ]);
  });

  it('prunes versions no kept snapshot needs, keeping the base of the newest diff', async () => {
    const v1 = await version('pruned', [student(1, 'A')]);
    const v2 = await version('pruned', [student(1, 'B')]);
    await diffs.compute('pruned', v1.id, v2.id);
    await version('pruned', [student(1, 'C')]);
    const v4 = await version('pruned', [student(1, 'D')]);
    expect(await rows('pruned')).toBe(4);
    // Keep 2: v3 and v4; but Canvas last took in v1 (the base of the newest diff).
    expect(await snapshots.prune('pruned', 2)).toBe(0);
    await diffs.compute('pruned', v2.id, v4.id);
    expect(await snapshots.prune('pruned', 2)).toBe(1);
    expect(await snapshots.get(v1.id)).toBeUndefined();
    expect(await rows('pruned')).toBe(3);
    expect((await users(v2.id)).map((u) => u.lastName)).toEqual(['B']);
    expect((await users(v4.id)).map((u) => u.lastName)).toEqual(['D']);
  });
});
