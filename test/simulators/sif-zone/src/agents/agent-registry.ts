import type { SifObjectName } from '@sisbridge/sandbox-district';
import type { AgentQueue } from './agent-queue';

export type SifMode = 'Push' | 'Pull';

/** A registered agent, as the zone keeps it (in memory only). */
export interface Agent {
  sourceId: string;
  name: string;
  /** SIF_Version values it registered, in its order of preference. */
  versions: string[];
  /** The version the zone writes the messages it delivers to this agent in. */
  version: string;
  maxBufferSize: number;
  mode: SifMode;
  /** SIF_Protocol/SIF_URL, for push. */
  url?: string;
  /** Set by SIF_Sleep, cleared by SIF_Wakeup: nothing is delivered meanwhile. */
  asleep: boolean;
  subscriptions: Set<SifObjectName>;
  requestObjects: Set<string>;
  queue: AgentQueue;
  registeredAt: string;
  push: { attempts: number; failures: number; lastError?: string };
}

/** The zone's registrations by (case-sensitive) SourceId. */
export class AgentRegistry {
  private readonly agents = new Map<string, Agent>();

  get(sourceId: string): Agent | undefined {
    return this.agents.get(sourceId);
  }

  set(agent: Agent): void {
    this.agents.set(agent.sourceId, agent);
  }

  delete(sourceId: string): void {
    this.agents.delete(sourceId);
  }

  all(): Agent[] {
    return [...this.agents.values()];
  }

  subscribersOf(objectName: SifObjectName): Agent[] {
    return this.all().filter((agent) => agent.subscriptions.has(objectName));
  }
}

const REMEMBERED_PER_SOURCE = 10_000;

/** The SIF_MsgIds each sender has used, so a repeat is answered "already have it" (status 7). */
export class MessageIdMemory {
  private readonly seen = new Map<string, Set<string>>();

  /** True the first time (source, id) is seen. */
  firstTime(sourceId: string, msgId: string): boolean {
    let ids = this.seen.get(sourceId);
    if (!ids) {
      ids = new Set();
      this.seen.set(sourceId, ids);
    }
    if (ids.has(msgId)) return false;
    ids.add(msgId);
    if (ids.size > REMEMBERED_PER_SOURCE) {
      const oldest = ids.values().next().value;
      if (oldest !== undefined) ids.delete(oldest);
    }
    return true;
  }
}
