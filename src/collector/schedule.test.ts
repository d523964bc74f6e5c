import { describe, expect, it } from 'vitest';
import { nextRunAfter, stableOffset } from './schedule.js';

describe('stableOffset', () => {
  it('is stable per key, inside the interval, and spreads keys over it', () => {
    expect(stableOffset('sbc-1/https', 30_000)).toBe(stableOffset('sbc-1/https', 30_000));
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 5000; i++) {
      const offset = stableOffset(`target-${i}/tcp`, 30_000);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(30_000);
      buckets[Math.floor(offset / 3000)]++;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(400); // ~500 each when spread evenly
  });
});

describe('nextRunAfter', () => {
  it.each([
    [0, 1000, 250, 250],
    [250, 1000, 250, 1250],
    [249, 1000, 250, 250],
    [10_999, 1000, 0, 11_000],
    [1_700_000_000_123, 30_000, 7_000, 1_700_000_017_000],
  ])('now %i, interval %i, offset %i → %i', (now, interval, offset, expected) => {
    expect(nextRunAfter(now, interval, offset)).toBe(expected);
  });
});
