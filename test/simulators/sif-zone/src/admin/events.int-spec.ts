import {
  childElement,
  childText,
  generateDistrict,
  localToday,
  SIF_NAMESPACE,
  type StaffPersonal,
  type StudentSchoolEnrollment,
} from '@sisbridge/sandbox-district';
import { objectsIn, TestAgent, type PulledMessage } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from '../zone/start-sif-zone-simulator';
import type { SifZoneSimulatorOptions } from '../zone/zone-options';

const district = generateDistrict({ size: 'tiny', seed: 4, schoolYear: 2026 });

/** The value, which the test needs to be there. */
function theOne<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value, got none');
  return value;
}

function eventObject(message: PulledMessage): { objectName?: string; action?: string } {
  const eventObject = childElement(childElement(message.body, 'SIF_ObjectData') ?? message.body, 'SIF_EventObject');
  return { objectName: eventObject?.attributes['ObjectName'], action: eventObject?.attributes['Action'] };
}

describe('the zone: admin changes published as SIF_Events', () => {
  let zone: SifZoneSimulator;
  let subscriber: TestAgent;
  let bystander: TestAgent;
  async function start(options: Partial<SifZoneSimulatorOptions> = {}, versions = ['2.0r1']): Promise<void> {
    zone = await startSifZoneSimulator({ district, ...options });
    subscriber = new TestAgent(zone.zoneUrl, 'sisbridge');
    await subscriber.register({ versions });
    await subscriber.provision({
      subscribe: ['StudentPersonal', 'StaffPersonal', 'StudentSectionEnrollment', 'StudentSchoolEnrollment', 'SectionInfo', 'LEAInfo'],
    });
    bystander = new TestAgent(zone.zoneUrl, 'bystander');
    await bystander.register();
  }
  const admin = (path: string, init: RequestInit = {}) => fetch(`${zone.url}/__admin${path}`, init);
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  afterEach(async () => {
    await zone.close();
  });

  it('publishes a Change with the keys and only the changed elements, to subscribers only', async () => {
    await start();
    const student = district.students[3];
    const response = await admin(
      `/objects/StudentPersonal/${student?.refId}`,
      json('PATCH', { name: { ...student?.name, lastName: "O'Connor-Nguyễn" } }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ events: [{ action: 'Change', deliveredTo: ['sisbridge'] }] });
    const [event] = await subscriber.drain();
    expect(event && [event.kind, event.sourceId, eventObject(event)]).toEqual([
      'SIF_Event',
      'PowerSchool',
      { objectName: 'StudentPersonal', action: 'Change' },
    ]);
    const changed = theOne(objectsIn(theOne(event).body)[0]);
    expect(changed.attributes).toEqual({ RefId: student?.refId });
    expect(changed.children.map((child) => child.name)).toEqual(['Name']);
    expect(childText(theOne(childElement(changed, 'Name')), 'LastName')).toBe("O'Connor-Nguyễn");
    expect(await bystander.drain()).toEqual([]);
    // The change is what a request now returns, too.
    await subscriber.request('StudentPersonal', {
      maxBufferSize: 65_536,
      conditions: [{ element: '@RefId', value: student?.refId ?? '' }],
    });
    expect(
      objectsIn(theOne((await subscriber.drain())[0]).body).map((object) => childText(theOne(childElement(object, 'Name')), 'LastName')),
    ).toEqual(["O'Connor-Nguyễn"]);
  });

  it('publishes an Add with the whole object, given as SIF XML or JSON, and refuses invalid or duplicate objects', async () => {
    await start();
    const xml = `<StudentPersonal xmlns="${SIF_NAMESPACE}" RefId="ABCDEF0123456789ABCDEF0123456789"><LocalId>999001</LocalId><Name Type="04"><LastName>Zoë &amp; Co</LastName><FirstName>Ana</FirstName></Name></StudentPersonal>`;
    const added = await admin('/objects/StudentPersonal', { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml });
    expect(added.status).toBe(201);
    const [event] = await subscriber.drain();
    const [object] = objectsIn(theOne(event).body);
    expect([eventObject(theOne(event)).action, object?.attributes['RefId'], object?.children.map((child) => child.name)]).toEqual([
      'Add',
      'ABCDEF0123456789ABCDEF0123456789',
      ['LocalId', 'Name', 'SIF_ExtendedElements'],
    ]);
    const fromJson = await admin(
      '/objects/StaffPersonal',
      json('POST', { localId: 'T77', name: { type: '04', lastName: 'Ng', firstName: 'Bo' } }),
    );
    expect(fromJson.status).toBe(201);
    expect((await fromJson.json()) as unknown).toMatchObject({
      object: { localId: 'T77', refId: expect.stringMatching(/^[0-9A-F]{32}$/) as unknown, dcid: expect.any(Number) as unknown },
    });
    expect(
      (await admin('/objects/StudentPersonal', { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml })).status,
    ).toBe(409);
    const invalid = await admin('/objects/StaffPersonal', json('POST', { name: { type: '04', lastName: 'Ng', firstName: 'Bo' } }));
    expect([invalid.status, await invalid.json()]).toEqual([
      400,
      { error: expect.stringContaining('missing mandatory element LocalId') as unknown },
    ]);
    expect((await admin('/objects/StudentDailyAttendance', json('POST', {}))).status).toBe(404);
  });

  it('drops a section enrollment with an ExitDate, today by default', async () => {
    await start();
    const enrollment = district.sectionEnrollments[0];
    const dropped = await admin(`/objects/StudentSectionEnrollment/${enrollment?.refId}/drop`, json('POST', { exitDate: '2025-10-06' }));
    expect(dropped.status).toBe(200);
    const [event] = await subscriber.drain();
    const [object] = objectsIn(theOne(event).body);
    expect([object?.attributes['SectionInfoRefId'], object?.children.map((child) => `${child.name}=${child.text}`)]).toEqual([
      enrollment?.sectionInfoRefId,
      ['ExitDate=2025-10-06'],
    ]);
    expect((await admin(`/objects/StudentSectionEnrollment/${enrollment?.refId}/drop`, json('POST', { exitDate: '6 Oct' }))).status).toBe(
      400,
    );
  });

  it("drops today by default, writing ExitDate per the district's reading [U]", async () => {
    await start();
    const enrollment = district.sectionEnrollments[1];
    await admin(`/objects/StudentSectionEnrollment/${enrollment?.refId}/drop`, json('POST', {}));
    expect(objectsIn(theOne((await subscriber.drain())[0]).body).map((object) => childText(object, 'ExitDate'))).toEqual([localToday()]);
    await zone.close();
    const lastAttended = generateDistrict({ size: 'tiny', seed: 4, schoolYear: 2026, exitDateSemantics: 'last-attended' });
    zone = await startSifZoneSimulator({ district: lastAttended });
    subscriber = new TestAgent(zone.zoneUrl, 'sisbridge');
    await subscriber.register();
    await subscriber.provision({ subscribe: ['StudentSectionEnrollment'] });
    // Effective Monday 2025-10-06: the last day attended was Friday the 3rd.
    await admin(
      `/objects/StudentSectionEnrollment/${lastAttended.sectionEnrollments[1]?.refId}/drop`,
      json('POST', { effectiveDate: '2025-10-06' }),
    );
    expect(objectsIn(theOne((await subscriber.drain())[0]).body).map((object) => childText(object, 'ExitDate'))).toEqual(['2025-10-03']);
  });

  it('drops a school enrollment and, with it, the student’s section enrollments at that school', async () => {
    await start();
    const enrollment = district.schoolEnrollments.find(
      (candidate) => candidate.membershipType === 'Home' && candidate.schoolYear === 2026 && !candidate.exitDate,
    ) as StudentSchoolEnrollment;
    // Those still running on the drop date; one ended earlier by a schedule change is left alone.
    const sections = district.sectionEnrollments.filter(
      (candidate) =>
        candidate.studentPersonalRefId === enrollment.studentPersonalRefId &&
        candidate.schoolYear === 2026 &&
        (candidate.exitDate ?? '9999') > '2025-09-15',
    );
    expect(sections.length).toBeGreaterThan(3);
    const response = await admin(`/objects/StudentSchoolEnrollment/${enrollment.refId}/drop`, json('POST', { exitDate: '2025-09-15' }));
    const body = (await response.json()) as { events: Array<{ objectName: string }> };
    expect(body.events.map((event) => event.objectName)).toEqual([
      'StudentSchoolEnrollment',
      ...sections.map(() => 'StudentSectionEnrollment'),
    ]);
    const events = await subscriber.drain();
    const school = objectsIn(theOne(events[0]).body)[0];
    expect([school?.attributes['TimeFrame'], childText(theOne(school), 'ExitDate')]).toEqual(['Historical', '2025-09-15']);
    expect(events).toHaveLength(1 + sections.length);
  });

  it('reports no Delete events by default, as PowerSchool ships; turned on, a Delete carries the RefId', async () => {
    await start();
    const [first, second] = district.sectionEnrollments;
    const response = await admin(`/objects/StudentSectionEnrollment/${first?.refId}`, { method: 'DELETE' });
    expect(await response.json()).toMatchObject({
      events: [{ action: 'Delete', deliveredTo: [], suppressed: 'Delete events are off, as PowerSchool ships them' }],
    });
    expect(await subscriber.drain()).toEqual([]);
    await subscriber.request('StudentSectionEnrollment', {
      maxBufferSize: 65_536,
      conditions: [{ element: '@RefId', value: first?.refId ?? '' }],
    });
    expect(objectsIn(theOne((await subscriber.drain())[0]).body)).toEqual([]);

    expect((await admin('/settings', json('PUT', { deleteEvents: true }))).status).toBe(200);
    await admin(`/objects/StudentSectionEnrollment/${second?.refId}`, { method: 'DELETE' });
    const [event] = await subscriber.drain();
    expect(event && eventObject(event)).toEqual({ objectName: 'StudentSectionEnrollment', action: 'Delete' });
    expect(objectsIn(theOne(event).body).map((object) => [object.attributes, object.children])).toEqual([[{ RefId: second?.refId }, []]]);
  });

  it('can make a Delete carry every required attribute instead [U]', async () => {
    await start({ deleteEvents: true, deleteEventKeys: 'required-attributes' });
    const enrollment = district.sectionEnrollments[2];
    await admin(`/objects/StudentSectionEnrollment/${enrollment?.refId}`, { method: 'DELETE' });
    const [event] = await subscriber.drain();
    expect(objectsIn(theOne(event).body)[0]?.attributes).toEqual({
      RefId: enrollment?.refId,
      StudentPersonalRefId: enrollment?.studentPersonalRefId,
      SectionInfoRefId: enrollment?.sectionInfoRefId,
      SchoolYear: '2026',
    });
  });

  it('edits list items with SIF_Action="Delete" for a 2.5 agent', async () => {
    await start({}, ['2.5']);
    const teacher = district.staff.find((person) => person.emails) as StaffPersonal;
    await admin(`/objects/StaffPersonal/${teacher.refId}`, json('PATCH', { emails: null }));
    const [event] = await subscriber.drain();
    expect(event?.message.attributes['Version']).toBe('2.5');
    expect(event?.xml).toContain(
      `<StaffPersonal RefId="${teacher.refId}"><EmailList><Email Type="Primary" SIF_Action="Delete"/></EmailList></StaffPersonal>`,
    );
  });

  it('publishes no LEAInfo Change (PowerSchool has none) and nothing for a change that changes nothing', async () => {
    await start();
    expect(await (await admin(`/objects/LEAInfo/${district.lea.refId}`, json('PATCH', { leaName: 'Renamed USD' }))).json()).toMatchObject({
      events: [{ deliveredTo: [], suppressed: 'PowerSchool does not report LEAInfo Change events' }],
    });
    const student = district.students[0];
    expect(
      await (await admin(`/objects/StudentPersonal/${student?.refId}`, json('PATCH', { localId: student?.localId }))).json(),
    ).toMatchObject({ events: [] });
    expect(await subscriber.drain()).toEqual([]);
  });

  it('refuses changes it cannot make, saying why', async () => {
    await start();
    const student = district.students[0];
    const cases: Array<[string, RequestInit, number, string]> = [
      [`/objects/StudentPersonal/${student?.refId}`, json('PATCH', { refId: 'X' }), 400, 'a RefId never changes; add a new object instead'],
      [
        `/objects/StudentPersonal/${student?.refId}`,
        json('PATCH', { favouriteColour: 'teal' }),
        400,
        'StudentPersonal has no field "favouriteColour"',
      ],
      [
        `/objects/StudentPersonal/${student?.refId}`,
        json('PATCH', { name: null }),
        400,
        `StudentPersonal ${student?.refId}: missing mandatory element Name`,
      ],
      [
        `/objects/StudentPersonal/00000000000000000000000000000000`,
        json('PATCH', { localId: '1' }),
        404,
        'no StudentPersonal 00000000000000000000000000000000 in this zone',
      ],
      [
        `/objects/StudentPersonal/${student?.refId}/drop`,
        json('POST', {}),
        400,
        'only enrollments are dropped (StudentSectionEnrollment, StudentSchoolEnrollment), not StudentPersonal',
      ],
      ['/settings', json('PUT', { faults: '5xx=lots' }), 400, '--faults: 5xx must be a share between 0 and 1 (got "lots")'],
    ];
    for (const [path, init, status, error] of cases) {
      const response = await admin(path, init);
      expect([status, await response.json()]).toEqual([response.status, { error }]);
    }
  });

  it('shows its state read-only, and any object with its SIF XML', async () => {
    await start();
    const state = (await (await admin('/state')).json()) as {
      zoneUrl: string;
      district: { counts: Record<string, number> };
      agents: Array<{ sourceId: string }>;
      settings: { deleteEvents: boolean };
    };
    expect([
      state.zoneUrl,
      state.district.counts['StudentPersonal'],
      state.agents.map((agent) => agent.sourceId),
      state.settings.deleteEvents,
    ]).toEqual([zone.zoneUrl, district.students.length, ['sisbridge', 'bystander'], false]);
    const student = district.students[1];
    const shown = (await (await admin(`/objects/StudentPersonal/${student?.refId}`)).json()) as { object: unknown; xml: string };
    expect(shown.object).toEqual(student);
    expect(shown.xml.startsWith(`<StudentPersonal xmlns="${SIF_NAMESPACE}" RefId="${student?.refId}">`)).toBe(true);
  });
});
