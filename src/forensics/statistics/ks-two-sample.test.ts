import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ksStatisticSorted, ksTwoSample } from './ks-two-sample.js';
import { isNocError } from '../../core/noc-error.js';

// Reference values: scipy 1.17.1, scipy.stats.ks_2samp(a, b) with the default method='auto' unless noted.
const A8 = [1.2, 3.4, 3.4, 0.5, 2.2, 7.1, 4.0, 2.2];
const B10 = [2.5, 3.4, 6.1, 7.7, 8.0, 2.2, 9.3, 5.5, 6.6, 4.4];

/** Deterministic samples: integer arithmetic then one rounding, identical in numpy and JavaScript. */
function seq(n: number, mult: number, mod: number, scale = 1, shift = 0): number[] {
  return Array.from({ length: n }, (_, i) => ((i * mult) % mod) / mod * scale + shift);
}

describe('ksTwoSample', () => {
  it('matches scipy on 8 vs 10 values with ties (exact)', () => {
    const r = ksTwoSample(A8, B10);
    expect(r.statistic).toBe(0.575);
    expect(r.pValue).toBeCloseTo(0.07043283513871751, 14);
    expect(r.score).toBeCloseTo(1 - 0.07043283513871751, 14);
    expect(r.method).toBe('exact');
  });

  it('matches scipy on equal sizes 8 vs 8 (exact, closed form)', () => {
    const r = ksTwoSample([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0.15, 0.9, 1.1, 1.3, 0.05, 1.7, 2.0, 2.5]);
    expect(r.statistic).toBe(0.75);
    expect(r.pValue).toBeCloseTo(0.018648018648018645, 14);
  });

  const A200 = seq(200, 7919, 1009);
  const B300 = seq(300, 104729, 1013, 1.1, 0.05);

  it('matches scipy on 200 vs 300 values: auto is exact below 10,000 values', () => {
    const r = ksTwoSample(A200, B300);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBeCloseTo(0.13666666666666666, 15);
    expect(r.pValue).toBeCloseTo(0.021091805157267017, 13);
  });

  it("matches scipy on 200 vs 300 values with method='asymp'", () => {
    const r = ksTwoSample(A200, B300, { method: 'asymp' });
    expect(r.method).toBe('asymp');
    expect(r.statistic).toBeCloseTo(0.1366666666666666, 15);
    expect(r.pValue / 0.020415019196785428).toBeCloseTo(1, 9);
  });

  it('switches to the asymptotic distribution above 10,000 values, as scipy does', () => {
    const big = seq(12000, 7919, 10007);
    const cases: [number, number, number, number][] = [
      // n2, shift, scipy D, scipy p
      [50, 0.2, 0.21483333333333332, 0.016661616139928892],
      [50, 0, 0.07016666666666665, 0.9518119049922162],
      [300, 0.05, 0.05391666666666661, 0.3494133625397243],
      [5000, 0.02, 0.020083333333333342, 0.11448840371477698],
      [12000, 0.01, 0.010083333333333333, 0.5717149480626814],
    ];
    for (const [n2, shift, d, p] of cases) {
      const r = ksTwoSample(big, seq(n2, 104729, 1013, 1, shift));
      expect(r.method).toBe('asymp');
      expect(r.statistic).toBeCloseTo(d, 14);
      expect(r.pValue / p).toBeCloseTo(1, 9);
    }
  });

  it('gives p = 1 for identical samples and a tiny p for disjoint ones', () => {
    expect(ksTwoSample(A8, A8).pValue).toBe(1);
    const far = ksTwoSample([1, 2, 3, 4, 5, 6], [10, 11, 12, 13, 14, 15, 16]);
    expect(far.statistic).toBe(1);
    expect(far.pValue).toBeLessThan(0.002);
  });

  it('offers the limiting distribution as a cheap approximation', () => {
    const r = ksTwoSample(A200, B300, { method: 'limit' });
    expect(r.method).toBe('limit');
    // scipy.stats.kstwobign.sf(sqrt(200·300/500) · D)
    expect(r.pValue).toBeCloseTo(0.02260642931396225, 12);
  });

  it('does not reorder its inputs and reuses scratch space', () => {
    const a = Float64Array.from([3, 1, 2]);
    const scratch = new Float64Array(10);
    ksTwoSample(a, [5, 4], { scratch });
    expect(Array.from(a)).toEqual([3, 1, 2]);
    expect(Array.from(scratch.subarray(0, 5))).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects an empty sample with a typed error', () => {
    let caught: unknown;
    try {
      ksTwoSample([1], []);
    } catch (error) {
      caught = error;
    }
    expect(isNocError(caught, 'bad_request')).toBe(true);
  });

  const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 });

  it('is symmetric in D and p, with p in [0, 1]', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = ksTwoSample(a, b);
        const ba = ksTwoSample(b, a);
        expect(ab.statistic).toBe(ba.statistic);
        expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
        expect(ab.pValue).toBeGreaterThanOrEqual(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
        expect(ab.statistic).toBeGreaterThanOrEqual(0);
        expect(ab.statistic).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('computes D as the largest ECDF gap (brute force cross-check)', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const sa = [...a].sort((x, y) => x - y);
        const sb = [...b].sort((x, y) => x - y);
        let brute = 0;
        for (const v of [...a, ...b]) {
          const fa = a.filter((x) => x <= v).length / a.length;
          const fb = b.filter((x) => x <= v).length / b.length;
          brute = Math.max(brute, Math.abs(fa - fb));
        }
        expect(ksStatisticSorted(sa, sb)).toBeCloseTo(brute, 14);
      }),
    );
  });
});
