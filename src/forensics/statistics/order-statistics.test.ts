import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, medianAndMad, quantile } from './order-statistics.js';

// Reference values: numpy 2 / scipy 1.17.1 (np.median, np.quantile, scipy.stats.median_abs_deviation).
const B = [10.0, 12.0, 11.0, 10.5, 13.0, 9.5, 10.0, 40.0, 11.5, 10.2, 10.8];

describe('order statistics', () => {
  it('match numpy', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([4, 1, 3, 2, 10], 0.95)).toBeCloseTo(8.799999999999999, 12);
    expect(quantile([5, 1, 3, 2], 0.3)).toBeCloseTo(1.9, 12);
    const { median: m, mad } = medianAndMad(B);
    expect(m).toBe(10.8);
    expect(mad).toBeCloseTo(0.8000000000000007, 12);
  });

  it('are NaN for an empty sample and leave the input alone', () => {
    expect(median([])).toBeNaN();
    const input = Float64Array.from([3, 1, 2]);
    median(input);
    expect(Array.from(input)).toEqual([3, 1, 2]);
  });

  it('agree with a full sort for any sample and quantile', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const pos = (sorted.length - 1) * q;
        const lo = sorted[Math.floor(pos)] as number;
        const hi = sorted[Math.min(Math.floor(pos) + 1, sorted.length - 1)] as number;
        expect(quantile(xs, q)).toBeCloseTo(lo + (hi - lo) * (pos - Math.floor(pos)), 9);
      }),
    );
  });
});
