import type { SpacingClock } from '@sisbridge/ptp-client';
import { PostgresStartSpacing, type RunSql } from './postgres-start-spacing';

/** A clock the test moves: `sleep` advances it by the time asked plus whatever oversleep the test sets. */
function virtualClock(): SpacingClock & { oversleep: number[]; advance: (ms: number) => void } {
  let now = 1_000;
  const oversleep: number[] = [];
  return {
    oversleep,
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: (ms) => {
      now += ms + (oversleep.shift() ?? 0);
      return Promise.resolve();
    },
  };
}

/** The database's answers, one per slot taken: the wait until the slot begins; each answer takes `roundTripMs`. */
function slotAnswers(clock: ReturnType<typeof virtualClock>, waits: number[], roundTripMs = 0): RunSql & { taken: number } {
  const run = async () => {
    run.taken++;
    clock.advance(roundTripMs);
    return [{ wait_ms: waits.shift() ?? 0 }];
  };
  run.taken = 0;
  return run as RunSql & { taken: number };
}

describe('PostgresStartSpacing', () => {
  it('sleeps until its slot begins, counting from when the answer arrived', async () => {
    const clock = virtualClock();
    const sql = slotAnswers(clock, [120], 2);
    const spacing = new PostgresStartSpacing(sql, { districtId: 'd', minIntervalMs: 100, marginMs: 10 }, clock);
    const asked = clock.now();
    await spacing.waitForTurn();
    expect(clock.now() - asked).toBe(2 + 120);
    expect(sql.taken).toBe(1);
  });

  it('never starts before its slot, even when a timer fires early', async () => {
    const clock = virtualClock();
    clock.oversleep.push(-7); // the timer fired 7 ms early
    const sql = slotAnswers(clock, [50], 0);
    const asked = clock.now();
    await new PostgresStartSpacing(sql, { districtId: 'd', minIntervalMs: 100, marginMs: 10 }, clock).waitForTurn();
    expect(clock.now() - asked).toBe(50);
  });

  it('gives up a slot it would start too late in (counting the round trip) and takes the next', async () => {
    const clock = virtualClock();
    clock.oversleep.push(9); // woke 9 ms late; with a 2 ms round trip that is 11 ms into the slot
    const missed: number[] = [];
    const sql = slotAnswers(clock, [50, 110], 2);
    const spacing = new PostgresStartSpacing(sql, { districtId: 'd', minIntervalMs: 100, marginMs: 10 }, clock, (late) =>
      missed.push(late),
    );
    await spacing.waitForTurn();
    expect(missed).toEqual([11]);
    expect(sql.taken).toBe(2);
  });

  it('starts late within the margin', async () => {
    const clock = virtualClock();
    clock.oversleep.push(8);
    const missed: number[] = [];
    const sql = slotAnswers(clock, [50], 2);
    await new PostgresStartSpacing(sql, { districtId: 'd', minIntervalMs: 100, marginMs: 10 }, clock, (late) =>
      missed.push(late),
    ).waitForTurn();
    expect({ missed, taken: sql.taken }).toEqual({ missed: [], taken: 1 });
  });

  it('asks the database for a slot interval + margin after the last, and to pause every replica', async () => {
    const calls: Array<readonly unknown[]> = [];
    const spacing = new PostgresStartSpacing(
      async (sql, params) => {
        calls.push([sql.includes('RETURNING') ? 'take' : 'pause', ...params]);
        return [{ wait_ms: 0 }];
      },
      { districtId: 'north', minIntervalMs: 100, marginMs: 10 },
      virtualClock(),
    );
    await spacing.waitForTurn();
    await spacing.pauseFor(3_000);
    expect(calls).toEqual([
      ['take', 'north', 110],
      ['pause', 'north', 3_000],
    ]);
  });

  it('refuses settings it cannot keep: no interval, or no margin to start late in', () => {
    const sql: RunSql = async () => [];
    expect(() => new PostgresStartSpacing(sql, { districtId: 'd', minIntervalMs: 0, marginMs: 5 })).toThrow(/interval above 0/);
    expect(() => new PostgresStartSpacing(sql, { districtId: 'd', minIntervalMs: 50, marginMs: 0 })).toThrow(/margin of at least 1 ms/);
  });
});
