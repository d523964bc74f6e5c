import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDifferences } from './first-differences.js';
import { KsStatisticCounter } from './ks-statistic-counter.js';
import { ksStatisticSorted } from './ks-two-sample.js';

const sortedD = (a: Float64Array, b: Float64Array): number => ksStatisticSorted(Float64Array.from(a).sort(), Float64Array.from(b).sort());

/** Samples shaped like first differences of a NOC's series: quantised, tied, 0/1, clustered with outliers. */
const sample = fc.oneof(
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }),
  fc.array(fc.integer({ min: -50, max: 50 }).map((i) => i / 100), { minLength: 1, maxLength: 300 }),
  fc.array(fc.constantFrom(-1, 0, 1), { minLength: 1, maxLength: 300 }),
  fc.array(fc.constantFrom(-0, 0, 1e-300, -1e-300, 5e-324), { minLength: 1, maxLength: 60 }),
  fc.tuple(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 1e9, max: 1e12, noNaN: true })).map(([many, outlier]) => [...many, outlier]),
  fc.array(fc.integer({ min: 115_000, max: 135_000 }), { minLength: 1, maxLength: 300 }),
);
const pair = fc.oneof(
  fc.tuple(sample, sample),
  // Two samples of one kind, the second shifted or scaled a little: statistics near the bucket bounds.
  fc.tuple(sample, fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.nat({ max: 3 })).map(([a, shift, repeat]) => [a, a.map((v) => v + shift * (repeat + 1))]),
).map(([a, b]) => [Float64Array.from(a), Float64Array.from(b)] as const);

describe('KsStatisticCounter', () => {
  const counter = new KsStatisticCounter();

  it('gives the float D of the sorted walk for any two samples', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(Object.is(counter.statistic(a, b), sortedD(a, b))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the D of the first differences of two series, as of their differences', () => {
    const series = sample.filter((values) => values.length >= 2).map((values) => Float64Array.from(values));
    fc.assert(
      fc.property(series, series, (a, b) => {
        expect(Object.is(counter.ofFirstDifferences(a, b), sortedD(firstDifferences(a), firstDifferences(b)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves the samples in their order', () => {
    const a = Float64Array.from([3, 1, 2, 1]);
    const b = Float64Array.from([0.5, 2.5, 1]);
    counter.statistic(a, b);
    expect([...a]).toEqual([3, 1, 2, 1]);
    expect([...b]).toEqual([0.5, 2.5, 1]);
  });

  it('matches on long walks of first differences (1,439 against 359), where most buckets are skipped', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let run = 0; run < 30; run++) {
      const quantum = run % 3 === 0 ? 0.01 : run % 3 === 1 ? 0.001 : 0;
      const draw = (spread: number) => (quantum === 0 ? (random() - 0.5) * spread : Math.round(((random() - 0.5) * spread) / quantum) * quantum);
      const a = Float64Array.from({ length: 1439 }, () => draw(1));
      const b = Float64Array.from({ length: 359 }, () => draw(1 + (run % 5) * 0.1) + (run % 4) * 0.01);
      expect(counter.statistic(a, b)).toBe(sortedD(a, b));
    }
  });

  it('walks buckets of many values holding one, two or more floats an ulp apart', () => {
    const ulp = 2 ** -56;
    const near = [0.1, 0.1 + ulp, 0.1 + 2 * ulp];
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let run = 0; run < 60; run++) {
      const kinds = 1 + (run % 3);
      // Most values in one bucket, a few far away so that the bucket is narrow next to the range.
      const draw = (lean: number) => (random() < 0.05 ? 5 + random() : (near[Math.min(kinds - 1, Math.floor(random() ** lean * kinds))] as number));
      const a = Float64Array.from({ length: 400 }, () => draw(1));
      const b = Float64Array.from({ length: 150 }, () => draw(1 + (run % 4)));
      expect(counter.statistic(a, b)).toBe(sortedD(a, b));
    }
  });

  it('is 0 for one value repeated in both samples, and 1 for disjoint samples', () => {
    expect(counter.statistic(Float64Array.from([2, 2, 2]), Float64Array.from([2, 2]))).toBe(0);
    expect(counter.statistic(Float64Array.from([1, 2, 3]), Float64Array.from([4, 5]))).toBe(1);
    expect(counter.statistic(Float64Array.from([4, 5]), Float64Array.from([1, 2, 3]))).toBe(1);
  });

  it('takes samples with infinities, or too wide to bucket, to the sorted walk', () => {
    for (const [a, b] of [
      [[1, Infinity, 3], [-Infinity, 4]],
      [[-1.7e308, 1.7e308], [0, 1]],
    ] as const) {
      const fa = Float64Array.from(a);
      const fb = Float64Array.from(b);
      expect(Object.is(counter.statistic(fa, fb), sortedD(fa, fb))).toBe(true);
    }
  });
});
