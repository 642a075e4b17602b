import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import { realSpacingClock, type SpacingClock } from '@sisbridge/ptp-client';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { ptpGradebookPersistence } from '../../persistence/ptp-gradebook.persistence';
import { PostgresStartSpacing, type RunSql } from './postgres-start-spacing';

/**
 * The shared PowerSchool interval on real Postgres: three pg pools stand in for three
 * ptp-gradebook replicas, each running several requests at once, as activities do.
 */
describe('PostgresStartSpacing (real Postgres)', () => {
  let database: TestDatabase;
  const pools: Pool[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('ptp_request_slot');
    await runMigrations(
      createServiceDataSource({ url: database.url, ...ptpGradebookPersistence, applicationName: 'ptp-request-slot-test' }),
    );
    for (let replica = 0; replica < 3; replica++) pools.push(new Pool({ connectionString: database.url, max: 4 }));
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database?.drop();
  });

  const runSqlOn =
    (pool: Pool, waits?: number[]): RunSql =>
    async (sql, params) => {
      const rows = (await pool.query(sql, [...params])).rows as Array<Record<string, unknown>>;
      if (waits && rows[0] && 'wait_ms' in rows[0]) waits.push(Number(rows[0]['wait_ms']));
      return rows;
    };
  /** Milliseconds with a fraction: the gaps are compared to the interval, not rounded to it. */
  const preciseClock: SpacingClock = { now: () => performance.now(), sleep: realSpacingClock.sleep };

  it('spaces the starts of every replica together at least the interval apart, per district', async () => {
    const interval = 20;
    const perDistrict = new Map<string, number[]>([
      ['north', []],
      ['south', []],
    ]);
    const missed: number[] = [];
    const requests: Array<Promise<void>> = [];
    for (const pool of pools)
      for (const districtId of perDistrict.keys()) {
        const spacing = new PostgresStartSpacing(
          runSqlOn(pool),
          { districtId, minIntervalMs: interval, marginMs: 10 },
          preciseClock,
          (late) => missed.push(late),
        );
        // Four requests in flight per replica and district (maxConcurrentRequests), five each in turn.
        for (let lane = 0; lane < 4; lane++)
          requests.push(
            (async () => {
              for (let request = 0; request < 5; request++) {
                await spacing.waitForTurn();
                perDistrict.get(districtId)?.push(preciseClock.now());
              }
            })(),
          );
      }
    await Promise.all(requests);

    for (const [districtId, starts] of perDistrict) {
      expect({ districtId, requests: starts.length }).toEqual({ districtId, requests: 3 * 4 * 5 });
      const sorted = [...starts].sort((a, b) => a - b);
      const closest = Math.min(...sorted.slice(1).map((start, i) => start - (sorted[i] as number)));
      expect({ districtId, closestGapAtLeastInterval: closest >= interval }).toEqual({ districtId, closestGapAtLeastInterval: true });
    }
    // Slots given up (a replica woke too late) only widen gaps; they are reported, not failures.
    expect(missed.every((late) => late > 10)).toBe(true);
  });

  it('gives each district its own slots: a district with a backlog does not hold another up', async () => {
    // The busy district's requests take slots a second apart and then sleep on a clock the test holds.
    const sleepers: Array<{ wakesAt: number; wake: () => void }> = [];
    let virtualNow = 0;
    const heldClock: SpacingClock = {
      now: () => virtualNow,
      sleep: (ms) => new Promise((resolve) => sleepers.push({ wakesAt: virtualNow + ms, wake: resolve })),
    };
    const busyWaits: number[] = [];
    const busy = new PostgresStartSpacing(
      runSqlOn(pools[0] as Pool, busyWaits),
      { districtId: 'busy', minIntervalMs: 1_000, marginMs: 1_000 },
      heldClock,
    );
    const queued = Array.from({ length: 5 }, () => busy.waitForTurn());
    await until(() => busyWaits.length === 5);

    const quietWaits: number[] = [];
    const quiet = new PostgresStartSpacing(runSqlOn(pools[1] as Pool, quietWaits), {
      districtId: 'quiet',
      minIntervalMs: 1_000,
      marginMs: 10,
    });
    await quiet.waitForTurn();

    // The busy district's fifth request waits four slots (~8 s on the database clock); the quiet one none.
    expect(Math.max(...busyWaits)).toBeGreaterThan(3 * 2_000);
    expect(quietWaits).toHaveLength(1);
    expect(quietWaits[0]).toBeLessThan(1);

    // Each sleeper wakes on time, one after another: they start in their slots.
    for (const sleeper of sleepers.splice(0).sort((a, b) => a.wakesAt - b.wakesAt)) {
      virtualNow = sleeper.wakesAt;
      sleeper.wake();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(queued);
  });

  it('after a pause ("too many requests, wait N") no replica gets a slot before it ends', async () => {
    const waits: number[] = [];
    const first = new PostgresStartSpacing(runSqlOn(pools[0] as Pool), { districtId: 'paused', minIntervalMs: 10, marginMs: 1_000 });
    // The other replica sleeps on a virtual clock: the pause is read, not waited out.
    let virtualNow = 0;
    const other = new PostgresStartSpacing(
      runSqlOn(pools[2] as Pool, waits),
      { districtId: 'paused', minIntervalMs: 10, marginMs: 1_000 },
      {
        now: () => virtualNow,
        sleep: async (ms) => void (virtualNow += ms),
      },
    );
    await first.pauseFor(60_000);
    await other.waitForTurn();
    expect(waits[0]).toBeGreaterThan(59_000);
  });
});

/** Resolves once `done` holds, checking after each turn of the event loop (no wall-clock deadline: Jest's timeout bounds it). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}
