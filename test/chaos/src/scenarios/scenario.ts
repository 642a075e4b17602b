import type { NightSteps } from '../night/night-steps';
import type { ChaosWorld, WorldSettings } from '../world/chaos-world';

/** What a scenario did to the system, as it happened. */
export class FaultLog {
  readonly injected: string[] = [];
  /** Faults whose moment never came (the night was over first): the row cannot count as survived. */
  readonly missed: string[] = [];
  /** How long something was down in all (a process until ready again, a server, a partition, a silent zone). */
  downMs = 0;

  note(fault: string, downMs = 0): void {
    this.injected.push(fault);
    this.downMs += downMs;
  }
}

/** Everything a scenario's fault needs: the world, where the night is, and the log to write. */
export interface FaultContext {
  world: ChaosWorld;
  steps: NightSteps;
  log: FaultLog;
  /** Aborts when the night is over (or timed out): a fault still waiting for its moment gives up. */
  signal: AbortSignal;
}

export interface Scenario {
  /** The row's name in the table. */
  name: string;
  /** Names its database and directory; `--only` selects by it. */
  slug: string;
  /** The longest the whole scenario may take, world and comparison included. */
  timeLimitMs: number;
  world?: Partial<WorldSettings>;
  /** Runs alongside the night and injects the faults at their moments. */
  inject?: (context: FaultContext) => Promise<void>;
  /** The night's teachers work in Canvas without the simulators' faults (they are not under test). */
  whileTeachersWork?: (world: ChaosWorld) => { pause(): void; resume(): void };
  /** The fault makes the provisioning run fail, as it must: this ends the fault before the run is started again. */
  beforeRerun?: (world: ChaosWorld) => Promise<void>;
}
