import { InProcessStartSpacing } from './in-process-start-spacing';
import { RequestSpacer } from './request-spacer';
import type { SpacingClock } from './start-spacing';

function virtualClock(): SpacingClock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('InProcessStartSpacing', () => {
  it('spaces starts by the interval plus the margin, on the clock it is given', async () => {
    const clock = virtualClock();
    const spacing = new InProcessStartSpacing({ minIntervalMs: 40, marginMs: 5 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await spacing.waitForTurn();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 45, 90]);
  });

  it('honours a pause', async () => {
    const clock = virtualClock();
    const spacing = new InProcessStartSpacing({ minIntervalMs: 40, marginMs: 5 }, clock);
    await spacing.waitForTurn();
    await spacing.pauseFor(1_000);
    await spacing.waitForTurn();
    expect(clock.now()).toBe(1_000);
  });

  it('defaults the margin to a tenth of the interval, at most 25 ms', async () => {
    for (const [interval, expected] of [
      [50, 55],
      [1_000, 1_025],
    ] as const) {
      const clock = virtualClock();
      const spacing = new InProcessStartSpacing({ minIntervalMs: interval }, clock);
      await spacing.waitForTurn();
      await spacing.waitForTurn();
      expect(clock.now()).toBe(expected);
    }
  });
});

describe('RequestSpacer', () => {
  it('takes each start from the spacing it is given', async () => {
    const turns: string[] = [];
    const spacer = new RequestSpacer({ minIntervalMs: 1_000, maxConcurrent: 2 }, virtualClock(), {
      waitForTurn: async () => void turns.push('turn'),
      pauseFor: async (ms) => void turns.push(`pause ${ms}`),
    });
    await spacer.run(async () => undefined);
    await spacer.pauseFor(250);
    expect(turns).toEqual(['turn', 'pause 250']);
  });
});
