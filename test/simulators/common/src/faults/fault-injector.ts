import { SeededRandom } from '../seeded-random';
import { isActive, NO_FAULTS, type FaultSpec } from './fault-spec';

/** What happens to one request. */
export interface FaultDecision {
  delayMs: number;
  /** Answer with this 5xx status instead of processing the request. */
  status5xx?: 500 | 502 | 503;
  /** Destroy the connection without answering. */
  drop: boolean;
}

export interface FaultCounters {
  requests: number;
  errors5xx: number;
  drops: number;
  slow: number;
  duplicates: number;
}

/**
 * Decides, request by request, which fault to inject. Deterministic for a given seed and
 * sequence of calls, so a failing run can be replayed.
 */
export class FaultInjector {
  private readonly random: SeededRandom;
  readonly counters: FaultCounters = { requests: 0, errors5xx: 0, drops: 0, slow: 0, duplicates: 0 };

  constructor(private spec: FaultSpec = NO_FAULTS) {
    this.random = new SeededRandom(spec.seed);
  }

  get active(): boolean {
    return isActive(this.spec);
  }

  get current(): FaultSpec {
    return this.spec;
  }

  /** Replace the spec at run time (the simulators' admin endpoints call this). */
  reconfigure(spec: FaultSpec): void {
    this.spec = spec;
  }

  decide(): FaultDecision {
    this.counters.requests++;
    const spec = this.spec;
    let delayMs = spec.latencyMs + (spec.jitterMs > 0 ? this.random.int(0, spec.jitterMs) : 0);
    if (spec.slowRate > 0 && this.random.chance(spec.slowRate)) {
      delayMs += spec.slowMs;
      this.counters.slow++;
    }
    if (spec.dropRate > 0 && this.random.chance(spec.dropRate)) {
      this.counters.drops++;
      return { delayMs, drop: true };
    }
    if (spec.error5xxRate > 0 && this.random.chance(spec.error5xxRate)) {
      this.counters.errors5xx++;
      return { delayMs, drop: false, status5xx: this.random.pick([500, 502, 503] as const) };
    }
    return { delayMs, drop: false };
  }

  /** Whether to deliver this message a second time (push retries, redelivered events). */
  duplicate(): boolean {
    if (this.spec.duplicateRate <= 0 || !this.random.chance(this.spec.duplicateRate)) return false;
    this.counters.duplicates++;
    return true;
  }
}
