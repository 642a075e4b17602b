import type { Scenario } from './scenario';

/** The reference every other row is compared with: the same district, the same night, no fault. */
export const faultFree: Scenario = {
  name: 'fault-free (reference)',
  slug: 'fault-free',
  timeLimitMs: 10 * 60_000,
};
