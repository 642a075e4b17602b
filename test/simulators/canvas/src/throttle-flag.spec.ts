import { CANVAS_THROTTLE_DEFAULTS } from './http/leaky-bucket';
import { parseThrottleFlag } from './throttle-flag';

describe('--throttle', () => {
  it('defaults to Canvas’s bucket, takes any subset, and can be turned off', () => {
    expect(parseThrottleFlag(undefined)).toEqual(CANVAS_THROTTLE_DEFAULTS);
    expect(parseThrottleFlag('hwm=100,outflow=2')).toEqual({ ...CANVAS_THROTTLE_DEFAULTS, highWaterMark: 100, outflowPerSecond: 2 });
    expect(parseThrottleFlag('off')).toBe(false);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseThrottleFlag('speed=9')).toThrow('unknown setting "speed"');
    expect(() => parseThrottleFlag('hwm=lots')).toThrow('hwm must be a number');
  });
});
