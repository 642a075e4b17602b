import { childElement, childText, escapeText, parseXmlDocument, SIF_NAMESPACE, type XmlElement } from '@sisbridge/sandbox-district';
import { newMsgId, sifTimestamp } from '../sif/sif-clock';

/** What a SIF_Ack said. */
export type AckResult =
  { status: number; desc?: string } | { error: { category: number; code: number; desc: string; extendedDesc?: string } };

export interface PostedAck {
  httpStatus: number;
  /** The HTTP response body as received. */
  body: string;
  root: XmlElement;
  ack: XmlElement;
  result: AckResult;
}

export interface PulledMessage {
  /** The nested SIF_Message exactly as the zone wrote it inside SIF_Status/SIF_Data. */
  xml: string;
  message: XmlElement;
  kind: string;
  msgId: string;
  sourceId: string;
  body: XmlElement;
}

export interface Condition {
  element: string;
  operator?: string;
  value: string;
}

/** Reads the SIF_Status or SIF_Error of a SIF_Ack element. */
export function ackResultOf(ack: XmlElement): AckResult {
  const error = childElement(ack, 'SIF_Error');
  if (error) {
    const extendedDesc = childText(error, 'SIF_ExtendedDesc');
    return {
      error: {
        category: Number(childText(error, 'SIF_Category')),
        code: Number(childText(error, 'SIF_Code')),
        desc: childText(error, 'SIF_Desc') ?? '',
        ...(extendedDesc ? { extendedDesc } : {}),
      },
    };
  }
  const status = childElement(ack, 'SIF_Status');
  const desc = status ? childText(status, 'SIF_Desc') : undefined;
  return { status: Number(status ? childText(status, 'SIF_Code') : NaN), ...(desc ? { desc } : {}) };
}

/**
 * A small SIF 2.x agent for driving the zone from tests and the benchmark: it writes each
 * message the way the reference's examples do and reads every answer with a real XML parser.
 */
export class TestAgent {
  constructor(
    readonly zoneUrl: string,
    readonly sourceId: string,
    readonly version = '2.0r1',
  ) {}

  /** A SIF_Message from this agent around `inner` (the message element's children after SIF_Header). */
  message(kind: string, inner: string, options: { msgId?: string; version?: string; destinationId?: string } = {}): string {
    const header =
      `<SIF_Header><SIF_MsgId>${options.msgId ?? newMsgId()}</SIF_MsgId><SIF_Timestamp>${sifTimestamp(new Date(), true)}</SIF_Timestamp>` +
      `<SIF_SourceId>${escapeText(this.sourceId)}</SIF_SourceId>${options.destinationId ? `<SIF_DestinationId>${escapeText(options.destinationId)}</SIF_DestinationId>` : ''}</SIF_Header>`;
    return `<SIF_Message xmlns="${SIF_NAMESPACE}" Version="${options.version ?? this.version}"><${kind}>${header}${inner}</${kind}></SIF_Message>`;
  }

  async post(xml: string): Promise<PostedAck> {
    const response = await fetch(this.zoneUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml;charset="utf-8"' },
      body: xml,
    });
    const body = await response.text();
    const root = parseXmlDocument(body);
    const ack = childElement(root, 'SIF_Ack');
    if (!ack) throw new Error(`the zone answered without a SIF_Ack: ${body.slice(0, 200)}`);
    return { httpStatus: response.status, body, root, ack, result: ackResultOf(ack) };
  }

  register(options: { mode?: 'Pull' | 'Push'; maxBufferSize?: number; url?: string; versions?: string[] } = {}): Promise<PostedAck> {
    const mode = options.mode ?? 'Pull';
    const protocol = options.url
      ? `<SIF_Protocol Type="${options.url.startsWith('https:') ? 'HTTPS' : 'HTTP'}" Secure="No"><SIF_URL>${escapeText(options.url)}</SIF_URL></SIF_Protocol>`
      : '';
    const versions = (options.versions ?? [this.version]).map((version) => `<SIF_Version>${version}</SIF_Version>`).join('');
    return this.post(
      this.message(
        'SIF_Register',
        `<SIF_Name>Test agent ${escapeText(this.sourceId)}</SIF_Name>${versions}<SIF_MaxBufferSize>${options.maxBufferSize ?? 1_048_576}</SIF_MaxBufferSize><SIF_Mode>${mode}</SIF_Mode>${protocol}`,
      ),
    );
  }

  provision(options: { subscribe?: readonly string[]; request?: readonly string[] }): Promise<PostedAck> {
    const list = (element: string, names: readonly string[] | undefined) =>
      names && names.length > 0 ? `<${element}>${names.map((name) => `<SIF_Object ObjectName="${name}"/>`).join('')}</${element}>` : '';
    return this.post(
      this.message('SIF_Provision', list('SIF_SubscribeObjects', options.subscribe) + list('SIF_RequestObjects', options.request)),
    );
  }

  /** A SIF_Request with EQ conditions ANDed (the shape Instructure's agent sends). Returns the ack and the request's SIF_MsgId. */
  async request(
    objectName: string,
    options: { maxBufferSize: number; conditions?: Condition[]; versions?: string[]; elements?: string[]; msgId?: string },
  ): Promise<PostedAck & { msgId: string }> {
    const msgId = options.msgId ?? newMsgId();
    const conditions = options.conditions ?? [];
    const group =
      conditions.length === 0
        ? ''
        : `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="${conditions.length > 1 ? 'And' : 'None'}">${conditions
            .map(
              (condition) =>
                `<SIF_Condition><SIF_Element>${escapeText(condition.element)}</SIF_Element><SIF_Operator>${condition.operator ?? 'EQ'}</SIF_Operator><SIF_Value>${escapeText(condition.value)}</SIF_Value></SIF_Condition>`,
            )
            .join('')}</SIF_Conditions></SIF_ConditionGroup>`;
    const elements = (options.elements ?? []).map((element) => `<SIF_Element>${element}</SIF_Element>`).join('');
    const versions = (options.versions ?? [this.version]).map((version) => `<SIF_Version>${version}</SIF_Version>`).join('');
    const posted = await this.post(
      this.message(
        'SIF_Request',
        `${versions}<SIF_MaxBufferSize>${options.maxBufferSize}</SIF_MaxBufferSize><SIF_Query><SIF_QueryObject ObjectName="${objectName}">${elements}</SIF_QueryObject>${group}</SIF_Query>`,
        { msgId },
      ),
    );
    return { ...posted, msgId };
  }

  systemControl(command: string): Promise<PostedAck> {
    return this.post(this.message('SIF_SystemControl', `<SIF_SystemControlData><${command}/></SIF_SystemControlData>`));
  }

  /** SIF_GetMessage: the next message (code 0) or the status the zone gave instead; `ackMsgId` is the zone's outer SIF_Ack's own id. */
  async getMessage(): Promise<{ result: AckResult; message?: PulledMessage; body: string; ackMsgId: string }> {
    const posted = await this.systemControl('SIF_GetMessage');
    const outerHeader = childElement(posted.ack, 'SIF_Header');
    const ackMsgId = outerHeader ? (childText(outerHeader, 'SIF_MsgId') ?? '') : '';
    const status = childElement(posted.ack, 'SIF_Status');
    const data = status ? childElement(status, 'SIF_Data') : undefined;
    const message = data ? childElement(data, 'SIF_Message') : undefined;
    if (!message) return { result: posted.result, body: posted.body, ackMsgId };
    const body = message.children.find((child) => child.name.startsWith('SIF_'));
    const header = body ? childElement(body, 'SIF_Header') : undefined;
    const start = posted.body.indexOf('<SIF_Data>') + '<SIF_Data>'.length;
    const xml = posted.body.slice(start, posted.body.lastIndexOf('</SIF_Data>'));
    return {
      result: posted.result,
      body: posted.body,
      ackMsgId,
      message: {
        xml,
        message,
        kind: body?.name ?? '',
        msgId: header ? (childText(header, 'SIF_MsgId') ?? '') : '',
        sourceId: header ? (childText(header, 'SIF_SourceId') ?? '') : '',
        body: body ?? message,
      },
    };
  }

  /** The SIF_Ack a pull agent sends after processing a message (code 1 = immediate). */
  acknowledge(originalSourceId: string, originalMsgId: string, code = 1): Promise<PostedAck> {
    return this.post(
      this.message(
        'SIF_Ack',
        `<SIF_OriginalSourceId>${escapeText(originalSourceId)}</SIF_OriginalSourceId><SIF_OriginalMsgId>${originalMsgId}</SIF_OriginalMsgId><SIF_Status><SIF_Code>${code}</SIF_Code></SIF_Status>`,
      ),
    );
  }

  /** Pulls and acks until the queue is empty, at most `limit` messages. */
  async drain(limit = 10_000): Promise<PulledMessage[]> {
    const messages: PulledMessage[] = [];
    for (let i = 0; i < limit; i++) {
      const { message } = await this.getMessage();
      if (!message) return messages;
      messages.push(message);
      await this.acknowledge(message.sourceId, message.msgId);
    }
    throw new Error(`more than ${limit} messages queued`);
  }
}

/** The pulled message's SIF_Response or SIF_Event element; throws when nothing was pulled. */
export function bodyOf(pulled: { message?: PulledMessage }): XmlElement {
  if (!pulled.message) throw new Error('no message was pulled');
  return pulled.message.body;
}

/** The objects inside a SIF_Response packet or SIF_Event. */
export function objectsIn(body: XmlElement): XmlElement[] {
  const data = childElement(body, 'SIF_ObjectData');
  if (!data) return [];
  const eventObject = childElement(data, 'SIF_EventObject');
  return (eventObject ?? data).children;
}

export function responseFields(body: XmlElement): {
  requestMsgId: string;
  packetNumber: number;
  morePackets: string;
  destinationId: string;
} {
  const header = childElement(body, 'SIF_Header');
  return {
    requestMsgId: childText(body, 'SIF_RequestMsgId') ?? '',
    packetNumber: Number(childText(body, 'SIF_PacketNumber')),
    morePackets: childText(body, 'SIF_MorePackets') ?? '',
    destinationId: header ? (childText(header, 'SIF_DestinationId') ?? '') : '',
  };
}
