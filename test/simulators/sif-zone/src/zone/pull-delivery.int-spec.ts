import { childText, generateDistrict } from '@sisbridge/sandbox-district';
import { bodyOf, objectsIn, TestAgent } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from './start-sif-zone-simulator';
import type { SifZoneSimulatorOptions } from './zone-options';

const district = generateDistrict({ size: 'tiny', seed: 12, schoolYear: 2026 });

describe('the zone: pull delivery (SIF_GetMessage) and acks', () => {
  let zone: SifZoneSimulator;
  let agent: TestAgent;
  async function start(options: Partial<SifZoneSimulatorOptions> = {}): Promise<void> {
    zone = await startSifZoneSimulator({ district, ...options });
    agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register({ maxBufferSize: 65_536 });
  }
  afterEach(async () => {
    await zone.close();
  });

  it('answers 9 when the queue is empty', async () => {
    await start();
    expect((await agent.getMessage()).result).toEqual({ status: 9, desc: 'No messages available' });
  });

  it('hands out the same message until the agent acks its SIF_MsgId, then the next', async () => {
    await start();
    await agent.request('StudentPersonal', { maxBufferSize: 4_096 });
    const first = await agent.getMessage();
    const again = await agent.getMessage();
    expect(again.message?.msgId).toBe(first.message?.msgId);
    expect(again.message?.xml).toBe(first.message?.xml);
    expect(zone.state().agents[0]?.queue).toMatchObject({ delivered: 2, redelivered: 1, acked: 0 });
    expect((await agent.acknowledge('PowerSchool', first.message?.msgId ?? '')).result).toEqual({ status: 0 });
    const next = await agent.getMessage();
    expect(next.message?.msgId).not.toBe(first.message?.msgId);
    expect(childText(bodyOf(next), 'SIF_PacketNumber')).toBe('2');
  });

  it("refuses an ack of the zone's outer SIF_Ack instead of the message inside (1/4), and keeps the message", async () => {
    await start();
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    const pulled = await agent.getMessage();
    const wrong = await agent.acknowledge('ZIS', pulled.ackMsgId);
    expect(wrong.result).toMatchObject({ error: { category: 1, code: 4 } });
    expect((await agent.getMessage()).message?.msgId).toBe(pulled.message?.msgId);
  });

  it('treats a repeated ack as done, and an error ack as the agent giving the message up', async () => {
    await start();
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    await agent.request('SchoolInfo', { maxBufferSize: 65_536 });
    const lea = await agent.getMessage();
    expect((await agent.acknowledge('PowerSchool', lea.message?.msgId ?? '')).result).toEqual({ status: 0 });
    expect((await agent.acknowledge('PowerSchool', lea.message?.msgId ?? '')).result).toEqual({ status: 0 });
    const schools = await agent.getMessage();
    const giveUp = agent.message(
      'SIF_Ack',
      `<SIF_OriginalSourceId>PowerSchool</SIF_OriginalSourceId><SIF_OriginalMsgId>${schools.message?.msgId ?? ''}</SIF_OriginalMsgId><SIF_Error><SIF_Category>1</SIF_Category><SIF_Code>1</SIF_Code><SIF_Desc>Unable to parse pulled SIF_Message</SIF_Desc></SIF_Error>`,
    );
    expect((await agent.post(giveUp)).result).toEqual({ status: 0 });
    expect((await agent.getMessage()).result).toMatchObject({ status: 9 });
    expect(zone.state().agents[0]?.queue.rejected).toEqual([
      {
        msgId: schools.message?.msgId,
        objectName: 'SchoolInfo',
        error: { category: 1, code: 1, desc: 'Unable to parse pulled SIF_Message' },
      },
    ]);
  });

  it('answers 8 while the agent sleeps (SIF_Sleep) or the zone sleeps, and delivers again after waking', async () => {
    await start();
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    expect((await agent.systemControl('SIF_Sleep')).result).toEqual({ status: 0 });
    expect((await agent.getMessage()).result).toEqual({ status: 8, desc: 'Receiver is sleeping' });
    expect((await agent.systemControl('SIF_Wakeup')).result).toEqual({ status: 0 });
    expect((await agent.getMessage()).message?.kind).toBe('SIF_Response');
    await fetch(`${zone.url}/__admin/zone/sleep`, { method: 'POST' });
    expect((await agent.systemControl('SIF_Ping')).result).toMatchObject({ status: 8 });
    expect((await agent.getMessage()).result).toMatchObject({ status: 8 });
    await fetch(`${zone.url}/__admin/zone/wakeup`, { method: 'POST' });
    expect((await agent.getMessage()).message?.kind).toBe('SIF_Response');
  });

  it('answers SIF_GetMessage from a push agent with 5/9', async () => {
    await start();
    const pusher = new TestAgent(zone.zoneUrl, 'pusher');
    await pusher.register({ mode: 'Push', url: 'http://127.0.0.1:9/sif' });
    expect((await pusher.getMessage()).result).toMatchObject({ error: { category: 5, code: 9 } });
  });

  it('holds events back, not responses, while an event is frozen by an Intermediate ack (SMB), until its Final ack', async () => {
    await start();
    await agent.provision({ subscribe: ['StudentPersonal'] });
    const [first, second] = district.students;
    zone.changes.change('StudentPersonal', first?.refId ?? '', { localId: 'S-1' });
    zone.changes.change('StudentPersonal', second?.refId ?? '', { localId: 'S-2' });
    const event = await agent.getMessage();
    expect(event.message?.kind).toBe('SIF_Event');
    await agent.acknowledge('PowerSchool', event.message?.msgId ?? '', 2);
    // While processing the event the agent asks for more; the response comes, the next event waits.
    await agent.request('SchoolInfo', { maxBufferSize: 65_536 });
    const response = await agent.getMessage();
    expect(response.message?.kind).toBe('SIF_Response');
    await agent.acknowledge('PowerSchool', response.message?.msgId ?? '');
    expect((await agent.getMessage()).result).toMatchObject({ status: 9 });
    expect(zone.state().agents[0]?.queue.eventsBlocked).toBe(true);
    await agent.acknowledge('PowerSchool', event.message?.msgId ?? '', 3);
    const next = await agent.getMessage();
    expect(objectsIn(bodyOf(next)).map((object) => childText(object, 'LocalId'))).toEqual(['S-2']);
  });

  it('drops the rest of a response on SIF_CancelRequests', async () => {
    await start();
    const request = await agent.request('StudentSectionEnrollment', { maxBufferSize: 4_096 });
    await agent.getMessage();
    const cancel = agent.message(
      'SIF_SystemControl',
      `<SIF_SystemControlData><SIF_CancelRequests><SIF_NotificationType>None</SIF_NotificationType><SIF_RequestMsgIds><SIF_RequestMsgId>${request.msgId}</SIF_RequestMsgId></SIF_RequestMsgIds></SIF_CancelRequests></SIF_SystemControlData>`,
      { version: '2.3' },
    );
    expect((await agent.post(cancel)).result).toEqual({ status: 0 });
    expect((await agent.getMessage()).result).toMatchObject({ status: 9 });
  });

  it('hands a message out once more after its ack when duplicated deliveries are injected', async () => {
    await start({ faults: 'duplicate=1,seed=3' });
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    await agent.request('SchoolInfo', { maxBufferSize: 65_536 });
    const delivered = await agent.drain();
    // Each message twice, with the same SIF_MsgId: the agent must recognise what it already has.
    expect(delivered.map((message) => objectsIn(message.body)[0]?.name)).toEqual(['LEAInfo', 'LEAInfo', 'SchoolInfo', 'SchoolInfo']);
    expect(delivered[1]?.msgId).toBe(delivered[0]?.msgId);
    expect(zone.state().faults.counters.duplicates).toBe(2);
  });
});
