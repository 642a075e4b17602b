/**
 * When the next request of one PowerSchool plugin may start. PowerSchool enforces its "Minimum time
 * interval (ms) between API requests per plugin" (powerteacher-pro.md §1.3) across everything that
 * uses the plugin's credentials, so whatever shares a plugin must share its spacing: one process
 * can use InProcessStartSpacing; a service run as several replicas plugs in one they coordinate
 * through (ptp-gradebook keeps its turns in Postgres).
 */
export interface StartSpacing {
  /** Resolves when a request may start: at least the interval (plus a margin) after the one before it. */
  waitForTurn(): Promise<void>;
  /** PTP said "too many requests, wait N ms": no request of the plugin starts before then. */
  pauseFor(ms: number): Promise<void>;
}

/**
 * Added to the interval because PowerSchool measures arrivals, not departures: two requests can
 * arrive closer together than they left. A tenth of the interval, at most 25 ms.
 */
export function defaultSpacingMarginMs(minIntervalMs: number): number {
  return minIntervalMs > 0 ? Math.min(25, Math.ceil(minIntervalMs * 0.1)) : 0;
}

/** The clock a spacing waits on; tests pass a virtual one so nothing waits on real time. */
export interface SpacingClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Monotonic milliseconds with a fraction: a spacing only compares moments of one process, and the
 * wall clock can step (NTP) or round a gap down by a millisecond.
 */
export const realSpacingClock: SpacingClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
