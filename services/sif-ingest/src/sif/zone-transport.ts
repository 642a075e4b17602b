import { setTimeout as sleep } from 'node:timers/promises';
import { IngestError } from '../failures/ingest-error';
import { observePhase } from '../observability/ingest-phase-metrics';
import { readSifMessage, UnreadableSifMessageError, type PacketWriterFactory, type ReadMessage } from './read-sif-message';

export interface ZoneTransportOptions {
  districtId: string;
  zoneUrl: string;
  timeoutMs: number;
  maxFieldLength: number;
  /** Tries per exchange when the zone answers 5xx, drops the connection or sends a cut-off body. */
  attempts?: number;
  /** Stops waits and exchanges when the activity is cancelled. */
  signal?: AbortSignal;
  /** Sees every byte received (the benchmark keeps them to time a bare parse of the same bytes). */
  onBytes?: (chunk: Uint8Array) => void;
  onResponse?: () => void;
}

/**
 * HTTP(S) to a SIF zone: one SIF_Message per POST, the SIF_Ack in the response body (§1.2),
 * read as a stream. What a flaky zone does (5xx, dropped connections, bodies cut short) is
 * retried here a few times with backoff, because every message the agent sends is safe to
 * repeat: GetMessage returns the same unacked message, an Ack or a Request sent twice carries
 * the same SIF_MsgId. When the zone stays unreachable the error is `transient`, and Temporal
 * retries the activity, which resumes from Postgres.
 */
export class ZoneTransport {
  private readonly attempts: number;

  constructor(private readonly options: ZoneTransportOptions) {
    this.attempts = options.attempts ?? 6;
  }

  /**
   * The wait for the first byte and the parse time are observed as phases (the benchmark's
   * breakdown of SIF_GetMessage); `openPacket` lets a response packet be stored as it is read.
   */
  async exchange(xml: string, what: string, openPacket?: PacketWriterFactory): Promise<ReadMessage> {
    let lastProblem = '';
    let unreadable: UnreadableSifMessageError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await sleep(Math.min(5_000, 100 * 2 ** attempt), undefined, { signal: this.options.signal });
      const outcome = await this.once(xml, openPacket);
      if ('read' in outcome) return outcome.read;
      if (outcome.fatal) throw outcome.fatal;
      // The same message unreadable twice, with its ids known, is not a cut-off body but a broken
      // message: the caller acks it with an error so that it leaves the queue.
      if (outcome.unreadable?.ids.msgId && unreadable?.ids.msgId === outcome.unreadable.ids.msgId) throw outcome.unreadable;
      unreadable = outcome.unreadable;
      lastProblem = outcome.problem;
    }
    throw new IngestError(
      'transient',
      `district ${this.options.districtId}: the SIF zone did not answer ${what} after ${this.attempts} tries (last: ${lastProblem})`,
    );
  }

  private async once(
    xml: string,
    openPacket: PacketWriterFactory | undefined,
  ): Promise<{ read: ReadMessage } | { problem: string; fatal?: IngestError; unreadable?: UnreadableSifMessageError }> {
    const sent = performance.now();
    const signals = [AbortSignal.timeout(this.options.timeoutMs)];
    if (this.options.signal) signals.push(this.options.signal);
    let response: Response;
    try {
      response = await fetch(this.options.zoneUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/xml;charset="utf-8"', accept: 'application/xml' },
        body: xml,
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      return { problem: describeNetworkError(error) };
    }
    observePhase('firstByte', performance.now() - sent);
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      await response.body?.cancel().catch(() => undefined);
      return { problem: `HTTP ${response.status}` };
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => undefined);
      const fatal = new IngestError(
        'configuration',
        `district ${this.options.districtId}: the SIF zone at ${redactUrl(this.options.zoneUrl)} answered HTTP ${response.status}; check sif.zoneUrl and the zone's access settings`,
      );
      return { problem: `HTTP ${response.status}`, fatal };
    }
    if (!response.body) return { problem: 'an empty body' };
    try {
      const read = await readSifMessage(this.tap(response.body), this.options.maxFieldLength, openPacket);
      return { read };
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      if (error instanceof UnreadableSifMessageError) return { problem: error.message, unreadable: error };
      return { problem: describeNetworkError(error) };
    }
  }

  private async *tap(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    this.options.onResponse?.();
    for await (const chunk of body) {
      this.options.onBytes?.(chunk);
      yield chunk;
    }
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** The zone URL without credentials or query, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable zone URL)';
  }
}
