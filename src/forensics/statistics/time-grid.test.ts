import { describe, expect, it } from 'vitest';
import { gridFor, resampleToGrid } from './time-grid.js';

describe('resampleToGrid', () => {
  const grid = gridFor(1_000, 41_000, 10_000); // buckets [1s,11s) [11s,21s) [21s,31s) [31s,41s)

  it('keeps the last sample of each bucket and leaves empty buckets NaN', () => {
    const out = resampleToGrid([0, 2_000, 9_000, 12_000, 35_000], [99, 1, 2, 3, 4], grid);
    expect(grid.count).toBe(4);
    expect(Array.from(out)).toEqual([2, 3, Number.NaN, 4]);
  });

  it('averages per bucket', () => {
    const out = resampleToGrid([2_000, 9_000, 12_000, 35_000], [1, 2, 3, 4], grid, { mode: 'average' });
    expect(Array.from(out)).toEqual([1.5, 3, Number.NaN, 4]);
  });

  it('carries the last value into empty buckets within the lookback, including from before the grid', () => {
    const out = resampleToGrid([0, 12_000], [7, 3], grid, { carryForwardMs: 20_000 });
    // bucket 0 ends at 11s, 11s after the sample at 0; bucket 3 ends 29s after the sample at 12s: too old.
    expect(Array.from(out)).toEqual([7, 3, 3, Number.NaN]);
  });

  it('ignores non-finite values and reuses the output buffer', () => {
    const buffer = new Float64Array(10);
    const out = resampleToGrid([2_000, 3_000], [5, Number.NaN], grid, { out: buffer });
    expect(out.buffer).toBe(buffer.buffer);
    expect(out[0]).toBe(5);
  });

  it('puts two irregular series on one grid so they can be compared point by point', () => {
    const a = resampleToGrid([1_500, 11_200, 21_900, 31_100], [1, 2, 3, 4], grid);
    const b = resampleToGrid([4_000, 14_000, 24_000, 34_000], [10, 20, 30, 40], grid);
    expect(Array.from(b).map((v, i) => v / (a[i] as number))).toEqual([10, 10, 10, 10]);
  });
});
