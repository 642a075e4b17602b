import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { childElement, childText, generateDistrict, parseXmlDocument, SIF_NAMESPACE, type XmlElement } from '@sisbridge/sandbox-district';
import { listen, type ListeningServer } from '@sisbridge/sim-common';
import { objectsIn, responseFields, TestAgent } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from '../zone/start-sif-zone-simulator';
import type { SifZoneSimulatorOptions } from '../zone/zone-options';

const district = generateDistrict({ size: 'tiny', seed: 6, schoolYear: 2026 });

interface Received {
  raw: string;
  kind: string;
  msgId: string;
  body: XmlElement;
}

type Answer = { http: number } | { code: number } | { ackFor: string } | 'unreadable';

/** A push agent's endpoint: records every POST and answers as the test scripts it (acks by default). */
class PushEndpoint {
  readonly received: Received[] = [];
  readonly script: Answer[] = [];
  private server: ListeningServer | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly agent: TestAgent) {}

  get url(): string {
    return `${this.server?.url ?? ''}/sif`;
  }

  async start(): Promise<void> {
    this.server = await listen((req, res) => void this.handle(req, res));
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  /** Resolves once `count` messages have arrived (or fails after 10 s). */
  async waitFor(count: number): Promise<Received[]> {
    const deadline = Date.now() + 10_000;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.received.length} of ${count} pushes arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.received;
  }

  private async handle(req: HttpRequest, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const message = parseXmlDocument(raw);
    const body = message.children[0] ?? message;
    const msgId = childText(childElement(body, 'SIF_Header') ?? body, 'SIF_MsgId') ?? '';
    this.received.push({ raw, kind: body.name, msgId, body });
    const answer = this.script.shift() ?? { code: 1 };
    if (answer === 'unreadable') {
      res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<SIF_Message');
    } else if ('http' in answer) {
      res.writeHead(answer.http).end('agent trouble');
    } else {
      const code = 'code' in answer ? answer.code : 1;
      const original = 'ackFor' in answer ? answer.ackFor : msgId;
      const ack = this.agent.message(
        'SIF_Ack',
        `<SIF_OriginalSourceId>PowerSchool</SIF_OriginalSourceId><SIF_OriginalMsgId>${original}</SIF_OriginalMsgId><SIF_Status><SIF_Code>${code}</SIF_Code></SIF_Status>`,
      );
      res.writeHead(200, { 'Content-Type': 'application/xml;charset="utf-8"' }).end(ack);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }
}

async function untilQueueEmpty(zone: SifZoneSimulator): Promise<void> {
  for (let waited = 0; (zone.state().agents[0]?.queue.length ?? 0) > 0; waited += 20) {
    if (waited > 10_000) throw new Error('the queue never emptied');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the zone: push delivery to the registered SIF_URL', () => {
  let zone: SifZoneSimulator;
  let agent: TestAgent;
  let endpoint: PushEndpoint;
  async function start(options: Partial<SifZoneSimulatorOptions> = {}): Promise<void> {
    zone = await startSifZoneSimulator({ district, pushRetryMs: 20, pushRetryMaxMs: 100, ...options });
    agent = new TestAgent(zone.zoneUrl, 'pusher');
    endpoint = new PushEndpoint(agent);
    await endpoint.start();
    expect((await agent.register({ mode: 'Push', url: endpoint.url, maxBufferSize: 65_536 })).result).toEqual({ status: 0 });
  }
  afterEach(async () => {
    await zone.close();
    await endpoint.close();
  });

  it('POSTs every packet, in order, as a whole SIF_Message, and dequeues each on its ack', async () => {
    await start();
    const request = await agent.request('StudentPersonal', { maxBufferSize: 8_000 });
    await endpoint.waitFor(3);
    await untilQueueEmpty(zone);
    const packets = endpoint.received;
    expect(packets.every((packet) => packet.raw.startsWith(`<SIF_Message xmlns="${SIF_NAMESPACE}" Version="2.0r1"><SIF_Response>`))).toBe(
      true,
    );
    expect(packets.map((packet) => responseFields(packet.body).packetNumber)).toEqual(packets.map((_packet, index) => index + 1));
    expect(packets.map((packet) => responseFields(packet.body).morePackets)).toEqual(
      packets.map((_packet, index) => (index === packets.length - 1 ? 'No' : 'Yes')),
    );
    expect(
      packets.every((packet) => responseFields(packet.body).requestMsgId === request.msgId && Buffer.byteLength(packet.raw) <= 8_000),
    ).toBe(true);
    expect(packets.flatMap((packet) => objectsIn(packet.body).map((object) => object.attributes['RefId']))).toEqual(
      district.students.map((student) => student.refId),
    );
    expect(zone.state().agents[0]?.queue).toMatchObject({ length: 0, acked: packets.length });
  });

  it('POSTs a message again, the same SIF_MsgId, until the agent acks it: after HTTP 500, an unreadable answer or an ack of something else', async () => {
    await start();
    endpoint.script.push({ http: 500 }, 'unreadable', { ackFor: '00000000000000000000000000000000' });
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    const pushed = await endpoint.waitFor(4);
    await untilQueueEmpty(zone);
    expect(new Set(pushed.map((message) => message.msgId)).size).toBe(1);
    expect(endpoint.received).toHaveLength(4);
    expect(zone.state().agents[0]).toMatchObject({
      push: {
        attempts: 4,
        failures: 3,
        lastError: 'the SIF_Ack acknowledges 00000000000000000000000000000000, not ' + (pushed[0]?.msgId ?? ''),
      },
      queue: { length: 0 },
    });
  });

  it('pushes events to a push subscriber', async () => {
    await start();
    await agent.provision({ subscribe: ['SectionInfo'] });
    const section = district.sections[0];
    zone.changes.change('SectionInfo', section?.refId ?? '', { description: 'Moved to period 8 & room <B12>' });
    const [event] = await endpoint.waitFor(1);
    expect(event?.kind).toBe('SIF_Event');
    expect(event?.raw).toContain('<Description>Moved to period 8 &amp; room &lt;B12&gt;</Description>');
  });

  it('POSTs each message twice when duplicated deliveries are injected', async () => {
    await start({ faults: 'duplicate=1,seed=9' });
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    await agent.request('SchoolInfo', { maxBufferSize: 65_536 });
    const pushed = await endpoint.waitFor(4);
    expect(pushed.map((message) => objectsIn(message.body)[0]?.name)).toEqual(['LEAInfo', 'LEAInfo', 'SchoolInfo', 'SchoolInfo']);
    expect(pushed[1]?.msgId).toBe(pushed[0]?.msgId);
  });

  it('stops pushing to an agent that answers it is sleeping, until it wakes up', async () => {
    await start();
    endpoint.script.push({ code: 8 });
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    await endpoint.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(endpoint.received).toHaveLength(1);
    expect(zone.state().agents[0]).toMatchObject({ asleep: true, queue: { length: 1 } });
    await agent.systemControl('SIF_Wakeup');
    const pushed = await endpoint.waitFor(2);
    expect(pushed[1]?.msgId).toBe(pushed[0]?.msgId);
  });

  it('stops pushing once the agent re-registers for pull, and hands the queue to SIF_GetMessage', async () => {
    await start();
    await zone.close();
    zone = await startSifZoneSimulator({ district });
    agent = new TestAgent(zone.zoneUrl, 'pusher');
    await agent.register({ mode: 'Push', url: 'http://127.0.0.1:9/nobody-listens', maxBufferSize: 65_536 });
    await agent.request('LEAInfo', { maxBufferSize: 65_536 });
    await agent.register({ mode: 'Pull', maxBufferSize: 65_536 });
    const pulled = await agent.drain();
    expect(pulled.map((message) => objectsIn(message.body)[0]?.name)).toEqual(['LEAInfo']);
  });
});
