/**
 * Keeps a client under Canvas's leaky-bucket throttle: watches `X-Rate-Limit-Remaining`, slows
 * down as it falls, and after a 403 "Rate Limit Exceeded" backs off exponentially. One pacer per
 * token, shared by every call made with it.
 */
export interface PacerSettings {
  /** Below this remaining quota, requests are spaced out. Canvas's high-water mark is 600. */
  slowDownBelow: number;
  /** The spacing at zero remaining quota, scaled down linearly up to `slowDownBelow`. */
  maxDelayMs: number;
  /** First back-off after a throttled answer; doubles per consecutive throttle. */
  throttleBackoffMs: number;
  maxThrottleBackoffMs: number;
}

export const DEFAULT_PACER: PacerSettings = {
  slowDownBelow: 150,
  maxDelayMs: 2_000,
  throttleBackoffMs: 1_000,
  maxThrottleBackoffMs: 30_000,
};

export class RequestPacer {
  private remaining: number | undefined;
  private consecutiveThrottles = 0;

  constructor(
    private readonly settings: PacerSettings = DEFAULT_PACER,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Waits as long as the last known quota says, before the next request. */
  async beforeRequest(): Promise<void> {
    const delay = this.delayMs();
    if (delay > 0) await this.sleep(delay);
  }

  /** Records what Canvas said about the quota. */
  afterResponse(remainingHeader: string | undefined, throttled: boolean): void {
    const remaining = remainingHeader === undefined ? Number.NaN : Number.parseFloat(remainingHeader);
    if (Number.isFinite(remaining)) this.remaining = remaining;
    this.consecutiveThrottles = throttled ? this.consecutiveThrottles + 1 : 0;
  }

  delayMs(): number {
    if (this.consecutiveThrottles > 0) {
      return Math.min(this.settings.maxThrottleBackoffMs, this.settings.throttleBackoffMs * 2 ** (this.consecutiveThrottles - 1));
    }
    if (this.remaining === undefined || this.remaining >= this.settings.slowDownBelow) return 0;
    const pressure = 1 - Math.max(0, this.remaining) / this.settings.slowDownBelow;
    return Math.round(this.settings.maxDelayMs * pressure);
  }
}
