import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpGate } from '../infrastructure/http-gate';
import type { ChaosWorld } from '../world/chaos-world';
import { holdAt, nth, ptpScoreWrite, sifPacket } from './moments';
import type { FaultContext, Scenario } from './scenario';

/** A dependency taken away at a moment and given back after `downMs`. */
interface Outage {
  what: string;
  downMs: number;
  begin: (world: ChaosWorld) => Promise<void> | void;
  end: (world: ChaosWorld) => Promise<void> | void;
}

/**
 * The two moments every outage scenario hits: mid-ingest (provisioning) and mid-score-write
 * (passback). Made afresh for each scenario: an `nth` matcher counts, so one shared by the
 * scenarios would have counted past its moment in the first and never match in the next.
 */
const moments = (): Array<{ moment: string; gate: (world: ChaosWorld) => HttpGate; match: Parameters<typeof holdAt>[2] }> => [
  { moment: 'mid-ingest', gate: (world) => world.gates.sif, match: nth(5, sifPacket) },
  { moment: 'mid-score-write', gate: (world) => world.gates.ptp, match: nth(5, ptpScoreWrite) },
];

/**
 * Holds the answer of the moment, takes the dependency away, delivers the answer into the outage
 * (the caller goes on and meets it), and gives the dependency back after `downMs`: the length of
 * the outage is the fault itself, not a wait for something to happen.
 */
function outageAtEachMoment(outage: Outage): (context: FaultContext) => Promise<void> {
  return async (context) => {
    for (const { moment, gate, match } of moments()) {
      const held = await holdAt(context, gate(context.world), match, `${outage.what} ${moment}`);
      if (!held) continue;
      const started = Date.now();
      await outage.begin(context.world);
      held.release();
      await sleep(outage.downMs);
      await outage.end(context.world);
      context.log.note(`${outage.what} ${moment} for ${Math.round(outage.downMs / 1000)} s`, Date.now() - started);
    }
  };
}

export const temporalRestart: Scenario = {
  name: 'Temporal server stopped 15 s and restarted (x2)',
  slug: 'temporal-restart',
  timeLimitMs: 12 * 60_000,
  world: { persistentTemporal: true },
  inject: outageAtEachMoment({
    what: 'Temporal stopped',
    downMs: 15_000,
    begin: (world) => world.temporal.stop(),
    end: (world) => world.temporal.start(),
  }),
};

export const postgresRestart: Scenario = {
  name: 'Postgres stopped 15 s and restarted (x2)',
  slug: 'postgres-restart',
  timeLimitMs: 12 * 60_000,
  inject: outageAtEachMoment({
    what: 'Postgres stopped',
    downMs: 15_000,
    begin: (world) => world.postgres.stop('fast'),
    end: (world) => world.postgres.start(),
  }),
};

export const postgresPartition: Scenario = {
  name: 'network partition to Postgres, 30 s (x2)',
  slug: 'postgres-partition',
  timeLimitMs: 12 * 60_000,
  inject: outageAtEachMoment({
    what: 'Postgres partitioned',
    downMs: 30_000,
    begin: (world) => world.proxies.postgres.partition(),
    end: (world) => world.proxies.postgres.heal(),
  }),
};

export const temporalPartition: Scenario = {
  name: 'network partition to Temporal, 30 s (x2)',
  slug: 'temporal-partition',
  timeLimitMs: 12 * 60_000,
  inject: outageAtEachMoment({
    what: 'Temporal partitioned',
    downMs: 30_000,
    begin: (world) => world.proxies.temporal.partition(),
    end: (world) => world.proxies.temporal.heal(),
  }),
};
