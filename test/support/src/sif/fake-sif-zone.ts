import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

const NS = 'http://www.sifinfo.org/infrastructure/2.x';

export interface FakeSifZoneOptions {
  /** Object XML fragments per SIF object name (each a whole `<StudentPersonal …>…</StudentPersonal>`). */
  objects: Record<string, string[]>;
  /** Objects per response packet. */
  packetSize?: number;
  /** Deliver each response's packets in reverse order. */
  reversePackets?: boolean;
  /** Queue every message twice (a duplicated delivery). */
  duplicate?: boolean;
  /** The inner SIF_Message of a pulled ack carries its own xmlns (true) or inherits it (false, as PowerSchool's zone does). */
  innerXmlns?: boolean;
  /** The first response to this object's request loses this packet (never queued). */
  losePacket?: { objectName: string; packetNumber: number };
  /** Answer this object's requests with a SIF_Response carrying SIF_Error. */
  errorFor?: { objectName: string; category: number; code: number; times?: number };
  /** Answer the first N SIF_GetMessage with status 8 (sleeping). */
  sleepFirst?: number;
  /** Answer SIF_Provision with 12/2 (a pre-2.x zone). */
  noProvision?: boolean;
  /** Raw packet bodies (the inside of SIF_ObjectData) per object, instead of packing `objects`. */
  rawPackets?: Record<string, string[]>;
}

interface Queued {
  msgId: string;
  xml: string;
}

/**
 * A small, scriptable SIF zone for the agent's tests of exact fault scenarios (packets in
 * reverse, a lost packet, SIF_Error answers, a sleeping zone). It is not the simulator: the
 * acceptance suites run against `@sisbridge/sif-zone-simulator`, written separately from the
 * reference. One provider ("PowerSchool"), one subscriber (whoever registers).
 */
export class FakeSifZone {
  readonly received: Array<{ type: string; xml: string }> = [];
  readonly requests: Array<{ msgId: string; objectName: string; xml: string }> = [];
  readonly acks: string[] = [];
  private readonly queue: Queued[] = [];
  private agentId = '';
  private pushUrl?: string;
  private pushing = Promise.resolve();
  private lost = false;
  private errorsSent = 0;
  private sleepsLeft: number;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: FakeSifZoneOptions,
  ) {
    this.sleepsLeft = options.sleepFirst ?? 0;
  }

  static async start(options: FakeSifZoneOptions): Promise<FakeSifZone> {
    const holder: { zone?: FakeSifZone } = {};
    const server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const answer = holder.zone?.handle(body) ?? '';
        res.writeHead(200, { 'content-type': 'application/xml;charset="utf-8"' });
        res.end(withRawBytes(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    holder.zone = new FakeSifZone(server, `http://127.0.0.1:${address.port}/zone/test`, options);
    return holder.zone;
  }

  /** Queues (or pushes) a SIF_Event with one object. */
  publishEvent(objectName: string, action: 'Add' | 'Change' | 'Delete', objectXml: string): void {
    const msgId = guid();
    const xml = this.message(
      'SIF_Event',
      msgId,
      `<SIF_ObjectData><SIF_EventObject ObjectName="${objectName}" Action="${action}">${objectXml}</SIF_EventObject></SIF_ObjectData>`,
      false,
    );
    this.deliver({ msgId, xml });
  }

  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    await this.pushing;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(body: string): string {
    const type = /<(SIF_\w+)>\s*<SIF_Header>/.exec(body)?.[1] ?? 'unknown';
    this.received.push({ type, xml: body });
    const msgId = tag(body, 'SIF_MsgId');
    const sourceId = tag(body, 'SIF_SourceId');
    switch (type) {
      case 'SIF_Register':
        this.agentId = sourceId;
        this.pushUrl = tag(body, 'SIF_Mode') === 'Push' ? tag(body, 'SIF_URL') : undefined;
        return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>0</SIF_Code></SIF_Status>');
      case 'SIF_Provision':
        if (this.options.noProvision)
          return this.ack(
            sourceId,
            msgId,
            '<SIF_Error><SIF_Category>12</SIF_Category><SIF_Code>2</SIF_Code><SIF_Desc>Message not supported</SIF_Desc></SIF_Error>',
          );
        return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>0</SIF_Code></SIF_Status>');
      case 'SIF_Subscribe':
        return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>0</SIF_Code></SIF_Status>');
      case 'SIF_Request':
        this.answerRequest(msgId, body);
        return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>0</SIF_Code></SIF_Status>');
      case 'SIF_SystemControl':
        if (body.includes('<SIF_GetMessage')) return this.getMessage(sourceId, msgId);
        return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>0</SIF_Code></SIF_Status>');
      case 'SIF_Ack': {
        const original = tag(body, 'SIF_OriginalMsgId');
        this.acks.push(original);
        const at = this.queue.findIndex((queued) => queued.msgId === original);
        if (at === 0) this.queue.shift();
        return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>0</SIF_Code></SIF_Status>');
      }
      default:
        return this.ack(
          sourceId,
          msgId,
          '<SIF_Error><SIF_Category>12</SIF_Category><SIF_Code>2</SIF_Code><SIF_Desc>Message not supported</SIF_Desc></SIF_Error>',
        );
    }
  }

  private getMessage(sourceId: string, msgId: string): string {
    if (this.sleepsLeft > 0) {
      this.sleepsLeft--;
      return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>8</SIF_Code></SIF_Status>');
    }
    const next = this.queue[0];
    if (!next) return this.ack(sourceId, msgId, '<SIF_Status><SIF_Code>9</SIF_Code></SIF_Status>');
    return this.ack(sourceId, msgId, `<SIF_Status><SIF_Code>0</SIF_Code><SIF_Data>${next.xml}</SIF_Data></SIF_Status>`);
  }

  private answerRequest(requestMsgId: string, body: string): void {
    const objectName = /SIF_QueryObject ObjectName="(\w+)"/.exec(body)?.[1] ?? '';
    this.requests.push({ msgId: requestMsgId, objectName, xml: body });
    const error = this.options.errorFor;
    if (error && error.objectName === objectName && this.errorsSent < (error.times ?? Number.POSITIVE_INFINITY)) {
      this.errorsSent++;
      this.deliver(
        this.response(
          requestMsgId,
          1,
          false,
          `<SIF_Error><SIF_Category>${error.category}</SIF_Category><SIF_Code>${error.code}</SIF_Code><SIF_Desc>scripted error</SIF_Desc></SIF_Error>`,
        ),
      );
      return;
    }
    const bodies =
      this.options.rawPackets?.[objectName] ??
      chunk(this.options.objects[objectName] ?? [], this.options.packetSize ?? 3).map((objects) => objects.join(''));
    const packets = (bodies.length > 0 ? bodies : ['']).map((inside, index, all) =>
      this.response(requestMsgId, index + 1, index < all.length - 1, `<SIF_ObjectData>${inside}</SIF_ObjectData>`),
    );
    const ordered = this.options.reversePackets ? [...packets].reverse() : packets;
    for (const [index, packet] of ordered.entries()) {
      const number = this.options.reversePackets ? packets.length - index : index + 1;
      if (this.options.losePacket?.objectName === objectName && this.options.losePacket.packetNumber === number && !this.lost) {
        this.lost = true;
        continue;
      }
      this.deliver(packet);
    }
  }

  private response(requestMsgId: string, packet: number, more: boolean, payload: string): Queued {
    const msgId = guid();
    const inside = `<SIF_RequestMsgId>${requestMsgId}</SIF_RequestMsgId><SIF_PacketNumber>${packet}</SIF_PacketNumber><SIF_MorePackets>${more ? 'Yes' : 'No'}</SIF_MorePackets>${payload}`;
    return { msgId, xml: this.message('SIF_Response', msgId, inside, true) };
  }

  private message(type: string, msgId: string, inside: string, toAgent: boolean): string {
    const xmlns = (this.options.innerXmlns ?? false) ? ` xmlns="${NS}"` : '';
    const destination = toAgent ? `<SIF_DestinationId>${this.agentId}</SIF_DestinationId>` : '';
    return `<SIF_Message${xmlns} Version="2.0r1"><${type}><SIF_Header><SIF_MsgId>${msgId}</SIF_MsgId><SIF_Timestamp>2025-09-01T10:00:00Z</SIF_Timestamp><SIF_SourceId>PowerSchool</SIF_SourceId>${destination}</SIF_Header>${inside}</${type}></SIF_Message>`;
  }

  private deliver(message: Queued): void {
    const copies = this.options.duplicate ? [message, message] : [message];
    if (!this.pushUrl) {
      this.queue.push(...copies);
      return;
    }
    const url = this.pushUrl;
    for (const copy of copies) {
      // Pushed messages are whole documents: the xmlns is on the root.
      const xml = copy.xml.replace('<SIF_Message Version', `<SIF_Message xmlns="${NS}" Version`);
      this.pushing = this.pushing.then(() => pushUntilAcked(url, xml, (ack) => this.acks.push(ack)));
    }
  }

  private ack(originalSourceId: string, originalMsgId: string, result: string): string {
    return `<SIF_Message xmlns="${NS}" Version="2.0r1"><SIF_Ack><SIF_Header><SIF_MsgId>${guid()}</SIF_MsgId><SIF_Timestamp>2025-09-01T10:00:00Z</SIF_Timestamp><SIF_SourceId>ZIS</SIF_SourceId></SIF_Header><SIF_OriginalSourceId>${originalSourceId}</SIF_OriginalSourceId><SIF_OriginalMsgId>${originalMsgId}</SIF_OriginalMsgId>${result}</SIF_Ack></SIF_Message>`;
  }
}

async function pushUntilAcked(url: string, xml: string, onAck: (ack: string) => void): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: withRawBytes(xml) });
      const text = await response.text();
      if (response.status === 200) {
        onAck(tag(text, 'SIF_OriginalMsgId'));
        return;
      }
    } catch {
      // the agent is not up yet: try again
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `{{0xE9}}` in an object's XML goes on the wire as that single byte (not UTF-8), for the encoding tests. */
function withRawBytes(xml: string): Buffer {
  const parts = xml.split(/\{\{0x([0-9A-Fa-f]{2})\}\}/);
  return Buffer.concat(
    parts.map((part, index) => (index % 2 === 1 ? Buffer.from([Number.parseInt(part, 16)]) : Buffer.from(part, 'utf8'))),
  );
}

function tag(xml: string, name: string): string {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function guid(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
