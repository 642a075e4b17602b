import { defaultSpacingMarginMs, realSpacingClock, type SpacingClock, type StartSpacing } from './start-spacing';

export interface InProcessSpacingSettings {
  minIntervalMs: number;
  /** Added to the interval (default: defaultSpacingMarginMs). */
  marginMs?: number;
}

/**
 * The plugin's minimum interval kept in this process's memory: right when one process is the only
 * one using the plugin (the library's default, tools, tests). Each start is spaced from the
 * previous start as it actually happened, so a late wake-up only widens the gap.
 */
export class InProcessStartSpacing implements StartSpacing {
  private nextStartAt = 0;

  constructor(
    private readonly settings: InProcessSpacingSettings,
    private readonly clock: SpacingClock = realSpacingClock,
  ) {}

  async waitForTurn(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.nextStartAt <= now) {
        const interval = this.settings.minIntervalMs;
        this.nextStartAt = interval > 0 ? now + interval + (this.settings.marginMs ?? defaultSpacingMarginMs(interval)) : now;
        return;
      }
      await this.clock.sleep(this.nextStartAt - now);
    }
  }

  pauseFor(ms: number): Promise<void> {
    this.nextStartAt = Math.max(this.nextStartAt, this.clock.now() + ms);
    return Promise.resolve();
  }
}
