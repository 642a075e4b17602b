import { FaultInjector } from './fault-injector';
import { parseFaultSpec } from './fault-spec';

describe('fault injection', () => {
  it('parses every fault of a --faults flag', () => {
    expect(parseFaultSpec('latency=50ms,jitter=1s,5xx=0.1,drop=0.05,slow=0.02:3s,duplicate=0.2,seed=7')).toEqual({
      latencyMs: 50,
      jitterMs: 1000,
      error5xxRate: 0.1,
      dropRate: 0.05,
      slowRate: 0.02,
      slowMs: 3000,
      duplicateRate: 0.2,
      seed: 7,
    });
  });

  it('refuses what it does not understand, saying what is expected', () => {
    expect(() => parseFaultSpec('5xx=10%')).toThrow('--faults: 5xx must be a share between 0 and 1 (got "10%")');
    expect(() => parseFaultSpec('explode=1')).toThrow('unknown fault "explode"');
    expect(() => parseFaultSpec('latency=fast')).toThrow('latency must be a duration like 50ms or 2s');
  });

  it('is off by default and injects nothing', () => {
    const injector = new FaultInjector(parseFaultSpec(undefined));
    expect(injector.active).toBe(false);
    expect(Array.from({ length: 100 }, () => injector.decide())).toEqual(Array.from({ length: 100 }, () => ({ delayMs: 0, drop: false })));
  });

  it('injects about the configured share, the same way for the same seed', () => {
    const run = () => {
      const injector = new FaultInjector(parseFaultSpec('5xx=0.1,drop=0.05,seed=42'));
      return Array.from({ length: 10_000 }, () => injector.decide());
    };
    const first = run();
    expect(run()).toEqual(first);
    const errors = first.filter((d) => d.status5xx).length;
    const drops = first.filter((d) => d.drop).length;
    expect(errors).toBeGreaterThan(800);
    expect(errors).toBeLessThan(1_100);
    expect(drops).toBeGreaterThan(400);
    expect(drops).toBeLessThan(600);
  });
});
