import { CANVAS_THROTTLE_DEFAULTS, LeakyBucket } from './leaky-bucket';

describe('the leaky bucket', () => {
  it('reports remaining = high-water mark − level and drains at the outflow rate', () => {
    const bucket = new LeakyBucket(CANVAS_THROTTLE_DEFAULTS, 0);
    bucket.add(100);
    expect(bucket.remaining).toBe(500);
    bucket.leak(5_000);
    expect(bucket.remaining).toBe(550);
    bucket.leak(60_000);
    expect(bucket.remaining).toBe(600);
  });

  it('is full at the high-water mark and never holds more than the maximum', () => {
    const bucket = new LeakyBucket({ ...CANVAS_THROTTLE_DEFAULTS, highWaterMark: 100, maximum: 150 }, 0);
    bucket.add(99);
    expect(bucket.full).toBe(false);
    bucket.add(1);
    expect(bucket.full).toBe(true);
    bucket.add(1_000);
    expect(bucket.remaining).toBe(-50);
  });
});
