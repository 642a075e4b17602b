import type { DataSource } from 'typeorm';
import type { RosterEntity } from '@sisbridge/roster';
import { createTestDatabase, FakeSifZone, type FakeSifZoneOptions, type TestDatabase } from '@sisbridge/test-support';
import { miniDistrictConfig, miniDistrictObjects, NOW, ref } from '../testing/mini-district.test-helper';
import { newRunId, openTestDataSource, quietContext, sifIngestFor, snapshotEntities } from '../testing/ingest-harness.test-helper';

const DAY = 24 * 60 * 60 * 1000;
const student = (label: string, dcid: number) =>
  `<StudentPersonal RefId="${ref(label)}"><LocalId>${label}</LocalId><Name Type="04"><LastName>Last${label}</LastName><FirstName>First${label}</FirstName></Name><SIF_ExtendedElements><SIF_ExtendedElement Name="DCID">${dcid}</SIF_ExtendedElement></SIF_ExtendedElements></StudentPersonal>`;
const sectionEnrollment = (label: string, studentLabel: string, sectionLabel = 'x1') =>
  `<StudentSectionEnrollment RefId="${ref(label)}" StudentPersonalRefId="${ref(studentLabel)}" SectionInfoRefId="${ref(sectionLabel)}" SchoolYear="2026"><EntryDate>2025-10-01</EntryDate></StudentSectionEnrollment>`;

/** Events applied as they come: waiting for a parent, settled by the nightly run, applied once, kept for a while. */
describe('SIF_Events applied as they come (real Postgres, scripted SIF zone)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const zones: FakeSifZone[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_events');
    dataSource = await openTestDataSource(database.url);
  });

  afterAll(async () => {
    await Promise.all(zones.map((zone) => zone.close()));
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A district ingested once from its own zone, with the engine on a clock that can move. */
  async function district(id: string, options: Partial<FakeSifZoneOptions> = {}, sif: Record<string, unknown> = {}) {
    const zone = await FakeSifZone.start({ objects: miniDistrictObjects(), packetSize: 4, ...options });
    zones.push(zone);
    const config = { ...miniDistrictConfig(zone.url, sif), id };
    const clock = { now: NOW };
    const engine = sifIngestFor(dataSource, [config], { now: () => clock.now, lockWaitMs: 5_000 });
    const base = await engine.ingest.ingest({ districtId: id, runId: newRunId() }, quietContext());
    return { zone, engine, base, clock, id };
  }

  async function eventStates(districtId: string): Promise<Array<{ state: string; reason: string | null }>> {
    return dataSource.query(`SELECT state, reason FROM sif_ingest.sif_event WHERE district_id = $1 ORDER BY seq`, [districtId]);
  }

  const find = (entities: RosterEntity[], kind: string, sisId: string) => entities.find((e) => e.kind === kind && e.sisId === sisId);

  it('holds an enrollment whose student has not come, shows why, and applies it with the student in a later window, writing only what changed', async () => {
    const { zone, engine, base, id } = await district('waits');
    zone.publishEvent('StudentSectionEnrollment', 'Add', sectionEnrollment('r7', 's7'));
    const first = await engine.events.apply({ districtId: id, runId: newRunId() }, quietContext());
    expect(first).toMatchObject({ snapshotId: base.snapshotId, eventsApplied: 0, eventsWaiting: 1 });
    const ledger = await engine.ledger.describe(id);
    expect(ledger.counts).toMatchObject({ received: 0, waiting: 1, applied: 0 });
    expect(ledger.waiting).toEqual([
      expect.objectContaining({
        objectName: 'StudentSectionEnrollment',
        action: 'Add',
        refId: ref('r7'),
        reason: `waiting for StudentPersonal ${ref('s7')}`,
      }),
    ]);
    expect(ledger.oldestUnapplied?.seq).toBe(ledger.waiting[0]?.seq);

    zone.publishEvent('StudentPersonal', 'Add', student('s7', 57));
    const runId = newRunId();
    const second = await engine.events.apply({ districtId: id, runId }, quietContext());
    expect(second).toMatchObject({ snapshotId: runId, baseSnapshotId: base.snapshotId, eventsApplied: 2, eventsWaiting: 0, rejected: 0 });
    const after = await snapshotEntities(dataSource, runId);
    expect(find(after, 'user', 'S57')).toMatchObject({ personType: 'student', schoolSisIds: ['SCH1'] });
    expect(find(after, 'enrollment', 'SEC31|S57|student')).toMatchObject({ refId: ref('r7'), entryDate: '2025-10-01' });
    expect(await eventStates(id)).toEqual([
      { state: 'applied', reason: null },
      { state: 'applied', reason: null },
    ]);
    // The version holds the two new entities, nothing else of the district.
    const written: Array<{ kind: string; sis_id: string }> = await dataSource.query(
      `SELECT e.kind, e.sis_id FROM roster.entity_version e JOIN roster.snapshot s ON s.district_id = e.district_id
        WHERE s.id = $1 AND (e.valid_from = s.version OR e.valid_to = s.version) ORDER BY e.kind, e.sis_id`,
      [runId],
    );
    expect(written).toEqual([
      { kind: 'enrollment', sis_id: 'SEC31|S57|student' },
      { kind: 'user', sis_id: 'S57' },
    ]);
    expect((await engine.ledger.describe(id)).lastApplication).toMatchObject({ runId, eventsApplied: 2 });
  });

  it('lets the nightly run settle what waited for a parent that never came, saying why', async () => {
    const { zone, engine, id, clock } = await district('settled');
    zone.publishEvent('StudentSectionEnrollment', 'Add', sectionEnrollment('r8', 's8'));
    await engine.events.apply({ districtId: id, runId: newRunId() }, quietContext());
    clock.now = new Date(NOW.getTime() + DAY);
    const nightly = await engine.ingest.ingest({ districtId: id, runId: newRunId() }, quietContext());
    const states = await eventStates(id);
    expect(states).toEqual([
      {
        state: 'superseded',
        reason: `waiting for StudentPersonal ${ref('s8')}; superseded by nightly run ${nightly.runId}, whose full pull is later than the event and carries no StudentSectionEnrollment ${ref('r8')}`,
      },
    ]);
    expect((await engine.ledger.describe(id)).counts).toMatchObject({ waiting: 0, superseded: 1 });
  });

  it('applies a message delivered twice (the same SIF_MsgId) once', async () => {
    const { zone, engine, id } = await district('twice', { duplicate: true });
    zone.publishEvent(
      'StudentPersonal',
      'Change',
      `<StudentPersonal RefId="${ref('s3')}"><Name Type="04"><LastName>Renamed</LastName></Name></StudentPersonal>`,
    );
    const runId = newRunId();
    expect(await engine.events.apply({ districtId: id, runId }, quietContext())).toMatchObject({ snapshotId: runId, eventsApplied: 1 });
    expect(await eventStates(id)).toEqual([{ state: 'applied', reason: null }]);
    expect(find(await snapshotEntities(dataSource, runId), 'user', 'S53')).toMatchObject({ lastName: 'Renamed', firstName: 'First1003' });
    expect(await engine.events.apply({ districtId: id, runId: newRunId() }, quietContext())).toMatchObject({
      snapshotId: runId,
      eventsApplied: 0,
    });
  });

  it('deletes what an event deletes, whether it carries the RefId only or every attribute', async () => {
    const { zone, engine, id } = await district('deletes');
    zone.publishEvent('StudentSectionEnrollment', 'Delete', `<StudentSectionEnrollment RefId="${ref('r3')}"/>`);
    zone.publishEvent(
      'StudentSectionEnrollment',
      'Delete',
      `<StudentSectionEnrollment RefId="${ref('r1')}" StudentPersonalRefId="${ref('s1')}" SectionInfoRefId="${ref('x1')}" SchoolYear="2026"/>`,
    );
    const runId = newRunId();
    await engine.events.apply({ districtId: id, runId }, quietContext());
    const after = await snapshotEntities(dataSource, runId);
    expect(after.filter((e) => e.kind === 'enrollment' && e.role === 'student')).toEqual([]);
    // S1 keeps its school enrollment, so its user stays; S3 too.
    expect(find(after, 'user', 'S51')).toMatchObject({ schoolSisIds: ['SCH1'] });
    const objects: Array<{ n: string }> = await dataSource.query(
      `SELECT count(*) AS n FROM sif_ingest.current_object WHERE district_id = $1 AND ref_id = ANY($2::text[])`,
      [id, [ref('r1'), ref('r3')]],
    );
    expect(Number(objects[0]?.n)).toBe(0);
  });

  it('prunes events once settled and older than sif.eventRetentionDays, and keeps those not settled', async () => {
    const { zone, engine, id, clock } = await district('retention', {}, { eventRetentionDays: 2 });
    zone.publishEvent(
      'StudentPersonal',
      'Change',
      `<StudentPersonal RefId="${ref('s1')}"><Name Type="04"><LastName>Once</LastName></Name></StudentPersonal>`,
    );
    zone.publishEvent('StudentSectionEnrollment', 'Add', sectionEnrollment('r9', 's9'));
    await engine.events.apply({ districtId: id, runId: newRunId() }, quietContext());
    expect((await eventStates(id)).map((e) => e.state)).toEqual(['applied', 'waiting']);
    clock.now = new Date(NOW.getTime() + DAY);
    zone.publishEvent(
      'StudentPersonal',
      'Change',
      `<StudentPersonal RefId="${ref('s1')}"><Name Type="04"><LastName>Twice</LastName></Name></StudentPersonal>`,
    );
    await engine.events.apply({ districtId: id, runId: newRunId() }, quietContext());
    expect((await eventStates(id)).map((e) => e.state)).toEqual(['applied', 'waiting', 'applied']);
    clock.now = new Date(NOW.getTime() + 2.5 * DAY);
    zone.publishEvent(
      'StudentPersonal',
      'Change',
      `<StudentPersonal RefId="${ref('s1')}"><Name Type="04"><LastName>Thrice</LastName></Name></StudentPersonal>`,
    );
    await engine.events.apply({ districtId: id, runId: newRunId() }, quietContext());
    // The first was settled 2.5 days ago: gone; the waiting one stays, however old.
    expect((await eventStates(id)).map((e) => e.state)).toEqual(['waiting', 'applied', 'applied']);
  });

  it('completes the same snapshot when a run is cut off after its objects were committed', async () => {
    const { zone, engine, id } = await district('resumed');
    zone.publishEvent('StudentPersonal', 'Add', student('s6', 56));
    zone.publishEvent('StudentSectionEnrollment', 'Add', sectionEnrollment('r6', 's6', 'x2'));
    const runId = newRunId();
    const writeChanges = engine.snapshots.writeChanges.bind(engine.snapshots);
    const cut = jest.spyOn(engine.snapshots, 'writeChanges').mockImplementationOnce(async () => {
      throw new Error('the worker died');
    });
    await expect(engine.events.apply({ districtId: id, runId }, quietContext())).rejects.toThrow('the worker died');
    expect((await eventStates(id)).map((e) => e.state)).toEqual(['applied', 'applied']);
    cut.mockImplementation(writeChanges);
    expect(await engine.events.apply({ districtId: id, runId }, quietContext())).toMatchObject({ snapshotId: runId, eventsApplied: 2 });
    const after = await snapshotEntities(dataSource, runId);
    expect(find(after, 'user', 'S56')).toMatchObject({ schoolSisIds: ['SCH2'] });
    expect(find(after, 'enrollment', 'SEC32|S56|student')).toBeDefined();
    const left: Array<{ n: string }> = await dataSource.query(`SELECT count(*) AS n FROM sif_ingest.applied_object WHERE run_id = $1`, [
      runId,
    ]);
    expect(Number(left[0]?.n)).toBe(0);
  });
});
