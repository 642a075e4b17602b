import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import type { RosterEnrollment, RosterEntity, RosterSection, RosterUser } from '@sisbridge/roster';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { ROSTER_STORE_MIGRATIONS } from './persistence/roster-store-migrations';
import { RosterLookups } from './roster-lookups';
import { RosterSnapshots } from './roster-snapshots';

const section = (sisId: string, teachers: string[]): RosterSection => ({
  kind: 'section',
  sisId,
  refId: `R-${sisId}`,
  dcid: Number(sisId.replace(/\D/g, '')),
  courseSisId: 'CRS1',
  schoolSisId: 'SCH1',
  termSisIds: ['TRM1'],
  teacherSisIds: teachers,
});
const user = (sisId: string, personType: 'student' | 'staff', dcid: number): RosterUser => ({
  kind: 'user',
  sisId,
  refId: `R-${sisId}`,
  dcid,
  personType,
  localId: sisId,
  firstName: 'A',
  lastName: 'B',
  schoolSisIds: ['SCH1'],
});
const enrollment = (sectionSisId: string, userSisId: string, role: 'student' | 'teacher'): RosterEnrollment => ({
  kind: 'enrollment',
  sisId: `${sectionSisId}|${userSisId}|${role}`,
  sectionSisId,
  userSisId,
  role,
});

describe('roster lookups for one teacher (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let lookups: RosterLookups;
  let snapshotId: string;

  beforeAll(async () => {
    database = await createTestDatabase('roster_lookups');
    dataSource = createServiceDataSource({
      url: database.url,
      schema: 'sif_ingest',
      entities: [],
      migrations: ROSTER_STORE_MIGRATIONS,
      applicationName: 'test',
    });
    await runMigrations(dataSource);
    await dataSource.initialize();
    const snapshots = new RosterSnapshots(dataSource);
    snapshotId = randomUUID();
    await snapshots.begin({ id: snapshotId, districtId: 'springfield', schoolYear: 2026 });
    const entities: RosterEntity[] = [
      // SEC1 and SEC1_2 share a prefix, and "_" is a LIKE wildcard: ranges must not mix them up.
      section('SEC1', ['T7']),
      section('SEC1_2', ['T8', 'T7']),
      section('SEC10', ['T8']),
      section('SEC2', ['T9']),
      user('T7', 'staff', 500),
      user('S500', 'student', 500),
      user('S1', 'student', 1),
      user('S2', 'student', 2),
      enrollment('SEC1', 'S1', 'student'),
      enrollment('SEC1', 'T7', 'teacher'),
      enrollment('SEC1_2', 'S2', 'student'),
      enrollment('SEC10', 'S2', 'student'),
      enrollment('SEC2', 'S1', 'student'),
    ];
    await snapshots.write(snapshotId, entities);
    await snapshots.complete(snapshotId);
    lookups = new RosterLookups(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('finds a teacher’s sections, co-taught ones included', async () => {
    expect((await lookups.sectionsTaughtBy(snapshotId, 'T7')).map((s) => s.sisId)).toEqual(['SEC1', 'SEC1_2']);
  });

  it('reads the enrollments of exactly the sections asked for', async () => {
    expect((await lookups.enrollmentsOf(snapshotId, ['SEC1'])).map((e) => e.sisId)).toEqual(['SEC1|S1|student', 'SEC1|T7|teacher']);
    expect((await lookups.enrollmentsOf(snapshotId, ['SEC1_2', 'SEC10'])).map((e) => e.sisId)).toEqual([
      'SEC10|S2|student',
      'SEC1_2|S2|student',
    ]);
  });

  it('reads entities by SIS id, and pages through the teachers', async () => {
    expect((await lookups.entities(snapshotId, 'user', ['S1', 'S2', 'S404'])).map((u) => u.sisId)).toEqual(['S1', 'S2']);
    expect(await lookups.teachersWithSections(snapshotId, undefined, 2)).toEqual(['T7', 'T8']);
    expect(await lookups.teachersWithSections(snapshotId, 'T8', 2)).toEqual(['T9']);
  });

  it('finds staff by DCID, never the student with the same number', async () => {
    expect(await lookups.staffByDcid('springfield', 500)).toMatchObject({ sisId: 'T7', personType: 'staff' });
    expect(await lookups.staffByDcid('springfield', 1)).toBeUndefined();
  });
});
