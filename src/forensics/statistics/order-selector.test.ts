import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { madSorted, quantileSorted } from './order-statistics.js';
import { OrderSelector } from './order-selector.js';
import { summarize, summarizeSelecting, summarizeSorted } from './summary-statistics.js';

const sortedCopy = (values: Float64Array): Float64Array => Float64Array.from(values).sort();

function extremes(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Samples shaped like a NOC's: quantised walks, 0/1 flags, clustered values with one outlier, signed zeros. */
const samples = fc.oneof(
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 400 }),
  fc.array(fc.integer({ min: -3, max: 3 }).map((i) => i / 100), { minLength: 1, maxLength: 400 }),
  fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 400 }),
  fc.array(fc.constantFrom(-0, 0, 1e-300, -1e-300), { minLength: 1, maxLength: 60 }),
  fc.tuple(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 1e9, max: 1e12, noNaN: true })).map(([many, outlier]) => [...many, outlier]),
).map((values) => Float64Array.from(values));

describe('OrderSelector', () => {
  const selector = new OrderSelector();

  it('selects the value a full sort holds at each position, −0 and 0 included', () => {
    fc.assert(
      fc.property(samples, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (values, picks) => {
        const sorted = sortedCopy(values);
        const positions = [...new Set(picks.map((p) => p % values.length))].sort((a, b) => a - b);
        const { min, max } = extremes(values);
        const out: number[] = [];
        selector.select(values, min, max, positions, out);
        positions.forEach((position, i) => expect(Object.is(out[i], sorted[position])).toBe(true));
      }),
    );
  });

  it('gives the median, p95 and MAD of the sorted-sample functions, bit for bit', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const sorted = sortedCopy(values);
        const { min, max } = extremes(values);
        const [median, p95] = selector.quantiles(values, min, max, [0.5, 0.95]);
        expect(Object.is(median, quantileSorted(sorted, 0.5))).toBe(true);
        expect(Object.is(p95, quantileSorted(sorted, 0.95))).toBe(true);
        expect(Object.is(selector.mad(values, median as number, min, max), madSorted(sorted, median as number))).toBe(true);
      }),
    );
  });

  it('leaves the sample untouched', () => {
    const values = Float64Array.from([5, 3, 9, 1, 7, 3]);
    const before = Float64Array.from(values);
    selector.quantiles(values, 1, 9, [0.5]);
    selector.mad(values, 4, 1, 9);
    expect(values).toEqual(before);
  });
});

describe('summarizeSelecting', () => {
  const selector = new OrderSelector();

  it('matches summarizeSorted field for field, bit for bit (−0 and 0 as a full sort orders them)', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const expected = summarizeSorted(values, sortedCopy(values));
        const got = summarizeSelecting(values, selector);
        for (const field of Object.keys(expected) as (keyof typeof expected)[]) expect(Object.is(got[field], expected[field]), field).toBe(true);
      }),
    );
  });

  it('skips NaN and ±Infinity as summarize does', () => {
    const values = Float64Array.from([1, Number.NaN, 3, Infinity, -Infinity, 2]);
    expect(summarizeSelecting(values, selector)).toEqual(summarize(values));
    expect(summarizeSelecting(values, selector).count).toBe(3);
  });
});
