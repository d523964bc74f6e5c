import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE_FLOOR, MAD_SCALE, MEAN_ABSOLUTE_DEVIATION_SCALE, mad, median, quantile, robustStats, robustStatsInPlace, robustZ } from './robust.js';

// Reference values from numpy 2.4 / scipy 1.17:
//   np.median(x), scipy.stats.median_abs_deviation(x) (raw) and ×1.4826, np.quantile(x, q) (method="linear").
const ODD = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
const EVEN = [2.5, -1, 7, 0.5, 3, 12, 4, 4.5];

describe('median', () => {
  it('matches numpy for odd and even lengths', () => {
    expect(median(ODD)).toBe(4);
    expect(median(EVEN)).toBe(3.5);
    expect(median(new Float64Array([7]))).toBe(7);
  });

  it('ignores NaN, like numpy.nanmedian, and is NaN when nothing is left', () => {
    expect(median([NaN, 3, 1, NaN, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(median([NaN])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const input = [3, 1, 2];
    median(input);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('mad', () => {
  it('matches scipy median_abs_deviation, raw and scaled by 1.4826', () => {
    expect(mad(ODD, 1)).toBe(1);
    expect(mad(ODD)).toBeCloseTo(1.4826, 12);
    expect(mad(EVEN, 1)).toBe(2);
    expect(mad(EVEN)).toBeCloseTo(2.9652, 12);
    expect(MAD_SCALE).toBe(1.4826);
  });

  it('is 0 for a constant sample', () => {
    expect(mad([5, 5, 5, 5])).toBe(0);
  });
});

describe('quantile (type 7)', () => {
  const cases: [number[], number, number][] = [
    [ODD, 0, 1],
    [ODD, 0.1, 1],
    [ODD, 0.25, 2.5],
    [ODD, 0.5, 4],
    [ODD, 0.9, 6],
    [ODD, 0.95, 7.5],
    [ODD, 1, 9],
    [EVEN, 0, -1],
    [EVEN, 0.1, 0.0500000000000001],
    [EVEN, 0.25, 2],
    [EVEN, 0.5, 3.5],
    [EVEN, 0.9, 8.5],
    [EVEN, 0.95, 10.249999999999996],
    [EVEN, 1, 12],
  ];
  it.each(cases)('matches np.quantile(%j, %d)', (values, q, expected) => {
    expect(quantile(values, q)).toBeCloseTo(expected, 12);
  });

  it('agrees with median at q = 0.5', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (values) => {
        expect(quantile(values, 0.5)).toBeCloseTo(median(values), 6);
      }),
    );
  });

  it('rejects q outside [0, 1]', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantile([1, 2], NaN)).toThrow(RangeError);
  });

  it('is NaN for an empty sample', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('robustStats and robustZ', () => {
  it('uses the scaled MAD when it is positive', () => {
    const stats = robustStats(ODD);
    expect(stats).toEqual({ n: 11, median: 4, mad: stats.mad, scale: stats.mad });
    expect(stats.mad).toBeCloseTo(1.4826, 12);
    // (9 − 4) / 1.4826
    expect(robustZ(9, stats)).toBeCloseTo(3.372453797382976, 12);
  });

  it('falls back to √(π/2)·mean absolute deviation when most values are equal', () => {
    // median 0, MAD 0, mean |x − 0| = 3/8.
    const stats = robustStats([0, 0, 0, 0, 0, 0, 0, 3]);
    expect(stats.mad).toBe(0);
    expect(MEAN_ABSOLUTE_DEVIATION_SCALE).toBeCloseTo(1.2533141373155003, 15);
    expect(stats.scale).toBeCloseTo(0.375 * 1.2533141373155003, 15);
    expect(robustZ(3, stats)).toBeCloseTo(3 / (0.375 * 1.2533141373155003), 12);
  });

  it('floors the scale at 1% of |median| for a constant baseline instead of dividing by zero', () => {
    const stats = robustStats([1000, 1000, 1000, 1000, 1000]);
    expect(stats.mad).toBe(0);
    expect(stats.scale).toBe(10);
    expect(robustZ(1000, stats)).toBe(0);
    expect(robustZ(1005, stats)).toBe(0.5);
    expect(robustZ(900, stats)).toBe(-10);
  });

  it('floors at the absolute floor when the constant is 0', () => {
    const stats = robustStats([0, 0, 0, 0]);
    expect(stats.scale).toBe(DEFAULT_SCALE_FLOOR.absolute);
    expect(Number.isFinite(robustZ(1, stats))).toBe(true);
    expect(robustZ(1, stats)).toBeGreaterThan(1e8);
  });

  it('takes floors from the caller', () => {
    expect(robustStats([50, 50, 50], { relative: 0.1 }).scale).toBe(5);
    expect(robustStats([0, 0, 0], { absolute: 0.5 }).scale).toBe(0.5);
  });

  it('is NaN throughout for an empty sample', () => {
    const stats = robustStats([NaN]);
    expect(stats.n).toBe(0);
    expect(stats.median).toBeNaN();
    expect(stats.scale).toBeNaN();
  });

  it('gives the same z after shifting and rescaling the data (when the floor does not bind)', () => {
    const sample = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 5, maxLength: 40 });
    fc.assert(
      fc.property(sample, fc.integer({ min: -1000, max: 1000 }), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), (values, x, a, b) => {
        const floor = { relative: 0, absolute: 0 };
        const stats = robustStats(values, floor);
        fc.pre(stats.scale > 0);
        const moved = robustStats(values.map((value) => a * value + b), floor);
        expect(robustZ(a * x + b, moved)).toBeCloseTo(robustZ(x, stats), 6);
      }),
    );
  });

  it('keeps the median inside the clean data when fewer than half the values are wild', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 3, maxLength: 41 }), fc.double({ min: 1e9, max: 1e12, noNaN: true }), (values, wild) => {
        const wildCount = Math.floor((values.length - 1) / 2);
        const kept = values.slice(wildCount);
        const m = median([...Array.from({ length: wildCount }, () => wild), ...kept]);
        expect(m).toBeGreaterThanOrEqual(Math.min(...kept));
        expect(m).toBeLessThanOrEqual(Math.max(...kept));
      }),
    );
  });
});

describe('robustStatsInPlace', () => {
  it('gives what robustStats gives, bit for bit, for the first n values of an array it sorts in place', () => {
    const value = fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constant(Number.NaN), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.array(value, { maxLength: 5 }), (values, tail) => {
        const array = Float64Array.from([...values, ...tail]);
        const stats = robustStatsInPlace(array, values.length);
        expect(stats).toEqual(robustStats(values));
        // The values beyond n are left alone.
        expect([...array.subarray(values.length)]).toEqual(tail);
      }),
    );
  });

  it('leaves the values it used sorted, NaN moved out', () => {
    const array = Float64Array.from([5, Number.NaN, 1, 3, 9]);
    expect(robustStatsInPlace(array, 4, {}).n).toBe(3);
    expect([...array.subarray(0, 3)]).toEqual([1, 3, 5]);
    expect(array[4]).toBe(9);
  });
});
