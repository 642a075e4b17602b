import type { RenderedMessage } from '../sif/message-writer';
import type { ResponseSource } from '../requests/response-stream';

type QueueEntry =
  { kind: 'message'; message: RenderedMessage; frozen: boolean; duplicate: boolean } | { kind: 'response'; stream: ResponseSource };

/** What an agent's SIF_Ack said about a message it was given. */
export type AckOutcome = { status: number } | { error: { category: number; code: number; desc: string } };

export type AckResult = 'removed' | 'frozen' | 'released' | 'already-acked' | 'unknown';

export interface RejectedMessage {
  msgId: string;
  objectName: string;
  error: { category: number; code: number; desc: string };
}

const REMEMBERED_ACKS = 10_000;

/**
 * One agent's queue in the zone: events and response packets in arrival order. A message
 * leaves only when the agent acks that message's own SIF_MsgId; until then every delivery hands
 * out the same message again. Selective Message Blocking: an Intermediate ack (2) on an event
 * freezes it and holds back further events (responses still flow) until its Final ack (3).
 */
export class AgentQueue {
  private entries: QueueEntry[] = [];
  private blockingEvent: string | undefined;
  private readonly acked = new Set<string>();
  private readonly deliveries = new Map<string, number>();
  readonly counters = { delivered: 0, redelivered: 0, acked: 0, duplicatesInjected: 0 };
  readonly rejected: RejectedMessage[] = [];

  constructor(
    /** Whether to hand a just-acked message out once more (fault injection). */
    private readonly duplicate: () => boolean,
    private readonly onChange: () => void,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  get eventsBlocked(): boolean {
    return this.blockingEvent !== undefined;
  }

  enqueueMessage(message: RenderedMessage): void {
    this.entries.push({ kind: 'message', message, frozen: false, duplicate: false });
    this.onChange();
  }

  enqueueResponse(stream: ResponseSource): void {
    this.entries.push({ kind: 'response', stream });
    this.onChange();
  }

  /** The message to deliver now, if any (a response packet is built here, lazily). */
  next(): RenderedMessage | undefined {
    for (const entry of this.entries) {
      if (entry.kind === 'response') return entry.stream.current();
      if (entry.frozen) continue;
      if (this.blockingEvent !== undefined && entry.message.kind === 'SIF_Event') continue;
      return entry.message;
    }
    return undefined;
  }

  /** Counts a hand-out; a second hand-out of the same message is a redelivery. */
  delivered(message: RenderedMessage): void {
    const times = (this.deliveries.get(message.msgId) ?? 0) + 1;
    this.deliveries.set(message.msgId, times);
    this.counters.delivered++;
    if (times > 1) this.counters.redelivered++;
  }

  acknowledge(msgId: string, outcome: AckOutcome): AckResult {
    const index = this.entries.findIndex((entry) =>
      entry.kind === 'message' ? entry.message.msgId === msgId : entry.stream.builtMsgId === msgId,
    );
    const entry = this.entries[index];
    if (!entry) return this.acked.has(msgId) ? 'already-acked' : 'unknown';
    const message = entry.kind === 'message' ? entry.message : entry.stream.current();

    if ('status' in outcome && outcome.status === 2 && entry.kind === 'message' && message.kind === 'SIF_Event' && !entry.frozen) {
      entry.frozen = true;
      this.blockingEvent = msgId;
      this.onChange();
      return 'frozen';
    }
    const released = this.blockingEvent === msgId;
    if (released) this.blockingEvent = undefined;
    if ('error' in outcome) this.rejected.push({ msgId, objectName: message.objectName, error: outcome.error });
    if (entry.kind === 'response' && entry.stream.advance()) {
      // The stream stays where it is; its next packet is built when it is next delivered.
    } else {
      this.entries.splice(index, 1);
    }
    this.remember(msgId);
    this.counters.acked++;
    if (!(entry.kind === 'message' && entry.duplicate) && this.duplicate()) {
      this.counters.duplicatesInjected++;
      this.entries.unshift({ kind: 'message', message, frozen: false, duplicate: true });
    }
    this.onChange();
    return released ? 'released' : 'removed';
  }

  /** SIF_CancelRequests: drop the rest of these responses. */
  cancelRequests(requestMsgIds: readonly string[]): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => !(entry.kind === 'response' && requestMsgIds.includes(entry.stream.requestMsgId)));
    return before - this.entries.length;
  }

  summary(): Array<{
    kind: string;
    objectName: string;
    msgId?: string;
    action?: string;
    requestMsgId?: string;
    packetNumber?: number;
    frozen?: boolean;
  }> {
    return this.entries.map((entry) => {
      if (entry.kind === 'response')
        return { kind: 'SIF_Response', objectName: entry.stream.objectName, requestMsgId: entry.stream.requestMsgId };
      const { message } = entry;
      return {
        kind: message.kind,
        objectName: message.objectName,
        msgId: message.msgId,
        ...(message.action ? { action: message.action } : {}),
        ...(entry.frozen ? { frozen: true } : {}),
      };
    });
  }

  private remember(msgId: string): void {
    this.acked.add(msgId);
    this.deliveries.delete(msgId);
    if (this.acked.size > REMEMBERED_ACKS) {
      const oldest = this.acked.values().next().value;
      if (oldest !== undefined) this.acked.delete(oldest);
    }
  }
}
