import {
  objectAttributes,
  objectElements,
  openingTag,
  writeSifObject,
  type SifObject,
  type SifObjectName,
  type VerbatimSifObject,
} from '@sisbridge/sandbox-district';
import { newMsgId } from '../sif/sif-clock';
import { SIF_ERRORS, type SifError } from '../sif/sif-error';
import { errorXml, headerXml, messageXml, type RenderedMessage } from '../sif/message-writer';

/** What the agent queue needs of a response: the packet to deliver now, and a step to the next. */
export interface ResponseSource {
  readonly requestMsgId: string;
  readonly objectName: string;
  /** The current packet, built the first time it is asked for and then kept until acked. */
  current(): RenderedMessage;
  /** The current packet's SIF_MsgId if it has been built (delivered) already. */
  readonly builtMsgId: string | undefined;
  /** After the current packet is acked: whether another packet follows. */
  advance(): boolean;
}

export interface ResponseStreamOptions {
  objectName: SifObjectName;
  /** The kind's objects as they were when the request came in. */
  objects: readonly SifObject[];
  matches: (object: SifObject) => boolean;
  /** A loaded export's objects of the kind that the model cannot hold, served as written after the others. */
  verbatim?: readonly VerbatimSifObject[];
  matchesVerbatim?: (object: VerbatimSifObject) => boolean;
  /** SIF_QueryObject/SIF_Element names: return only these top-level elements (keys always). */
  elements?: ReadonlySet<string>;
  requestMsgId: string;
  /** The requester's SourceId (SIF_DestinationId of every packet). */
  destinationId: string;
  version: string;
  maxBufferSize: number;
  /** PowerSchool's diagnostic paging: one object per packet instead of as many as fit. */
  onePerPacket: boolean;
  providerSourceId: string;
  dcidElementName: string | null;
  timestamp: () => string;
  /** Reply with this SIF_Error (one packet) instead of objects. */
  error?: SifError;
}

/**
 * A SIF_Response delivered as packets that are built one at a time from the model, as the agent
 * pulls (or is pushed) them: memory holds one packet, never the whole response. Each packet is
 * as full as SIF_MaxBufferSize allows, measured in UTF-8 bytes of the whole standalone
 * SIF_Message (with its namespace declaration, the larger of its two delivered forms).
 */
export class ResponseStream implements ResponseSource {
  readonly requestMsgId: string;
  readonly objectName: string;
  private cursor = 0;
  private verbatimCursor = 0;
  /** An object serialized for a packet it did not fit in; it opens the next packet. */
  private carry: string | undefined;
  private packetNumber = 0;
  private packet: RenderedMessage | undefined;
  private finished = false;

  constructor(private readonly options: ResponseStreamOptions) {
    this.requestMsgId = options.requestMsgId;
    this.objectName = options.objectName;
  }

  current(): RenderedMessage {
    this.packet ??= this.build();
    return this.packet;
  }

  get builtMsgId(): string | undefined {
    return this.packet?.msgId;
  }

  advance(): boolean {
    this.current();
    this.packet = undefined;
    return !this.finished;
  }

  private build(): RenderedMessage {
    const { options } = this;
    const packetNumber = ++this.packetNumber;
    const msgId = newMsgId();
    const header = headerXml({
      msgId,
      timestamp: options.timestamp(),
      sourceId: options.providerSourceId,
      destinationId: options.destinationId,
      security: true,
    });
    const opening = (more: boolean) =>
      `<SIF_Response>${header}<SIF_RequestMsgId>${options.requestMsgId}</SIF_RequestMsgId><SIF_PacketNumber>${packetNumber}</SIF_PacketNumber><SIF_MorePackets>${more ? 'Yes' : 'No'}</SIF_MorePackets>`;
    const rendered = (body: string, more: boolean, objects: boolean): RenderedMessage => {
      this.finished = !more;
      return {
        msgId,
        version: options.version,
        kind: 'SIF_Response',
        body,
        objectName: options.objectName,
        requestMsgId: options.requestMsgId,
        packetNumber,
        morePackets: more,
        ...(objects ? {} : { action: 'Error' }),
      };
    };
    if (options.error) return rendered(`${opening(false)}${errorXml(options.error)}</SIF_Response>`, false, false);

    const closing = '</SIF_ObjectData></SIF_Response>';
    // "Yes" is the longer flag, so measuring with it bounds both.
    const envelopeBytes = Buffer.byteLength(messageXml(options.version, `${opening(true)}<SIF_ObjectData>${closing}`, true));
    const room = options.maxBufferSize - envelopeBytes;
    const parts: string[] = [];
    let used = 0;
    let more = false;
    for (;;) {
      const xml = this.carry ?? this.nextObject();
      this.carry = undefined;
      if (xml === undefined) break;
      const bytes = Buffer.byteLength(xml);
      if (bytes > room && parts.length === 0) {
        const error = SIF_ERRORS.bufferSizeNotSupported(
          `SIF_MaxBufferSize ${options.maxBufferSize} is too small for one ${options.objectName}: a packet carrying it takes ${envelopeBytes + bytes} bytes`,
        );
        return rendered(`${opening(false)}${errorXml(error)}</SIF_Response>`, false, false);
      }
      if (used + bytes > room) {
        this.carry = xml;
        more = true;
        break;
      }
      parts.push(xml);
      used += bytes;
      if (options.onePerPacket) {
        this.carry = this.nextObject();
        more = this.carry !== undefined;
        break;
      }
    }
    return rendered(`${opening(more)}<SIF_ObjectData>${parts.join('')}${closing}`, more, true);
  }

  /** The next matching object, serialized; undefined when there are no more. */
  private nextObject(): string | undefined {
    const { objects, matches, objectName, dcidElementName, elements } = this.options;
    while (this.cursor < objects.length) {
      const object = objects[this.cursor++];
      if (!object || !matches(object)) continue;
      if (!elements) return writeSifObject(objectName, object, { dcidElementName });
      const kept = objectElements(objectName, object, { dcidElementName }).filter((fragment) => elements.has(fragment.name));
      const open = openingTag(objectName, objectAttributes(objectName, object), false);
      return kept.length === 0 ? `${open}/>` : `${open}>${kept.map((fragment) => fragment.xml).join('')}</${objectName}>`;
    }
    const verbatim = this.options.verbatim ?? [];
    while (this.verbatimCursor < verbatim.length) {
      const object = verbatim[this.verbatimCursor++];
      if (!object || !(this.options.matchesVerbatim?.(object) ?? true)) continue;
      const kept = elements ? object.elements.filter((element) => elements.has(element.name)) : object.elements;
      const open = openingTag(objectName, Object.entries(object.attributes), false);
      return kept.length === 0 ? `${open}/>` : `${open}>${kept.map((element) => element.xml).join('')}</${objectName}>`;
    }
    return undefined;
  }
}
