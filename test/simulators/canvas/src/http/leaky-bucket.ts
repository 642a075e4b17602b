/** The throttle's settings (canvas.md §6.2); the defaults are Canvas's. */
export interface ThrottleSettings {
  /** `hwm`: at or above this level requests are refused. */
  highWaterMark: number;
  /** The level never rises above this. */
  maximum: number;
  /** `outflow`: how much drains per second. */
  outflowPerSecond: number;
  /** Reserved per in-flight request and refunded when it finishes: the penalty on parallel requests. */
  upFrontCost: number;
  /** What one request costs once it is done (Canvas measures CPU and database time; here it is fixed). */
  requestCost: number;
}

export const CANVAS_THROTTLE_DEFAULTS: ThrottleSettings = {
  highWaterMark: 600,
  maximum: 800,
  outflowPerSecond: 10,
  upFrontCost: 50,
  requestCost: 1,
};

/** One client's bucket. `remaining = hwm − level`, as Canvas reports it. */
export class LeakyBucket {
  private level = 0;
  private lastLeakAt: number;

  constructor(
    private readonly settings: ThrottleSettings,
    now: number,
  ) {
    this.lastLeakAt = now;
  }

  /** Drains what has leaked out since the last look. */
  leak(now: number): void {
    const elapsedSeconds = Math.max(0, now - this.lastLeakAt) / 1000;
    this.level = Math.max(0, this.level - elapsedSeconds * this.settings.outflowPerSecond);
    this.lastLeakAt = now;
  }

  get full(): boolean {
    return this.level >= this.settings.highWaterMark;
  }

  get remaining(): number {
    return this.settings.highWaterMark - this.level;
  }

  add(amount: number): void {
    this.level = Math.min(this.settings.maximum, Math.max(0, this.level + amount));
  }
}
