import type { FaultInjector } from '@sisbridge/sim-common';
import { AgentQueue } from '../agents/agent-queue';
import { AgentRegistry, MessageIdMemory, type Agent } from '../agents/agent-registry';
import type { ZoneDataset } from '../dataset/zone-dataset';
import { PushDelivery } from '../delivery/push-delivery';
import { sifTimestamp } from '../sif/sif-clock';
import type { SifError } from '../sif/sif-error';
import type { ResolvedZoneOptions } from './zone-options';

/** What a handler answers: the SIF_Status or SIF_Error of the SIF_Ack the zone returns. */
export type AckReply = { status: { code: number; desc?: string; data?: string } } | { error: SifError };

export function success(data?: string, desc?: string): AckReply {
  return { status: { code: 0, ...(desc === undefined ? {} : { desc }), ...(data === undefined ? {} : { data }) } };
}

/** Everything the message handlers share: options, dataset, registrations, faults, push loops. */
export class ZoneContext {
  readonly agents = new AgentRegistry();
  readonly messageIds = new MessageIdMemory();
  /** The zone itself asleep (admin endpoint): every message is answered "receiver is sleeping". */
  asleep = false;
  private readonly pushes = new Map<string, PushDelivery>();

  constructor(
    readonly options: ResolvedZoneOptions,
    readonly dataset: ZoneDataset,
    readonly injector: FaultInjector,
  ) {}

  timestamp(): string {
    return sifTimestamp(new Date(), this.options.timestampOffset);
  }

  newQueue(sourceId: string): AgentQueue {
    return new AgentQueue(
      () => this.injector.duplicate(),
      () => this.pushes.get(sourceId)?.notify(),
    );
  }

  /** Starts or stops the agent's push loop to match its mode. */
  async syncPush(agent: Agent): Promise<void> {
    const running = this.pushes.get(agent.sourceId);
    if (agent.mode === 'Push' && !running) {
      const push = new PushDelivery(agent, this.options, this.injector, () => this.asleep);
      this.pushes.set(agent.sourceId, push);
      push.start();
    } else if (agent.mode !== 'Push' && running) {
      this.pushes.delete(agent.sourceId);
      await running.stop();
    } else {
      running?.notify();
    }
  }

  async stopPush(sourceId: string): Promise<void> {
    const running = this.pushes.get(sourceId);
    this.pushes.delete(sourceId);
    await running?.stop();
  }

  /** Wake every push loop (the zone or an agent woke up). */
  notifyAll(): void {
    for (const push of this.pushes.values()) push.notify();
  }

  async close(): Promise<void> {
    await Promise.all([...this.pushes.keys()].map((sourceId) => this.stopPush(sourceId)));
  }
}
