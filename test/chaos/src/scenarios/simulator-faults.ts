import { NO_FAULTS, parseFaultSpec } from '@sisbridge/sim-common';
import type { ChaosWorld } from '../world/chaos-world';
import type { Scenario } from './scenario';

/** 20% of requests answered 500/502/503 and 5% of connections dropped, on every simulator, all night. */
export const SIMULATOR_FAULTS = '5xx=0.2,drop=0.05,seed=17';

function setFaults(world: ChaosWorld, spec: string | undefined): void {
  const faults = spec ? parseFaultSpec(spec) : NO_FAULTS;
  world.zone.context.injector.reconfigure(faults);
  world.canvas.faults.reconfigure(faults);
  world.ptp.faults.reconfigure(faults);
}

/**
 * PowerSchool's zone, Canvas and PTP all failing at once: a fifth of requests 5xx, some dropped
 * connections, and Canvas throttling with its real bucket (the district's own pace set above
 * what the bucket drains, so 403 Rate Limit Exceeded does happen).
 */
export const simulatorFaults: Scenario = {
  name: `5xx 20% + drops 5% on all three simulators, Canvas throttling`,
  slug: 'simulator-faults',
  timeLimitMs: 12 * 60_000,
  world: { canvasThrottle: { outflowPerSecond: 40 }, canvasRequestsPerSecond: 60 },
  inject: async ({ world, log }) => {
    setFaults(world, SIMULATOR_FAULTS);
    log.note(`faults ${SIMULATOR_FAULTS} on the SIF zone, Canvas and PTP; Canvas bucket draining 40/s against 60 requests/s`);
  },
  whileTeachersWork: (world) => ({
    pause: () => setFaults(world, undefined),
    resume: () => setFaults(world, SIMULATOR_FAULTS),
  }),
};
