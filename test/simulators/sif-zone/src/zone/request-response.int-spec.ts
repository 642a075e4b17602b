import { childElement, childText, generateDistrict, objectsOf, SIF_NAMESPACE, type SifObjectName } from '@sisbridge/sandbox-district';
import { objectsIn, responseFields, TestAgent, type PulledMessage } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from './start-sif-zone-simulator';
import type { SifZoneSimulatorOptions } from './zone-options';

const district = generateDistrict({ size: 'tiny', seed: 8, schoolYear: 2026 });
const XMLNS = ` xmlns="${SIF_NAMESPACE}"`;

/** The standalone size of a pulled packet: as pushed, with its namespace declaration. */
function standaloneBytes(message: PulledMessage): number {
  return Buffer.byteLength(message.xml) + (message.xml.startsWith(`<SIF_Message${XMLNS}`) ? 0 : XMLNS.length);
}

function errorOf(message: PulledMessage | undefined): { category: string | undefined; code: string | undefined } | undefined {
  const error = message ? childElement(message.body, 'SIF_Error') : undefined;
  return error ? { category: childText(error, 'SIF_Category'), code: childText(error, 'SIF_Code') } : undefined;
}

describe('the zone: SIF_Request answered by SIF_Response packets through the queue', () => {
  let zone: SifZoneSimulator;
  let agent: TestAgent;
  async function start(options: Partial<SifZoneSimulatorOptions> = {}, maxBufferSize = 1_048_576): Promise<void> {
    zone = await startSifZoneSimulator({ district, ...options });
    agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register({ maxBufferSize });
  }
  afterEach(async () => {
    await zone.close();
  });

  it.each([4_096, 12_000, 65_000])(
    'delivers every object in packets within a %i-byte buffer, numbered, flagged and addressed to the requester',
    async (maxBufferSize) => {
      await start();
      const request = await agent.request('StudentSectionEnrollment', { maxBufferSize });
      // The request's own ack only confirms routing; the objects come through the queue.
      expect(request.result).toEqual({ status: 0 });
      const packets = await agent.drain();
      expect(packets.length).toBeGreaterThan(1);
      packets.forEach((packet, index) => {
        expect(packet.kind).toBe('SIF_Response');
        expect(packet.sourceId).toBe('PowerSchool');
        expect(responseFields(packet.body)).toEqual({
          requestMsgId: request.msgId,
          packetNumber: index + 1,
          morePackets: index === packets.length - 1 ? 'No' : 'Yes',
          destinationId: 'sisbridge',
        });
        expect(standaloneBytes(packet)).toBeLessThanOrEqual(maxBufferSize);
      });
      expect(packets.flatMap((packet) => objectsIn(packet.body).map((object) => object.attributes['RefId']))).toEqual(
        district.sectionEnrollments.map((enrollment) => enrollment.refId),
      );
    },
  );

  it.each([
    'LEAInfo',
    'SchoolInfo',
    'TermInfo',
    'SchoolCourseInfo',
    'SectionInfo',
    'StaffPersonal',
    'StaffAssignment',
    'StudentPersonal',
    'StudentSchoolEnrollment',
  ] as SifObjectName[])('answers a request for %s with every one of them', async (objectName) => {
    await start();
    await agent.request(objectName, { maxBufferSize: 65_000 });
    const objects = (await agent.drain()).flatMap((packet) => objectsIn(packet.body));
    expect(objects.map((object) => [object.name, object.attributes['RefId']])).toEqual(
      objectsOf(district, objectName).map((object) => [objectName, object.refId]),
    );
  });

  it('selects by @SchoolYear and @RefId conditions', async () => {
    await start();
    await agent.request('SectionInfo', { maxBufferSize: 65_000, conditions: [{ element: '@SchoolYear', value: '2025' }] });
    const lastYear = (await agent.drain()).flatMap((packet) => objectsIn(packet.body));
    expect(lastYear.map((object) => object.attributes['RefId'])).toEqual(
      district.sections.filter((section) => section.schoolYear === 2025).map((section) => section.refId),
    );
    const student = district.students[5];
    await agent.request('StudentPersonal', {
      maxBufferSize: 65_000,
      conditions: [
        { element: '@RefId', value: student?.refId ?? '' },
        { element: '@SchoolYear', value: '2026' },
      ],
    });
    expect((await agent.drain()).flatMap((packet) => objectsIn(packet.body)).map((object) => childText(object, 'LocalId'))).toEqual([
      student?.localId,
    ]);
    await agent.request('StudentPersonal', {
      maxBufferSize: 65_000,
      conditions: [{ element: '@RefId', value: '00000000000000000000000000000000' }],
    });
    const empty = await agent.drain();
    expect(empty.map((packet) => [responseFields(packet.body).morePackets, objectsIn(packet.body).length])).toEqual([['No', 0]]);
  });

  it('refuses in the ack what it cannot route: not a SIF object (8/3), no provider (8/4), a buffer above the registered one (8/8)', async () => {
    await start({}, 65_536);
    expect((await agent.request('StudentSectionInfo', { maxBufferSize: 65_536 })).result).toMatchObject({
      error: { category: 8, code: 3 },
    });
    expect((await agent.request('StudentDailyAttendance', { maxBufferSize: 65_536 })).result).toMatchObject({
      error: { category: 8, code: 4 },
    });
    const toSomeoneElse = await agent.post(
      agent.message(
        'SIF_Request',
        '<SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Query><SIF_QueryObject ObjectName="StudentPersonal"/></SIF_Query>',
        { destinationId: 'Infinite Campus' },
      ),
    );
    expect(toSomeoneElse.result).toMatchObject({ error: { category: 8, code: 4 } });
    expect((await agent.request('StudentPersonal', { maxBufferSize: 70_000 })).result).toMatchObject({
      error: { category: 8, code: 8, extendedDesc: 'SIF_MaxBufferSize 70000 is larger than the 65536 bytes sisbridge registered' },
    });
    expect(zone.state().agents[0]?.queue.length).toBe(0);
  });

  it("answers with a SIF_Response carrying PowerSchool's SIF_Error what it cannot answer: buffer too small (8/8), version (8/7), query (8/9), extended query (8/15)", async () => {
    await start();
    await agent.request('StudentPersonal', { maxBufferSize: 500 });
    await agent.request('StudentPersonal', { maxBufferSize: 65_000, versions: ['1.5r1'] });
    await agent.request('StudentPersonal', { maxBufferSize: 65_000, conditions: [{ element: 'Name/LastName', value: "O'Brien" }] });
    await agent.post(
      agent.message(
        'SIF_Request',
        '<SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65000</SIF_MaxBufferSize><SIF_ExtendedQuery><SIF_Select Distinct="false" RowCount="All"><SIF_Element>@RefId</SIF_Element></SIF_Select><SIF_From ObjectName="StudentPersonal"/></SIF_ExtendedQuery>',
      ),
    );
    const answers = await agent.drain();
    expect(
      answers.map((packet) => [
        responseFields(packet.body).packetNumber,
        responseFields(packet.body).morePackets,
        errorOf(packet),
        childElement(packet.body, 'SIF_ObjectData'),
      ]),
    ).toEqual([
      [1, 'No', { category: '8', code: '8' }, undefined],
      [1, 'No', { category: '8', code: '7' }, undefined],
      [1, 'No', { category: '8', code: '9' }, undefined],
      [1, 'No', { category: '8', code: '15' }, undefined],
    ]);
  });

  it('answers in the request message version when its SIF_Version allows it', async () => {
    await start();
    await agent.post(
      agent.message(
        'SIF_Request',
        '<SIF_Version>2.*</SIF_Version><SIF_MaxBufferSize>65000</SIF_MaxBufferSize><SIF_Query><SIF_QueryObject ObjectName="LEAInfo"/></SIF_Query>',
        { version: '2.3' },
      ),
    );
    const [answer] = await agent.drain();
    expect(answer?.message.attributes['Version']).toBe('2.3');
  });

  it('nests the pulled message without xmlns, as PowerSchool zones do, or with it when asked [U]', async () => {
    await start();
    await agent.request('LEAInfo', { maxBufferSize: 65_000 });
    const [plain] = await agent.drain();
    expect(plain?.xml.startsWith('<SIF_Message Version="2.0r1">')).toBe(true);
    expect(plain?.message.uri).toBe(SIF_NAMESPACE);
    await zone.close();
    await start({ innerMessageXmlns: true });
    await agent.request('LEAInfo', { maxBufferSize: 65_000 });
    const [declared] = await agent.drain();
    expect(declared?.xml.startsWith(`<SIF_Message${XMLNS} Version="2.0r1">`)).toBe(true);
  });

  it("pages one object per packet in PowerSchool's diagnostic mode", async () => {
    await start({ paging: 'one-per-packet' });
    await agent.request('SchoolInfo', { maxBufferSize: 65_000 });
    const packets = await agent.drain();
    expect(packets.map((packet) => [objectsIn(packet.body).length, responseFields(packet.body).morePackets])).toEqual([
      [1, 'Yes'],
      [1, 'No'],
    ]);
  });

  it('serves the objects as they were when the request came in, even if they change while it is pulled', async () => {
    await start({}, 65_536);
    await agent.request('StudentPersonal', { maxBufferSize: 4_096 });
    const first = await agent.getMessage();
    const last = district.students[district.students.length - 1];
    zone.changes.change('StudentPersonal', last?.refId ?? '', { localId: 'CHANGED' });
    await agent.acknowledge(first.message?.sourceId ?? '', first.message?.msgId ?? '');
    const rest = await agent.drain();
    const served = [first.message, ...rest].flatMap((packet) => (packet ? objectsIn(packet.body) : []));
    expect(served.find((object) => object.attributes['RefId'] === last?.refId)).toBeDefined();
    expect(served.map((object) => childText(object, 'LocalId'))).not.toContain('CHANGED');
  });
});
