import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { ROSTER_KINDS, type RosterEntity } from '@sisbridge/roster';
import { RosterSnapshots } from '@sisbridge/roster-store';
import { generateDistrict, objectsOf, SIF_OBJECT_NAMES, writeSifObject } from '@sisbridge/sandbox-district';
import type { SifObjectName, SifRecord } from '@sisbridge/sif-codec';
import { createTestDatabase, FakeSifZone, type TestDatabase } from '@sisbridge/test-support';
import { rulesFor } from '../ingest/run-snapshot-builder';
import { miniDistrictConfig, NOW } from '../testing/mini-district.test-helper';
import {
  byKindAndSisId,
  newRunId,
  openTestDataSource,
  quietContext,
  sifIngestFor,
  snapshotEntities,
} from '../testing/ingest-harness.test-helper';
import { buildRoster } from './build-roster';

/** mulberry32: a small seeded generator, so a failing case can be run again from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface EventRow {
  objectName: SifObjectName;
  action: 'Add' | 'Change' | 'Delete';
  refId: string;
  data: object;
}

type Objects = Map<SifObjectName, SifRecord[]>;

/**
 * Random SIF_Events of every sort the engine meets, on the district's current objects: renames,
 * new DCIDs (SIS ids that change, for students, staff, sections and schools), new students with
 * enrollments (sometimes before the student: they wait), drops, deletes (RefId only or whole),
 * teacher changes, moved assignments, grade changes, duplicated enrollments, enrollments of
 * students who never come.
 */
function randomEvents(random: () => number, objects: Objects, count: number, nextDcid: () => number): EventRow[] {
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const of = <N extends SifObjectName>(name: N) => (objects.get(name) ?? []) as Array<Extract<SifRecord, { objectName: N }>>;
  const refId = (prefix = '') =>
    (prefix + Array.from({ length: 32 }, () => '0123456789ABCDEF'[Math.floor(random() * 16)]).join('')).slice(0, 32);
  const events: EventRow[] = [];
  const change = (record: SifRecord | undefined, fields: object) => {
    if (record)
      events.push({
        objectName: record.objectName,
        action: 'Change',
        refId: record.refId,
        data: { objectName: record.objectName, refId: record.refId, ...fields },
      });
  };
  const sort: Array<() => void> = [
    () => change(pick(of('StudentPersonal')), { name: { type: '04', lastName: `Renamed${events.length}` } }),
    () => change(pick(of('StudentPersonal')), { extendedElements: { DCID: String(nextDcid()) } }),
    () => change(pick(of('StaffPersonal')), { extendedElements: { DCID: String(nextDcid()) } }),
    () => change(pick(of('SectionInfo')), { extendedElements: { DCID: String(nextDcid()) } }),
    () => change(pick(of('SchoolCourseInfo')), { courseTitle: `Course ${events.length}` }),
    () => change(pick(of('TermInfo')), { description: `Term ${events.length}` }),
    () => change(pick(of('SchoolInfo')), { schoolName: `School ${events.length}` }),
    () => (random() < 0.3 ? change(pick(of('SchoolInfo')), { extendedElements: { DCID: String(nextDcid()) } }) : undefined),
    () => change(pick(of('StudentSectionEnrollment')), { exitDate: '2025-09-01' }),
    () => change(pick(of('StudentSchoolEnrollment')), { gradeLevel: 'KG' }),
    () => change(pick(of('StudentSchoolEnrollment')), { exitDate: '2025-09-02' }),
    () => change(pick(of('StaffAssignment')), { schoolInfoRefId: pick(of('SchoolInfo'))?.refId }),
    () => {
      const section = pick(of('SectionInfo'));
      const teacher = pick(of('StaffPersonal'));
      const schedule = section?.scheduleInfo?.[0];
      if (section && teacher && schedule)
        change(section, { scheduleInfo: [{ termInfoRefId: schedule.termInfoRefId, teacherRefIds: [teacher.refId] }] });
    },
    () => {
      const gone = pick([
        ...of('StudentSectionEnrollment'),
        ...of('StaffAssignment'),
        ...of('StudentPersonal'),
        ...of('StudentSchoolEnrollment'),
      ]);
      if (gone)
        events.push({
          objectName: gone.objectName,
          action: 'Delete',
          refId: gone.refId,
          data: random() < 0.5 ? { objectName: gone.objectName, refId: gone.refId } : gone,
        });
    },
    () => {
      // A new student with enrollments, the enrollments sometimes first.
      const template = pick(of('StudentPersonal'));
      if (!template) return;
      const studentRefId = refId();
      const added: SifRecord = {
        ...template,
        refId: studentRefId,
        localId: `N${events.length}`,
        extendedElements: { DCID: String(nextDcid()) },
      };
      const enrollments: EventRow[] = [];
      for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
        const section = pick(of('SectionInfo'));
        if (!section) continue;
        const id = refId();
        enrollments.push({
          objectName: 'StudentSectionEnrollment',
          action: 'Add',
          refId: id,
          data: {
            objectName: 'StudentSectionEnrollment',
            refId: id,
            studentPersonalRefId: studentRefId,
            sectionInfoRefId: section.refId,
            schoolYear: section.schoolYear,
            entryDate: '2025-10-01',
          },
        });
      }
      const student: EventRow = { objectName: 'StudentPersonal', action: 'Add', refId: studentRefId, data: added };
      events.push(...(random() < 0.5 ? [...enrollments, student] : [student, ...enrollments]));
    },
    () => {
      // The same student twice in a section, under a RefId before or after the one there.
      const existing = pick(of('StudentSectionEnrollment'));
      if (!existing) return;
      const id = refId(random() < 0.5 ? '0' : 'F');
      events.push({
        objectName: 'StudentSectionEnrollment',
        action: 'Add',
        refId: id,
        data: { ...existing, refId: id, entryDate: '2025-09-15' },
      });
    },
    () => {
      const section = pick(of('SectionInfo'));
      const id = refId();
      if (section)
        events.push({
          objectName: 'StudentSectionEnrollment',
          action: 'Add',
          refId: id,
          data: {
            objectName: 'StudentSectionEnrollment',
            refId: id,
            studentPersonalRefId: refId(),
            sectionInfoRefId: section.refId,
            schoolYear: section.schoolYear,
          },
        });
    },
  ];
  while (events.length < count) pick(sort)?.();
  return events;
}

/**
 * The property the engine is held to: for random event sequences on a small generated district,
 * applying them as they come (incrementally, in one or more windows) gives exactly the snapshot a
 * full build of the same current objects gives.
 */
describe('incremental and full builds agree (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let zone: FakeSifZone;

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_incremental');
    dataSource = await openTestDataSource(database.url);
    const district = generateDistrict({ size: 'tiny', seed: 7, schoolYear: 2026 });
    const objects: Record<string, string[]> = {};
    for (const objectName of SIF_OBJECT_NAMES)
      objects[objectName] = objectsOf(district, objectName).map((object) =>
        writeSifObject(objectName, object as never, { dcidElementName: 'DCID' }),
      );
    zone = await FakeSifZone.start({ objects, packetSize: 50 });
  }, 60_000);

  afterAll(async () => {
    await zone?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function currentObjects(districtId: string): Promise<Objects> {
    const rows: Array<{ object_name: SifObjectName; data: string }> = await dataSource.query(
      `SELECT object_name, data FROM sif_ingest.current_object WHERE district_id = $1 ORDER BY object_name, ref_id`,
      [districtId],
    );
    const objects: Objects = new Map();
    for (const row of rows) objects.set(row.object_name, [...(objects.get(row.object_name) ?? []), JSON.parse(row.data) as SifRecord]);
    return objects;
  }

  async function store(districtId: string, events: readonly EventRow[]): Promise<void> {
    for (const event of events)
      await dataSource.query(
        `INSERT INTO sif_ingest.sif_event (district_id, msg_id, position, object_name, action, ref_id, data) VALUES ($1, $2, 0, $3, $4, $5, $6)`,
        [districtId, randomUUID(), event.objectName, event.action, event.refId, JSON.stringify(event.data)],
      );
  }

  const SEEDS = Array.from({ length: 12 }, (_, i) => 1_000 + i * 7_919);

  it.each(SEEDS)('seed %i: the snapshot after the events equals a full build of the current objects', async (seed) => {
    const random = seeded(seed);
    const districtId = `p${seed}`;
    const config = { ...miniDistrictConfig(zone.url), id: districtId };
    const engine = sifIngestFor(dataSource, [config], { now: () => NOW, lockWaitMs: 5_000 });
    const base = await engine.ingest.ingest({ districtId, runId: newRunId() }, quietContext());
    let dcid = 800_000;
    const applied: EventRow[][] = [];
    for (let window = 0; window < 1 + Math.floor(random() * 3); window++) {
      const events = randomEvents(random, await currentObjects(districtId), 4 + Math.floor(random() * 10), () => ++dcid);
      applied.push(events);
      await store(districtId, events);
      await engine.events.apply({ districtId, runId: newRunId() }, quietContext());
    }
    const latest = await new RosterSnapshots(dataSource).latestComplete(districtId, 2026);
    const incremental = byKindAndSisId(await snapshotEntities(dataSource, latest?.id ?? ''));
    const full: RosterEntity[] = [];
    const baseRun = await engine.runs.get(base.runId);
    for await (const batch of buildRoster(engine.objects.source(districtId), rulesFor(config, baseRun as never), () => undefined))
      full.push(...batch);
    const expected = byKindAndSisId(full);
    if (!isDeepStrictEqual(incremental, expected)) {
      // Enough to run the case again and see it fail on its own.
      process.stderr.write(
        `seed ${seed}: events ${JSON.stringify(applied.map((w) => w.map((e) => `${e.action} ${e.objectName} ${e.refId}`)))}\n`,
      );
    }
    expect(incremental).toEqual(expected);
    // Not a vacuous case: events were applied, and the roster is no longer the one they started from.
    const states: Array<{ state: string; n: string }> = await dataSource.query(
      `SELECT state, count(*) AS n FROM sif_ingest.sif_event WHERE district_id = $1 GROUP BY state`,
      [districtId],
    );
    expect(Number(states.find((row) => row.state === 'applied')?.n ?? 0)).toBeGreaterThan(0);
    expect(latest?.id).not.toBe(base.snapshotId);
    expect(incremental).not.toEqual(byKindAndSisId(await snapshotEntities(dataSource, base.snapshotId)));
    expect(ROSTER_KINDS.every((kind) => incremental.some((entity) => entity.kind === kind))).toBe(true);
  });
});
