import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Float64Sorter } from './float64-sorter.js';
import { flatScale, flatScaleUnsorted, levelShift } from './level-shift.js';

describe('levelShift', () => {
  it('matches (median(w) − median(b)) / (1.4826 · MAD(b)) computed with scipy', () => {
    const s = levelShift([10.0, 12.0, 11.0, 10.5, 13.0, 9.5, 10.0, 40.0, 11.5, 10.2, 10.8], [14.0, 15.5, 13.2, 16.0, 14.8, 15.1]);
    expect(s.baselineMedian).toBe(10.8);
    expect(s.windowMedian).toBe(14.95);
    expect(s.baselineMad).toBeCloseTo(0.8000000000000007, 12);
    expect(s.z).toBeCloseTo(3.4989208147848334, 10);
  });

  it('is negative for a drop and robust to a spike in the window', () => {
    expect(levelShift([5, 6, 5, 6, 5, 6], [5, 6, 5, 600, 5, 6]).z).toBe(0);
    expect(levelShift([5, 6, 5, 6, 5, 6], [1, 1, 1]).z).toBeLessThan(-5);
  });

  it('floors the scale for a flat baseline', () => {
    const s = levelShift([100, 100, 100, 100], [110, 110]);
    expect(s.baselineMad).toBe(0);
    expect(s.scale).toBe(1);
    expect(s.z).toBe(10);
    expect(levelShift([0, 0, 0], [1]).z).toBe(1000);
    expect(levelShift([0, 0, 0], [0]).z).toBe(0);
  });

  it('scales a quantized baseline whose MAD is 0 by its spread and resolution instead of saturating', () => {
    // Mostly 1 with a few 2s: MAD is 0, yet a median moving from 1 to 2 is one step of the data, not 1000 sigmas.
    const baseline = [1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 2, 1];
    const shifted = levelShift(baseline, [2, 2, 2, 1, 2, 2]);
    expect(shifted.baselineMad).toBe(0);
    expect(shifted.scale).toBe(1);
    expect(shifted.z).toBe(1);
    expect(flatScale([1, 1, 1, 1], 1)).toBe(0);
    expect(levelShift([1, 1, 1, 1], [0, 0, 0]).z).toBe(-100);
  });
});

describe('flatScaleUnsorted', () => {
  const sorter = new Float64Sorter();
  const scratch = new Float64Array(400);

  it('is flatScale of the sorted values, bit for bit, around the median or any other centre', () => {
    const flat = fc.tuple(fc.array(fc.constantFrom(-1, -0, 0, 0.1, 0.2, 1, 3.5), { maxLength: 150 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }), { maxLength: 50 }));
    fc.assert(
      fc.property(flat, fc.nat(), ([tied, loose], pick) => {
        const values = Float64Array.from([...tied, ...loose]);
        const sorted = Float64Array.from(values).sort();
        const centre = values.length === 0 ? 1 : (values[pick % values.length] as number);
        expect(Object.is(flatScaleUnsorted(values, centre, sorter, scratch), flatScale(sorted, centre))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves out no step: the resolution next to the centre counts', () => {
    expect(flatScaleUnsorted([5, 5, 5, 5, 5.5, 5, 5], 5, sorter, scratch)).toBe(0.5);
    expect(flatScaleUnsorted([5, 5, 5, 5, 5, 5, 5], 5, sorter, scratch)).toBe(0);
  });
});
