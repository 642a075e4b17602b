import { realSpacingClock, type SpacingClock, type StartSpacing } from '@sisbridge/ptp-client';

/** Runs one SQL statement and gives its rows (a TypeORM DataSource's `query`, or a pg pool's rows). */
export type RunSql = (sql: string, params: readonly unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface PostgresStartSpacingSettings {
  /** The slot's key: a district has one PowerSchool and one plugin. */
  districtId: string;
  /** The district's minimum interval between the plugin's requests. */
  minIntervalMs: number;
  /**
   * Added to the interval between two slots, and how late a caller may start in its slot: a caller
   * that would start later gives the slot up and takes another (see waitForTurn). At least 1.
   */
  marginMs: number;
}

/**
 * Takes the next slot and says how many ms from now (database clock) it begins. One atomic
 * statement: concurrent callers queue on the row lock, each moves `next_at` one step further, so
 * each gets a distinct slot at least interval + margin after the one before; an idle plugin's slot
 * begins now (GREATEST), never in the past.
 */
const TAKE_SLOT = `
  INSERT INTO ptp_gradebook.ptp_request_slot AS slot (district_id, next_at)
  VALUES ($1, clock_timestamp() + make_interval(secs => $2::double precision / 1000))
  ON CONFLICT (district_id) DO UPDATE
    SET next_at = GREATEST(slot.next_at, clock_timestamp()) + make_interval(secs => $2::double precision / 1000)
  RETURNING (extract(epoch FROM slot.next_at - clock_timestamp()) * 1000)::double precision - $2::double precision AS wait_ms`;

/** PTP said "too many requests, wait N": no slot begins before then, for any replica. */
const PAUSE = `
  INSERT INTO ptp_gradebook.ptp_request_slot AS slot (district_id, next_at)
  VALUES ($1, clock_timestamp() + make_interval(secs => $2::double precision / 1000))
  ON CONFLICT (district_id) DO UPDATE
    SET next_at = GREATEST(slot.next_at, clock_timestamp() + make_interval(secs => $2::double precision / 1000))`;

/**
 * One district's PowerSchool minimum interval shared by every ptp-gradebook replica through
 * Postgres (ptp_gradebook.ptp_request_slot). Each request takes a slot, sleeps until it begins and
 * starts within it:
 *
 * - The wait comes from the database's clock and is counted from when its answer arrived, so a
 *   request never starts before its slot, whatever the replicas' clocks say.
 * - A request that would start more than `marginMs` into its slot (a slow answer, a busy event
 *   loop) gives the slot up and takes a new one. Slots begin interval + margin apart and each
 *   request starts within margin of its slot's beginning, so two starts are never closer than the
 *   interval, however late any replica wakes.
 */
export class PostgresStartSpacing implements StartSpacing {
  constructor(
    private readonly runSql: RunSql,
    private readonly settings: PostgresStartSpacingSettings,
    private readonly clock: SpacingClock = realSpacingClock,
    /** Told how late a request woke when it gives its slot up (for a metric). */
    private readonly onMissedSlot: (lateMs: number) => void = () => undefined,
  ) {
    if (!(settings.minIntervalMs > 0)) throw new Error('a shared start spacing needs a minimum interval above 0 ms');
    if (!(settings.marginMs >= 1))
      throw new Error('a shared start spacing needs a margin of at least 1 ms: it is how late a request may start in its slot');
  }

  async waitForTurn(): Promise<void> {
    const step = this.settings.minIntervalMs + this.settings.marginMs;
    for (;;) {
      const asked = this.clock.now();
      const rows = await this.runSql(TAKE_SLOT, [this.settings.districtId, step]);
      const answered = this.clock.now();
      const waitMs = Math.max(0, Number(rows[0]?.['wait_ms'] ?? 0));
      // The database took the slot somewhere between asked and answered: counting its wait from
      // answered starts no earlier than the slot, and at most the round trip later.
      const begins = answered + waitMs;
      // A timer may fire early (Node counts from the event loop's cached time): sleep again until due.
      for (let untilThen = begins - this.clock.now(); untilThen > 0; untilThen = begins - this.clock.now())
        await this.clock.sleep(untilThen);
      const lateMs = this.clock.now() - begins + (answered - asked);
      if (lateMs <= this.settings.marginMs) return;
      this.onMissedSlot(lateMs);
    }
  }

  async pauseFor(ms: number): Promise<void> {
    await this.runSql(PAUSE, [this.settings.districtId, Math.max(0, ms)]);
  }
}
