import type { DataSource } from 'typeorm';
import { createTestDatabase, FakeSifZone, type TestDatabase } from '@sisbridge/test-support';
import { expectedMiniRoster, miniDistrictConfig, miniDistrictObjects, NOW, ref } from '../testing/mini-district.test-helper';
import {
  byKindAndSisId,
  ingestFor,
  newRunId,
  openTestDataSource,
  quietContext,
  snapshotEntities,
} from '../testing/ingest-harness.test-helper';

/** Nights stored as changes: a quiet night writes no snapshot row and no object; a changed one writes what changed. */
describe('nightly runs as changes (real Postgres, scripted SIF zone)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const zones: FakeSifZone[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_nightly_changes');
    dataSource = await openTestDataSource(database.url);
  });

  afterAll(async () => {
    await Promise.all(zones.map((zone) => zone.close()));
    await dataSource?.destroy();
    await database?.drop();
  });

  async function night(objects: Record<string, string[]>, sif: Record<string, unknown> = {}) {
    const zone = await FakeSifZone.start({ objects, packetSize: 3 });
    zones.push(zone);
    const runId = newRunId();
    const result = await ingestFor(dataSource, [miniDistrictConfig(zone.url, sif)], NOW).ingest(
      { districtId: 'mini', runId },
      quietContext(),
    );
    return { runId, result };
  }

  async function tables(): Promise<{ entityRows: number; objects: number; lastObjectWrite: string | null; identityWrites: string | null }> {
    const [row] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM roster.entity_version WHERE district_id = 'mini') AS entity_rows,
              (SELECT count(*) FROM sif_ingest.current_object WHERE district_id = 'mini') AS objects,
              (SELECT max(updated_at)::text FROM sif_ingest.current_object WHERE district_id = 'mini') AS last_object_write,
              (SELECT max(updated_at)::text FROM roster.identity_map WHERE district_id = 'mini') AS identity_writes`,
    )) as Array<{ entity_rows: string; objects: string; last_object_write: string | null; identity_writes: string | null }>;
    return {
      entityRows: Number(row?.entity_rows),
      objects: Number(row?.objects),
      lastObjectWrite: row?.last_object_write ?? null,
      identityWrites: row?.identity_writes ?? null,
    };
  }

  it('writes no snapshot row, no object and no identity on a night with no change, and only what changed on the next', async () => {
    const objects = miniDistrictObjects();
    const first = await night(objects);
    const afterFirst = await tables();
    const entities = Object.values(first.result.counts).reduce((sum, n) => sum + (n ?? 0), 0);
    expect(afterFirst.entityRows).toBe(entities);
    expect(afterFirst.objects).toBe(Object.values(objects).flat().length);

    const quiet = await night(objects);
    expect(quiet.result).toMatchObject({ counts: first.result.counts, previousSnapshotId: first.runId });
    expect(await tables()).toEqual(afterFirst);
    expect(byKindAndSisId(await snapshotEntities(dataSource, quiet.runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );

    // A renamed student and a dropped section enrollment: one user row replaced, one enrollment row closed, two objects written.
    const changed = {
      ...objects,
      StudentPersonal: (objects['StudentPersonal'] ?? []).map((xml) =>
        xml.replace('<LastName>Last1003</LastName>', '<LastName>Renamed</LastName>'),
      ),
      StudentSectionEnrollment: (objects['StudentSectionEnrollment'] ?? []).filter((xml) => !xml.includes(`RefId="${ref('r3')}"`)),
    };
    const third = await night(changed);
    const afterThird = await tables();
    expect(afterThird.entityRows).toBe(afterFirst.entityRows + 1);
    expect(afterThird.objects).toBe(afterFirst.objects - 1);
    const closed: Array<{ kind: string; sis_id: string }> = await dataSource.query(
      `SELECT kind, sis_id FROM roster.entity_version e JOIN roster.snapshot s ON s.district_id = e.district_id AND s.version = e.valid_to
        WHERE s.id = $1 ORDER BY kind, sis_id`,
      [third.runId],
    );
    // S53 is renamed; it also leaves section X2 (its only section enrollment), though it keeps its school.
    expect(closed).toEqual([
      { kind: 'enrollment', sis_id: 'SEC32|S53|student' },
      { kind: 'user', sis_id: 'S53' },
    ]);
    const written: Array<{ ref_id: string }> = await dataSource.query(
      `SELECT ref_id FROM sif_ingest.current_object WHERE district_id = 'mini' AND updated_at > $1::timestamptz`,
      [afterFirst.lastObjectWrite],
    );
    expect(written).toEqual([{ ref_id: ref('s3') }]);
  });

  it('leaves the current objects and the last version as they were when the feed is refused', async () => {
    const before = await tables();
    const objects = miniDistrictObjects();
    await expect(night({ ...objects, StudentPersonal: [], StudentSectionEnrollment: [] }, { minShareOfLastSnapshot: 0.9 })).rejects.toThrow(
      /fewer than 90% of the \d+ in the last snapshot/,
    );
    expect(await tables()).toEqual(before);
  });
});
