import { childElement, childElements, childText, generateDistrict } from '@sisbridge/sandbox-district';
import { TestAgent } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from './start-sif-zone-simulator';

const district = generateDistrict({ size: 'tiny', seed: 3, schoolYear: 2026 });
const NS = 'http://www.sifinfo.org/infrastructure/2.x';

describe('the zone: registration, provisioning and the errors of SIF 2.x', () => {
  let zone: SifZoneSimulator;
  beforeEach(async () => {
    zone = await startSifZoneSimulator({ district, restrictSourceIds: undefined });
  });
  afterEach(async () => {
    await zone.close();
  });

  it('registers a pull agent, answers application/xml from the ZIS, and returns its ACL', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    const response = await fetch(zone.zoneUrl, {
      method: 'POST',
      body: agent.message(
        'SIF_Register',
        '<SIF_Name>sisbridge</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_Version>2.*</SIF_Version><SIF_MaxBufferSize>1048576</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>',
      ),
    });
    expect(response.headers.get('content-type')).toBe('application/xml;charset="utf-8"');
    const posted = await agent.register({ versions: ['2.0r1', '2.*'] });
    expect(posted.result).toEqual({ status: 0 });
    expect(childText(childElement(posted.ack, 'SIF_Header') ?? posted.ack, 'SIF_SourceId')).toBe('ZIS');
    const acl = childElement(childElement(childElement(posted.ack, 'SIF_Status') ?? posted.ack, 'SIF_Data') ?? posted.ack, 'SIF_AgentACL');
    expect(
      childElements(childElement(acl ?? posted.ack, 'SIF_RequestAccess') ?? posted.ack, 'SIF_Object').map(
        (object) => object.attributes['ObjectName'],
      ),
    ).toContain('StudentSectionEnrollment');
    expect(childElement(acl ?? posted.ack, 'SIF_ProvideAccess')?.children).toEqual([]);
    expect(zone.state().agents).toMatchObject([{ sourceId: 'sisbridge', mode: 'Pull', version: '2.0r1', maxBufferSize: 1_048_576 }]);
  });

  it('lets an agent re-register: its settings change, its queue and subscriptions stay', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register({ maxBufferSize: 65_536 });
    await agent.provision({ subscribe: ['StudentPersonal'] });
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    expect((await agent.register({ maxBufferSize: 131_072, versions: ['2.*'] })).result).toEqual({ status: 0 });
    expect(zone.state().agents).toMatchObject([
      { maxBufferSize: 131_072, version: '2.4', subscriptions: ['StudentPersonal'], queue: { length: 1 } },
    ]);
  });

  it.each([
    [
      'no version spoken here',
      '<SIF_Name>a</SIF_Name><SIF_Version>1.5r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>',
      5,
      4,
    ],
    [
      'a buffer below the minimum',
      '<SIF_Name>a</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>1024</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>',
      5,
      6,
    ],
    [
      'a buffer that is not a number',
      '<SIF_Name>a</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>lots</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>',
      1,
      4,
    ],
    [
      'an unknown mode',
      '<SIF_Name>a</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Sideways</SIF_Mode>',
      1,
      4,
    ],
    ['no SIF_Name', '<SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>', 1, 6],
    [
      'push without SIF_Protocol',
      '<SIF_Name>a</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Push</SIF_Mode>',
      1,
      6,
    ],
    [
      'push over FTP',
      '<SIF_Name>a</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Push</SIF_Mode><SIF_Protocol Type="FTP"><SIF_URL>ftp://x/</SIF_URL></SIF_Protocol>',
      5,
      3,
    ],
    [
      'a URL that does not match its protocol',
      '<SIF_Name>a</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Push</SIF_Mode><SIF_Protocol Type="HTTPS"><SIF_URL>http://127.0.0.1:1/</SIF_URL></SIF_Protocol>',
      1,
      4,
    ],
  ])('refuses to register with %s', async (_what, inner, category, code) => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    expect((await agent.post(agent.message('SIF_Register', inner))).result).toMatchObject({ error: { category, code } });
    expect(zone.state().agents).toEqual([]);
  });

  it('admits only the listed SourceIds when restricted', async () => {
    await zone.close();
    zone = await startSifZoneSimulator({ district, restrictSourceIds: ['sisbridge'] });
    expect((await new TestAgent(zone.zoneUrl, 'intruder').register()).result).toMatchObject({ error: { category: 4, code: 2 } });
    // SourceIds are case-sensitive.
    expect((await new TestAgent(zone.zoneUrl, 'SISBRIDGE').register()).result).toMatchObject({ error: { category: 4, code: 2 } });
    expect((await new TestAgent(zone.zoneUrl, 'sisbridge').register()).result).toEqual({ status: 0 });
  });

  it('answers a SourceId that has not registered (or has unregistered) with 4/9', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    expect((await agent.systemControl('SIF_GetMessage')).result).toMatchObject({ error: { category: 4, code: 9 } });
    await agent.register();
    expect((await agent.post(agent.message('SIF_Unregister', ''))).result).toEqual({ status: 0 });
    expect((await agent.request('StudentPersonal', { maxBufferSize: 65_536 })).result).toMatchObject({ error: { category: 4, code: 9 } });
    expect(zone.state().agents).toEqual([]);
  });

  it('answers malformed XML with 1/2, naming no original message, and keeps serving', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    const posted = await agent.post('<SIF_Message><SIF_Register>');
    expect(posted.result).toMatchObject({ error: { category: 1, code: 2 } });
    expect(childText(posted.ack, 'SIF_OriginalSourceId')).toBe('');
    expect(childElement(posted.ack, 'SIF_OriginalMsgId')?.attributes).toEqual({ 'xsi:nil': 'true' });
    expect((await agent.register()).result).toEqual({ status: 0 });
  });

  it('answers an unsupported SIF_Message version with 12/3 and names the message', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    const msgId = '0B7E2C1D3A4F4E5D8C9B0A1F2E3D4C5B';
    const posted = await agent.post(
      agent.message(
        'SIF_Register',
        '<SIF_Name>a</SIF_Name><SIF_Version>1.5r1</SIF_Version><SIF_MaxBufferSize>65536</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>',
        { version: '1.5r1', msgId },
      ),
    );
    expect(posted.result).toMatchObject({ error: { category: 12, code: 3 } });
    expect([childText(posted.ack, 'SIF_OriginalSourceId'), childText(posted.ack, 'SIF_OriginalMsgId')]).toEqual(['sisbridge', msgId]);
    expect((await agent.register()).result).toEqual({ status: 0 });
  });

  it('answers a repeated SIF_MsgId with status 7 and does not act on it twice', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register();
    const first = await agent.request('StudentPersonal', { maxBufferSize: 65_536 });
    const again = await agent.request('StudentPersonal', { maxBufferSize: 65_536, msgId: first.msgId });
    expect([first.result, again.result]).toEqual([
      { status: 0 },
      { status: 7, desc: 'Already have a message with this SIF_MsgId from this sender' },
    ]);
    expect(zone.state().agents[0]?.queue.length).toBe(1);
  });

  it('provisions subscriptions and requests, and refuses providing, publishing and invalid objects', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register();
    expect((await agent.provision({ subscribe: ['StudentPersonal', 'SectionInfo'], request: ['StudentPersonal'] })).result).toEqual({
      status: 0,
    });
    expect(zone.state().agents[0]).toMatchObject({
      subscriptions: ['StudentPersonal', 'SectionInfo'],
      requestObjects: ['StudentPersonal'],
    });
    // Instructure's agent.yaml names "StudentSectionInfo", which is not a SIF object.
    expect((await agent.provision({ subscribe: ['StudentSectionInfo'] })).result).toMatchObject({
      error: { category: 6, code: 3, extendedDesc: 'not SIF objects: StudentSectionInfo' },
    });
    const provide = agent.message('SIF_Provision', '<SIF_ProvideObjects><SIF_Object ObjectName="StudentPersonal"/></SIF_ProvideObjects>');
    expect((await agent.post(provide)).result).toMatchObject({ error: { category: 4, code: 3 } });
    const publish = agent.message(
      'SIF_Provision',
      '<SIF_PublishAddObjects><SIF_Object ObjectName="StudentPersonal"/></SIF_PublishAddObjects>',
    );
    expect((await agent.post(publish)).result).toMatchObject({ error: { category: 4, code: 10 } });
    expect((await agent.post(agent.message('SIF_Provide', '<SIF_Object ObjectName="StudentPersonal"/>'))).result).toMatchObject({
      error: { category: 4, code: 3 },
    });
    expect((await agent.post(agent.message('SIF_Unprovide', '<SIF_Object ObjectName="StudentPersonal"/>'))).result).toMatchObject({
      error: { category: 6, code: 5 },
    });
  });

  it('subscribes and unsubscribes object by object (SIF_Subscribe), with their status and errors', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register();
    const subscribe = () => agent.post(agent.message('SIF_Subscribe', '<SIF_Object ObjectName="StudentSectionEnrollment"/>'));
    expect((await subscribe()).result).toEqual({ status: 0 });
    expect((await subscribe()).result).toEqual({ status: 5, desc: 'Already subscribed to this object' });
    expect((await agent.post(agent.message('SIF_Subscribe', '<SIF_Object ObjectName="Nonsense"/>'))).result).toMatchObject({
      error: { category: 7, code: 3 },
    });
    expect((await agent.post(agent.message('SIF_Unsubscribe', '<SIF_Object ObjectName="StudentSectionEnrollment"/>'))).result).toEqual({
      status: 0,
    });
    expect(
      (await agent.post(agent.message('SIF_Unsubscribe', '<SIF_Object ObjectName="StudentSectionEnrollment"/>'))).result,
    ).toMatchObject({ error: { category: 7, code: 4 } });
  });

  it('refuses events and responses from agents, other contexts, and unknown zone ids', async () => {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register();
    const event = agent.message(
      'SIF_Event',
      '<SIF_ObjectData><SIF_EventObject ObjectName="StudentPersonal" Action="Change"><StudentPersonal RefId="AB"/></SIF_EventObject></SIF_ObjectData>',
    );
    expect((await agent.post(event)).result).toMatchObject({ error: { category: 4, code: 11 } });
    const response = agent.message(
      'SIF_Response',
      '<SIF_RequestMsgId>9F8E7D6C5B4A49388271605F4E3D2C1B</SIF_RequestMsgId><SIF_PacketNumber>1</SIF_PacketNumber><SIF_MorePackets>No</SIF_MorePackets>',
    );
    expect((await agent.post(response)).result).toMatchObject({ error: { category: 8, code: 10 } });
    const withContext = `<SIF_Message xmlns="${NS}" Version="2.6"><SIF_SystemControl><SIF_Header><SIF_MsgId>6A7B8C9D0E1F42A3B4C5D6E7F8091A2B</SIF_MsgId><SIF_Timestamp>2025-08-20T07:01:30-06:00</SIF_Timestamp><SIF_SourceId>sisbridge</SIF_SourceId><SIF_Contexts><SIF_Context>Summer</SIF_Context></SIF_Contexts></SIF_Header><SIF_SystemControlData><SIF_Ping/></SIF_SystemControlData></SIF_SystemControl></SIF_Message>`;
    expect((await agent.post(withContext)).result).toMatchObject({ error: { category: 12, code: 4 } });
    const wrongZone = await fetch(zone.zoneUrl.replace('SandboxZone', 'sandboxzone'), {
      method: 'POST',
      body: agent.message('SIF_SystemControl', '<SIF_SystemControlData><SIF_Ping/></SIF_SystemControlData>'),
    });
    expect(wrongZone.status).toBe(404);
    expect((await agent.systemControl('SIF_Ping')).result).toEqual({ status: 0 });
  });

  it('writes SIF_Timestamp with the UTC offset, or without it when asked [U]', async () => {
    const timestampOf = (posted: Awaited<ReturnType<TestAgent['register']>>) =>
      childText(childElement(posted.ack, 'SIF_Header') ?? posted.ack, 'SIF_Timestamp');
    expect(timestampOf(await new TestAgent(zone.zoneUrl, 'a').register())).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    await zone.close();
    zone = await startSifZoneSimulator({ district, timestampOffset: false });
    expect(timestampOf(await new TestAgent(zone.zoneUrl, 'a').register())).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("puts the agent's own SourceId in the zone's ack headers when asked [U]", async () => {
    await zone.close();
    zone = await startSifZoneSimulator({ district, ackSourceId: 'agent' });
    const posted = await new TestAgent(zone.zoneUrl, 'sisbridge').register();
    expect(childText(childElement(posted.ack, 'SIF_Header') ?? posted.ack, 'SIF_SourceId')).toBe('sisbridge');
  });
});
