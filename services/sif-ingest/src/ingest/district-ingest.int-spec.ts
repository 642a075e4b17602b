import type { DataSource } from 'typeorm';
import { createTestDatabase, FakeSifZone, type FakeSifZoneOptions, type TestDatabase } from '@sisbridge/test-support';
import { AS_OF, expectedMiniRoster, miniDistrictConfig, miniDistrictObjects, NOW, ref } from '../testing/mini-district.test-helper';
import {
  byKindAndSisId,
  ingestFor,
  newRunId,
  openTestDataSource,
  quietContext,
  snapshotEntities,
} from '../testing/ingest-harness.test-helper';
import { IngestError } from '../failures/ingest-error';

/** The agent against a scripted zone: packets in any order, twice, lost, refused; a crash; a sleeping zone. */
describe('district ingest (real Postgres, scripted SIF zone)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const zones: FakeSifZone[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_district');
    dataSource = await openTestDataSource(database.url);
  });

  afterAll(async () => {
    await Promise.all(zones.map((zone) => zone.close()));
    await dataSource?.destroy();
    await database?.drop();
  });

  async function zone(options: Partial<FakeSifZoneOptions> = {}): Promise<FakeSifZone> {
    const started = await FakeSifZone.start({ objects: miniDistrictObjects(), packetSize: 2, ...options });
    zones.push(started);
    return started;
  }

  async function rowCount(sql: string, values: unknown[]): Promise<number> {
    const rows: Array<{ n: string }> = await dataSource.query(sql, values);
    return Number(rows[0]?.n ?? 0);
  }

  it('reassembles packets delivered in reverse and twice, with inner messages without xmlns, into exactly the expected roster', async () => {
    const sif = await zone({ reversePackets: true, duplicate: true, innerXmlns: false });
    const district = miniDistrictConfig(sif.url);
    const runId = newRunId();
    const result = await ingestFor(dataSource, [district], NOW).ingest({ districtId: 'mini', runId }, quietContext());

    expect(result).toMatchObject({
      runId,
      snapshotId: runId,
      schoolYear: 2026,
      counts: { school: 2, term: 3, course: 2, section: 2, user: 5, enrollment: 5 },
      rejected: 0,
    });
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );
    // Each object stored once, though every packet came twice.
    const objects = Object.values(miniDistrictObjects()).flat().length;
    expect(await rowCount('SELECT count(*) AS n FROM sif_ingest.sif_object WHERE run_id = $1', [runId])).toBe(objects);
    // Requests filtered by school year where the object has one; every pulled message acked by its inner id.
    const conditioned = sif.requests.filter((request) =>
      request.xml.includes('<SIF_Element>@SchoolYear</SIF_Element><SIF_Operator>EQ</SIF_Operator><SIF_Value>2026</SIF_Value>'),
    );
    expect(conditioned.map((request) => request.objectName).sort()).toEqual(
      ['SectionInfo', 'SchoolCourseInfo', 'StaffAssignment', 'StudentSchoolEnrollment', 'StudentSectionEnrollment', 'TermInfo'].sort(),
    );
    // Every pulled message was acked by its inner SIF_MsgId (the stray second copies of the last packets may stay queued: the run is complete).
    expect(sif.acks.length).toBeGreaterThanOrEqual(2 * 10);
    // The identity map knows every school, term, course, section and person.
    const identities: Array<{ kind: string; n: string }> = await dataSource.query(
      `SELECT kind, count(*) AS n FROM roster.identity WHERE district_id = 'mini' GROUP BY kind ORDER BY kind`,
    );
    expect(Object.fromEntries(identities.map((row) => [row.kind, Number(row.n)]))).toMatchObject({
      school: 2,
      term: 3,
      course: 2,
      section: 2,
      user: 5,
    });
  });

  it.each(['day-after-last', 'last-day'] as const)('[U] reads ExitDate as %s', async (exitDateMeaning) => {
    const sif = await zone();
    const runId = newRunId();
    await ingestFor(dataSource, [miniDistrictConfig(sif.url, { exitDateMeaning })], NOW).ingest(
      { districtId: 'mini', runId },
      quietContext(),
    );
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(byKindAndSisId(expectedMiniRoster({ exitDateMeaning })));
  });

  it('[U] falls back to RefIds for SIS ids when the agent publishes no DCID element', async () => {
    const sif = await zone({ objects: miniDistrictObjects({ withoutDcid: true }) });
    const runId = newRunId();
    await ingestFor(dataSource, [miniDistrictConfig(sif.url)], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last', withoutDcid: true })),
    );
  });

  it('rejects objects without a DCID when sif.sisIdSource is "dcid", naming the element', async () => {
    const sif = await zone({ objects: miniDistrictObjects({ withoutDcid: true }) });
    await expect(
      ingestFor(dataSource, [miniDistrictConfig(sif.url, { sisIdSource: 'dcid' })], NOW).ingest(
        { districtId: 'mini', runId: newRunId() },
        quietContext(),
      ),
    ).rejects.toThrow('district mini: the SIF feed has no usable SchoolInfo objects for school year 2026');
    const problems: Array<{ problem: string }> = await dataSource.query(
      `SELECT problem FROM sif_ingest.rejected_object WHERE object_name = 'SchoolInfo' AND stage = 'build' LIMIT 1`,
    );
    expect(problems[0]?.problem).toBe('SchoolInfo has no SIF_ExtendedElement named DCID (the DCID), and sif.sisIdSource is "dcid"');
  });

  it('asks again for a response that lost a packet, and completes', async () => {
    const sif = await zone({ losePacket: { objectName: 'StaffPersonal', packetNumber: 2 } });
    const runId = newRunId();
    await ingestFor(dataSource, [miniDistrictConfig(sif.url)], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    expect(sif.requests.filter((request) => request.objectName === 'StaffPersonal')).toHaveLength(2);
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );
    const attempts: Array<{ status: string; attempt: number }> = await dataSource.query(
      `SELECT status, attempt FROM sif_ingest.sif_request WHERE run_id = $1 AND object_name = 'StaffPersonal' ORDER BY attempt`,
      [runId],
    );
    expect(attempts).toEqual([
      { status: 'superseded', attempt: 1 },
      { status: 'complete', attempt: 2 },
    ]);
  });

  it('fails the ingest, not retryable, when a request ends in SIF_Error', async () => {
    const sif = await zone({ errorFor: { objectName: 'SectionInfo', category: 8, code: 9 } });
    const runId = newRunId();
    const failure = ingestFor(dataSource, [miniDistrictConfig(sif.url)], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    await expect(failure).rejects.toThrow(
      new IngestError(
        'broken-feed',
        'district mini: the request for SectionInfo ended in SIF_Error 8/9 (scripted error); no snapshot was made',
      ),
    );
    const run: Array<{ status: string; failure_type: string }> = await dataSource.query(
      'SELECT status, failure_type FROM sif_ingest.ingest_run WHERE id = $1',
      [runId],
    );
    expect(run).toEqual([{ status: 'failed', failure_type: 'broken-feed' }]);
  });

  it('asks again when the zone says it lost the request (8/16), waits out a sleeping zone, and falls back to SIF_Subscribe', async () => {
    const sif = await zone({ errorFor: { objectName: 'TermInfo', category: 8, code: 16, times: 1 }, sleepFirst: 3, noProvision: true });
    const runId = newRunId();
    await ingestFor(dataSource, [miniDistrictConfig(sif.url)], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    expect(sif.requests.filter((request) => request.objectName === 'TermInfo')).toHaveLength(2);
    expect(sif.received.map((message) => message.type)).toEqual(expect.arrayContaining(['SIF_Register', 'SIF_Provision', 'SIF_Subscribe']));
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );
  });

  it('resumes a run cut off mid-way (same run id) into the same snapshot, with no duplicate rows', async () => {
    const sif = await zone({ packetSize: 1 });
    const runId = newRunId();
    const district = miniDistrictConfig(sif.url);
    const cut = new AbortController();
    const watch = setInterval(() => sif.acks.length >= 8 && cut.abort(), 1);
    const first = ingestFor(dataSource, [district], NOW).ingest({ districtId: 'mini', runId }, quietContext(cut.signal));
    await expect(first).rejects.toThrow();
    clearInterval(watch);
    expect(sif.queued).toBeGreaterThan(0);
    const result = await ingestFor(dataSource, [district], NOW).ingest({ districtId: 'mini', runId }, quietContext());
    expect(result.snapshotId).toBe(runId);
    expect(byKindAndSisId(await snapshotEntities(dataSource, runId))).toEqual(
      byKindAndSisId(expectedMiniRoster({ exitDateMeaning: 'day-after-last' })),
    );
    const objects = Object.values(miniDistrictObjects()).flat().length;
    expect(await rowCount('SELECT count(*) AS n FROM sif_ingest.sif_object WHERE run_id = $1', [runId])).toBe(objects);
    expect(await rowCount(`SELECT count(*) AS n FROM sif_ingest.sif_request WHERE run_id = $1 AND status <> 'superseded'`, [runId])).toBe(
      10,
    );
    // Asked again with the same run id once complete: the same result, nothing sent.
    const sent = sif.received.length;
    expect(await ingestFor(dataSource, [district], NOW).ingest({ districtId: 'mini', runId }, quietContext())).toEqual(result);
    expect(sif.received.length).toBe(sent);
  });

  it('refuses a truncated feed: far fewer entities than the last snapshot', async () => {
    const full = await zone();
    await ingestFor(dataSource, [miniDistrictConfig(full.url)], NOW).ingest({ districtId: 'mini', runId: newRunId() }, quietContext());
    const objects = miniDistrictObjects();
    const truncated = await zone({ objects: { ...objects, StudentSectionEnrollment: [], StudentPersonal: [] } });
    await expect(
      ingestFor(dataSource, [miniDistrictConfig(truncated.url, { minShareOfLastSnapshot: 0.9 })], NOW).ingest(
        { districtId: 'mini', runId: newRunId() },
        quietContext(),
      ),
    ).rejects.toThrow(/district mini: the SIF feed gives \d+ (user|enrollment) entities, fewer than 90% of the \d+ in the last snapshot/);
  });

  it('writes exit dates against the run’s own day, fixed at its start', () => {
    expect(AS_OF).toBe('2025-10-15');
    expect(ref('s1')).not.toBe(ref('p1'));
  });
});
