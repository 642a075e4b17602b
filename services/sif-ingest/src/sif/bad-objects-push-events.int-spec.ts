import { createServer, type Server } from 'node:http';
import type { DataSource } from 'typeorm';
import { DistrictRegistry } from '@sisbridge/district-config';
import type { RosterEntity } from '@sisbridge/roster';
import { createTestDatabase, FakeSifZone, type TestDatabase } from '@sisbridge/test-support';
import { SifPushHandler } from '../push/sif-push-handler';
import { expectedMiniRoster, miniDistrictConfig, miniDistrictObjects, NOW, ref } from '../testing/mini-district.test-helper';
import {
  byKindAndSisId,
  eventApplierFor,
  ingestFor,
  newRunId,
  openTestDataSource,
  quietContext,
  snapshotEntities,
} from '../testing/ingest-harness.test-helper';

const UK = 'http://www.sifinfo.org/uk/infrastructure/2.x';
const student = (label: string, lastName: string, extra = '') =>
  `<StudentPersonal RefId="${ref(label)}"${extra}><LocalId>${label}</LocalId><Name Type="04"><LastName>${lastName}</LastName><FirstName>F</FirstName></Name></StudentPersonal>`;

describe('bad objects, push mode and events (real Postgres, scripted SIF zone)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_feed');
    dataSource = await openTestDataSource(database.url);
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function zone(options: Parameters<typeof FakeSifZone.start>[0]): Promise<FakeSifZone> {
    const started = await FakeSifZone.start(options);
    closers.push(() => started.close());
    return started;
  }

  it('records one clear error per bad object and ingests the rest', async () => {
    const objects = miniDistrictObjects();
    const p4 = objects['StaffPersonal']?.[3] ?? '';
    const corpus = {
      ...objects,
      SchoolInfo: [...(objects['SchoolInfo'] ?? []), `<SchoolInfo RefId="${ref('nameless')}"><LocalId>9</LocalId></SchoolInfo>`],
      SectionInfo: [
        ...(objects['SectionInfo'] ?? []),
        `<SectionInfo RefId="${ref('orphan')}" SchoolCourseInfoRefId="${ref('nocourse')}" SchoolYear="2026"><ScheduleInfoList><ScheduleInfo TermInfoRefId="${ref('t1')}"/></ScheduleInfoList></SectionInfo>`,
      ],
      StaffPersonal: [
        ...(objects['StaffPersonal'] ?? []),
        p4.replace('<LocalId>T4</LocalId>', '<LocalId>T4-OTHER</LocalId>'),
        `<StaffPersonal RefId="${ref('huge')}"><LocalId>H</LocalId><Name Type="04"><LastName>${'x'.repeat(10 * 1024 * 1024)}</LastName><FirstName>F</FirstName></Name></StaffPersonal>`,
      ],
      StudentPersonal: [...(objects['StudentPersonal'] ?? []), student('uk', 'Smith', ` xmlns="${UK}"`), student('latin1', 'Ren{{0xE9}}e')],
    };
    const sif = await zone({ objects: corpus, packetSize: 4 });
    const runId = newRunId();
    const result = await ingestFor(dataSource, [miniDistrictConfig(sif.url)], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );

    const rejected: Array<{ object_name: string; ref_id: string; problem: string }> = await dataSource.query(
      'SELECT object_name, ref_id, problem FROM sif_ingest.rejected_object WHERE run_id = $1 ORDER BY object_name, ref_id',
      [runId],
    );
    expect(result.rejected).toBe(6);
    expect(rejected).toEqual(
      [
        { object_name: 'SchoolInfo', ref_id: ref('nameless'), problem: 'SchoolInfo/SchoolName is missing' },
        {
          object_name: 'SectionInfo',
          ref_id: ref('orphan'),
          problem: `SectionInfo/@SchoolCourseInfoRefId ${ref('nocourse')} names no SchoolCourseInfo in the roster (missing from the feed, of another school year, or rejected)`,
        },
        {
          object_name: 'StaffPersonal',
          ref_id: ref('huge'),
          problem: 'StaffPersonal/Name/LastName is 10485760 characters long; the longest value accepted is 8192 (maxFieldLength)',
        },
        {
          object_name: 'StaffPersonal',
          ref_id: ref('p4'),
          problem: `StaffPersonal RefId ${ref('p4')} came twice with different content (packets 1 and 2); the copy in packet 1 is used`,
        },
        {
          object_name: 'StudentPersonal',
          ref_id: ref('latin1'),
          problem: 'StudentPersonal/Name/LastName holds bytes that are not valid UTF-8 (shown as U+FFFD)',
        },
        {
          object_name: 'StudentPersonal',
          ref_id: ref('uk'),
          problem: `StudentPersonal is in the XML namespace "${UK}", not the SIF 2.x US namespace http://www.sifinfo.org/infrastructure/2.x`,
        },
      ].sort((a, b) => (a.object_name + a.ref_id < b.object_name + b.ref_id ? -1 : 1)),
    );
  });

  it('ingests the same roster in push mode: the endpoint stores each message before acking it', async () => {
    const holder: { handler?: SifPushHandler } = {};
    const server: Server = createServer((req, res) => {
      void (holder.handler as SifPushHandler).handle('mini', req, req.headers['content-encoding']).then(
        (answer) => {
          res.writeHead(answer.httpStatus, { 'content-type': answer.contentType });
          res.end(answer.body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const sif = await zone({ objects: miniDistrictObjects(), packetSize: 2, duplicate: true });
    const district = miniDistrictConfig(sif.url, { mode: 'push', pushUrl: `http://127.0.0.1:${address.port}/sif/push/mini` });
    holder.handler = new SifPushHandler(dataSource, new DistrictRegistry([district]));
    const runId = newRunId();
    await ingestFor(dataSource, [district], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );
    expect(sif.received.find((message) => message.type === 'SIF_Register')?.xml).toContain(
      `<SIF_Mode>Push</SIF_Mode><SIF_Protocol Type="HTTP" Secure="No"><SIF_URL>http://127.0.0.1:${address.port}/sif/push/mini</SIF_URL>`,
    );
    expect(sif.received.some((message) => message.xml.includes('SIF_GetMessage'))).toBe(false);
  });

  it('applies Add, partial Change and Delete events (RefId only, or with every attribute) into a new snapshot', async () => {
    const sif = await zone({ objects: miniDistrictObjects(), packetSize: 3 });
    const district = miniDistrictConfig(sif.url);
    const ingest = ingestFor(dataSource, [district], NOW);
    const base = await ingest.ingest({ districtId: 'mini', runId: newRunId() }, quietContext());

    sif.publishEvent(
      'StudentPersonal',
      'Add',
      student('s5', 'Newman').replace(
        '</StudentPersonal>',
        '<SIF_ExtendedElements><SIF_ExtendedElement Name="DCID">55</SIF_ExtendedElement></SIF_ExtendedElements></StudentPersonal>',
      ),
    );
    sif.publishEvent(
      'StudentSectionEnrollment',
      'Add',
      `<StudentSectionEnrollment RefId="${ref('r5')}" StudentPersonalRefId="${ref('s5')}" SectionInfoRefId="${ref('x1')}" SchoolYear="2026"><EntryDate>2025-10-01</EntryDate></StudentSectionEnrollment>`,
    );
    sif.publishEvent(
      'StudentPersonal',
      'Change',
      `<StudentPersonal RefId="${ref('s3')}"><Name Type="04"><LastName>Renamed</LastName></Name></StudentPersonal>`,
    );
    sif.publishEvent(
      'StaffPersonal',
      'Change',
      `<StaffPersonal RefId="${ref('p3')}"><EmailList><Email Type="Primary" SIF_Action="Delete"/></EmailList></StaffPersonal>`,
    );
    sif.publishEvent('StudentSectionEnrollment', 'Delete', `<StudentSectionEnrollment RefId="${ref('r3')}"/>`);
    sif.publishEvent(
      'StudentSectionEnrollment',
      'Delete',
      `<StudentSectionEnrollment RefId="${ref('r1')}" StudentPersonalRefId="${ref('s1')}" SectionInfoRefId="${ref('x1')}" SchoolYear="2026"/>`,
    );
    sif.publishEvent('StudentPersonal', 'Change', `<StudentPersonal RefId="${ref('ghost')}"><LocalId>9</LocalId></StudentPersonal>`);

    const applier = eventApplierFor(dataSource, [district], NOW);
    const runId = newRunId();
    const applied = await applier.apply({ districtId: 'mini', runId }, quietContext());
    expect(applied).toMatchObject({ snapshotId: runId, baseSnapshotId: base.snapshotId, eventsApplied: 7, rejected: 1 });
    const after = await snapshotEntities(dataSource, runId);
    const user = (sisId: string) =>
      after.find((entity): entity is Extract<RosterEntity, { kind: 'user' }> => entity.kind === 'user' && entity.sisId === sisId);
    expect(user('S55')).toMatchObject({ lastName: 'Newman', schoolSisIds: ['SCH1'] });
    expect(user('S53')).toMatchObject({ lastName: 'Renamed', firstName: 'First1003' });
    expect(user('T43')).not.toHaveProperty('email');
    const enrollments = after.filter((entity) => entity.kind === 'enrollment' && entity.role === 'student').map((entity) => entity.sisId);
    expect(enrollments).toEqual(['SEC31|S55|student']);
    const rejected: Array<{ problem: string }> = await dataSource.query(
      `SELECT problem FROM sif_ingest.rejected_object WHERE run_id = $1`,
      [runId],
    );
    expect(rejected.map((row) => row.problem)).toEqual([
      expect.stringMatching(/^SIF_Event Change \(event \d+\): the change leaves the object incomplete/),
    ]);

    // Nothing new: the same snapshot stays current.
    expect(await applier.apply({ districtId: 'mini', runId: newRunId() }, quietContext())).toMatchObject({
      snapshotId: runId,
      eventsApplied: 0,
    });
  });
});
