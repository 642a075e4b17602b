import {
  buildAck,
  buildProvision,
  buildRegister,
  buildRequest,
  buildSubscribe,
  buildSystemControl,
  SifErrorCategories,
  SifStatusCodes,
  type AckOutcome,
  type AckTarget,
  type SifAckMessage,
  type SifCondition,
  type SifMessage,
  type SifSender,
} from '@sisbridge/sif-codec';
import { IngestError } from '../failures/ingest-error';
import type { PacketWriter } from './packet-writer';
import type { PacketWriterFactory, ReadMessage, ReceivedObject } from './read-sif-message';
import { zoneRefused } from './sif-failures';
import type { ZoneTransport } from './zone-transport';

export interface AgentIdentity {
  districtId: string;
  sourceId: string;
  sifVersion: string;
  maxBufferSize: number;
}

export type PullResult =
  /** `writer`, when there is one, holds the objects (stored as they were read, not yet committed). */
  | { kind: 'message'; message: SifMessage; objects: ReceivedObject[]; bytes: number; writer?: PacketWriter }
  | { kind: 'empty' }
  | { kind: 'sleeping' };

/** What the agent says to the zone, and how it reads the zone's SIF_Acks (status codes §1.5). */
export class ZoneAgent {
  private readonly sender: SifSender;

  constructor(
    private readonly identity: AgentIdentity,
    private readonly transport: ZoneTransport,
  ) {
    this.sender = { sourceId: identity.sourceId, version: identity.sifVersion };
  }

  /** SIF_Register, pull or push. "Already registered" (4) is success: agents may re-register at any time (§1.7). */
  async register(mode: 'pull' | 'push', pushUrl: string | undefined): Promise<void> {
    const message = buildRegister(this.sender, {
      name: 'sisbridge roster ingest',
      maxBufferSize: this.identity.maxBufferSize,
      mode: mode === 'push' ? 'Push' : 'Pull',
      pushUrl,
      application: { vendor: 'sisbridge', product: 'sisbridge sif-ingest', version: '0.1.0' },
    });
    const ack = await this.send(message.xml, 'SIF_Register');
    this.expectSuccess(ack, 'SIF_Register', [SifStatusCodes.success, SifStatusCodes.immediate, SifStatusCodes.alreadyRegistered]);
  }

  /**
   * Declares subscriptions and requests. SIF_Provision is 2.x; a zone that does not support it
   * (12/2) gets the older per-object SIF_Subscribe, as does one configured for it.
   */
  async provision(objects: readonly string[], style: 'provision' | 'subscribe'): Promise<'provision' | 'subscribe'> {
    if (style === 'provision') {
      const ack = await this.send(buildProvision(this.sender, { subscribe: objects, request: objects }).xml, 'SIF_Provision');
      const unsupported = ack.error?.category === SifErrorCategories.genericMessageHandling && ack.error.code === 2;
      if (!unsupported) {
        this.expectSuccess(ack, 'SIF_Provision', [SifStatusCodes.success, SifStatusCodes.immediate]);
        return 'provision';
      }
    }
    const ack = await this.send(buildSubscribe(this.sender, objects).xml, 'SIF_Subscribe');
    this.expectSuccess(ack, 'SIF_Subscribe', [SifStatusCodes.success, SifStatusCodes.immediate, SifStatusCodes.alreadySubscribed]);
    return 'subscribe';
  }

  /**
   * Sends a SIF_Request with a SIF_MsgId chosen (and recorded) by the caller. Its packets come
   * later through the queue; the ack only confirms routing. A duplicate (7) means the zone has
   * it already; a sleeping zone (8) has not taken it.
   */
  async request(msgId: string, objectName: string, conditions: readonly SifCondition[]): Promise<'sent' | 'sleeping'> {
    const message = buildRequest(this.sender, { objectName, maxBufferSize: this.identity.maxBufferSize, conditions }, { msgId });
    const ack = await this.send(message.xml, `the SIF_Request for ${objectName}`);
    if (ack.status?.code === SifStatusCodes.receiverSleeping) return 'sleeping';
    this.expectSuccess(ack, `the SIF_Request for ${objectName}`, [
      SifStatusCodes.success,
      SifStatusCodes.immediate,
      SifStatusCodes.duplicateMessage,
    ]);
    return 'sent';
  }

  /**
   * SIF_GetMessage (pull, §1.8): the next queued message, an empty queue (9) or a sleeping zone
   * (8). `openPacket` lets a response packet be stored as it is read; its writer comes back with
   * the message, or is aborted here when the answer turns out not to be a message to store.
   */
  async getMessage(openPacket?: PacketWriterFactory): Promise<PullResult> {
    const read = await this.transport.exchange(buildSystemControl(this.sender, 'SIF_GetMessage').xml, 'SIF_GetMessage', openPacket);
    try {
      const result = this.pulled(read);
      if (read.writer && (result.kind !== 'message' || result.message.type !== 'SIF_Response')) await read.writer.abort();
      return result.kind === 'message' && read.writer && result.message.type === 'SIF_Response'
        ? { ...result, writer: read.writer }
        : result;
    } catch (error) {
      await read.writer?.abort();
      throw error;
    }
  }

  private pulled(read: ReadMessage): PullResult {
    const ack = this.asAck(read.message, 'SIF_GetMessage');
    if (ack.error) throw zoneRefused(this.identity.districtId, 'SIF_GetMessage', ack.error);
    if (ack.status?.code === SifStatusCodes.noMessages) return { kind: 'empty' };
    if (ack.status?.code === SifStatusCodes.receiverSleeping) return { kind: 'sleeping' };
    if (ack.status?.code === SifStatusCodes.success && ack.inner)
      return { kind: 'message', message: ack.inner, objects: read.objects, bytes: read.bytes };
    if (ack.status?.code === SifStatusCodes.success) return { kind: 'empty' };
    throw new IngestError(
      'transient',
      `district ${this.identity.districtId}: the SIF zone answered SIF_GetMessage with status ${ack.status?.code ?? 'none'}`,
    );
  }

  /**
   * Acks a pulled message (its inner SIF_SourceId and SIF_MsgId), after what it carried is
   * stored. An error answer is only logged by the caller: at worst the message comes again,
   * and the receiver recognises it as a duplicate.
   */
  async ack(target: AckTarget, outcome: AckOutcome): Promise<SifAckMessage> {
    return this.send(buildAck(this.sender, target, outcome).xml, 'SIF_Ack');
  }

  private async send(xml: string, what: string): Promise<SifAckMessage> {
    const read = await this.transport.exchange(xml, what);
    return this.asAck(read.message, what);
  }

  private asAck(message: SifMessage, what: string): SifAckMessage {
    if (message.type !== 'SIF_Ack') {
      throw new IngestError(
        'transient',
        `district ${this.identity.districtId}: the SIF zone answered ${what} with a ${message.type}, not a SIF_Ack`,
      );
    }
    return message;
  }

  private expectSuccess(ack: SifAckMessage, what: string, accepted: readonly number[]): void {
    if (ack.error) throw zoneRefused(this.identity.districtId, what, ack.error);
    const code = ack.status?.code;
    if (code === SifStatusCodes.receiverSleeping)
      throw new IngestError(
        'transient',
        `district ${this.identity.districtId}: the SIF zone is sleeping (status 8) and did not take ${what}`,
      );
    if (code === undefined || !accepted.includes(code)) {
      throw new IngestError(
        'transient',
        `district ${this.identity.districtId}: the SIF zone answered ${what} with status ${code ?? 'none'}`,
      );
    }
  }
}
