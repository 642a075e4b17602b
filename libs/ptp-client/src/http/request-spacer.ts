import { InProcessStartSpacing } from './in-process-start-spacing';
import { realSpacingClock, type SpacingClock, type StartSpacing } from './start-spacing';

/**
 * Keeps one plugin's requests inside PowerSchool's limits: at most `maxConcurrent` in flight from
 * this process, each starting only when the plugin's StartSpacing gives it its turn (the minimum
 * interval, and the wait PTP names after "too many requests"). One spacer per plugin (district) in
 * a process, shared by every call. The concurrency cap is this process's own; the spacing is
 * whatever the caller plugs in (in-process by default, shared across replicas in ptp-gradebook).
 */
export interface SpacerSettings {
  minIntervalMs: number;
  maxConcurrent: number;
  /** Added to the interval: the arrival of two requests can be closer than their departure. */
  marginMs?: number;
}

export class RequestSpacer {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly spacing: StartSpacing;

  constructor(
    private readonly settings: SpacerSettings,
    clock: SpacingClock = realSpacingClock,
    spacing?: StartSpacing,
  ) {
    this.spacing =
      spacing ??
      new InProcessStartSpacing(
        { minIntervalMs: settings.minIntervalMs, ...(settings.marginMs === undefined ? {} : { marginMs: settings.marginMs }) },
        clock,
      );
  }

  /** Runs `work` when a slot is free and its start is due. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.spacing.waitForTurn();
      return await work();
    } finally {
      this.release();
    }
  }

  /** PTP told us to wait: no request of this plugin starts before then. */
  pauseFor(ms: number): Promise<void> {
    return this.spacing.pauseFor(ms);
  }

  private acquire(): Promise<void> {
    if (this.inFlight < Math.max(1, this.settings.maxConcurrent)) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}
