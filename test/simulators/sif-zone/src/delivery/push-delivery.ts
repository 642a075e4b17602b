import type { ClientRequest } from 'node:http';
import type { FaultInjector } from '@sisbridge/sim-common';
import type { Agent } from '../agents/agent-registry';
import type { AckOutcome } from '../agents/agent-queue';
import { childElement, childText } from '@sisbridge/sandbox-district';
import { parseIncomingMessage } from '../sif/incoming-message';
import { renderMessage, type RenderedMessage } from '../sif/message-writer';
import { SIF_STATUS } from '../sif/sif-status';
import type { ResolvedZoneOptions } from '../zone/zone-options';
import { postXml } from './http-post';
import { pushSignatureHeaders } from './push-signature';

type Delivery = { acked: AckOutcome } | { failed: string } | { sleeping: true };

/**
 * Push mode for one agent: POSTs each queued message, in order, to its SIF_URL and waits for
 * the SIF_Ack; a message stays queued and is POSTed again (after a growing pause) until the
 * agent acks it. Duplicated deliveries come from the queue handing a message out twice.
 */
export class PushDelivery {
  private stopped = false;
  private wake: (() => void) | undefined;
  private inFlight: ClientRequest | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly agent: Agent,
    private readonly options: ResolvedZoneOptions,
    private readonly injector: FaultInjector,
    private readonly zoneAsleep: () => boolean,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Something changed (a message queued, the agent or zone woke): look again. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inFlight?.destroy(new Error('zone shutting down'));
    this.notify();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const message = this.zoneAsleep() || this.agent.asleep ? undefined : this.agent.queue.next();
      if (!message) {
        await this.waitForChange();
        continue;
      }
      this.agent.queue.delivered(message);
      const delivery = await this.deliver(message);
      if (this.stopped) return;
      if ('acked' in delivery) {
        failures = 0;
        this.agent.queue.acknowledge(message.msgId, delivery.acked);
      } else if ('sleeping' in delivery) {
        this.agent.asleep = true;
      } else {
        failures++;
        this.agent.push.failures++;
        this.agent.push.lastError = delivery.failed;
        this.options.log(`push to ${this.agent.sourceId} failed (${delivery.failed}); retrying`);
        await this.pause(Math.min(this.options.pushRetryMaxMs, this.options.pushRetryMs * 2 ** (failures - 1)));
      }
    }
  }

  private async deliver(message: RenderedMessage): Promise<Delivery> {
    const url = this.agent.url;
    if (!url) return { failed: 'no SIF_URL registered' };
    const decision = this.injector.active ? this.injector.decide() : { delayMs: 0, drop: false };
    if (decision.delayMs > 0) await this.pause(decision.delayMs);
    this.agent.push.attempts++;
    let answer;
    try {
      answer = await postXml(url, renderMessage(message, true), {
        timeoutMs: this.options.pushTimeoutMs,
        dropAfterSend: decision.drop,
        onRequest: (request) => (this.inFlight = request),
        ...(this.options.pushSecret
          ? { headers: (payload: Buffer) => pushSignatureHeaders(this.options.pushSecret ?? '', payload, new Date()) }
          : {}),
      });
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error) };
    } finally {
      this.inFlight = undefined;
    }
    if (answer.status < 200 || answer.status > 299) return { failed: `HTTP ${answer.status} from ${url}` };
    let ack;
    try {
      ack = parseIncomingMessage(answer.body, this.options.supportedVersions);
    } catch (error) {
      return { failed: `unreadable SIF_Ack: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (ack.kind !== 'SIF_Ack') return { failed: `the agent answered with ${ack.kind}, not SIF_Ack` };
    const originalMsgId = childText(ack.body, 'SIF_OriginalMsgId');
    if (originalMsgId !== message.msgId) return { failed: `the SIF_Ack acknowledges ${originalMsgId ?? 'nothing'}, not ${message.msgId}` };
    const error = childElement(ack.body, 'SIF_Error');
    if (error)
      return {
        acked: {
          error: {
            category: Number(childText(error, 'SIF_Category')),
            code: Number(childText(error, 'SIF_Code')),
            desc: childText(error, 'SIF_Desc') ?? '',
          },
        },
      };
    const code = Number(childText(childElement(ack.body, 'SIF_Status') ?? ack.body, 'SIF_Code'));
    if (code === SIF_STATUS.receiverSleeping) return { sleeping: true };
    // "Already have this message" means the agent has it: as good as an immediate ack.
    if (code === SIF_STATUS.duplicateMessage) return { acked: { status: SIF_STATUS.immediate } };
    if (code === SIF_STATUS.immediate || code === SIF_STATUS.intermediate || code === SIF_STATUS.final) return { acked: { status: code } };
    return { failed: `SIF_Ack with SIF_Status/SIF_Code ${Number.isNaN(code) ? 'missing' : code}, expected 1, 2 or 3` };
  }

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Waits, but returns at once when stopped. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        if (!this.stopped) return;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
