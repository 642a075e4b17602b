/**
 * Keeps one plugin's requests inside PowerSchool's "Minimum time interval (ms) between API
 * requests per plugin" (powerteacher-pro.md §1.3): request starts are spaced at least the interval
 * apart (plus a small margin, since the server measures arrivals, not departures), at most
 * `maxConcurrent` are in flight, and after PTP says "too many requests, wait N seconds" every
 * request waits that long. One spacer per plugin (district) in a process, shared by every call.
 */
export interface SpacerSettings {
  minIntervalMs: number;
  maxConcurrent: number;
  /** Added to the interval: the arrival of two requests can be closer than their departure. */
  marginMs?: number;
}

export class RequestSpacer {
  private nextStartAt = 0;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly settings: SpacerSettings,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {}

  /** Runs `work` when a slot is free and its start is due. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.waitForTurn();
      return await work();
    } finally {
      this.release();
    }
  }

  /** PTP told us to wait: no request of this plugin starts before then. */
  pauseFor(ms: number): void {
    this.nextStartAt = Math.max(this.nextStartAt, this.clock.now() + ms);
  }

  private async waitForTurn(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.nextStartAt <= now) {
        const interval = this.settings.minIntervalMs;
        this.nextStartAt = interval > 0 ? now + interval + (this.settings.marginMs ?? Math.min(25, Math.ceil(interval * 0.1))) : now;
        return;
      }
      await this.clock.sleep(this.nextStartAt - now);
    }
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
