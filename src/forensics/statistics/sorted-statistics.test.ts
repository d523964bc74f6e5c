import { describe, expect, it } from 'vitest';
import { pearsonAt, spearmanAt } from './correlation.js';
import { LaggedPearson } from './lagged-pearson.js';
import { levelShift, levelShiftSorted } from './level-shift.js';
import { madSorted, medianAndMad, quantile, quantileSorted } from './order-statistics.js';
import { averageRanksInRange, sortedOrder } from './ranks.js';
import { summarize, summarizeSorted } from './summary-statistics.js';

/** A seeded generator of uniform [0, 1) numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sorted = (values: Float64Array): Float64Array => Float64Array.from(values).sort();

describe('statistics of sorted samples', () => {
  const r = random(11);
  const cases = [
    Float64Array.from({ length: 1441 }, () => Math.round(r() * 20) / 10),
    Float64Array.from({ length: 360 }, () => r() * 100 - 50),
    Float64Array.from({ length: 6 }, (_, i) => [5, 1, 4, 1, 9, 2][i] as number),
    Float64Array.from([7]),
  ];

  it('give the quantiles, median and MAD of the selection-based functions, bit for bit', () => {
    for (const values of cases) {
      for (const q of [0, 0.25, 0.5, 0.95, 1]) expect(quantileSorted(sorted(values), q)).toBe(quantile(values, q));
      const { median, mad } = medianAndMad(values);
      expect(madSorted(sorted(values), median)).toBe(mad);
    }
  });

  it('give the summary and level shift of summarize and levelShift', () => {
    for (const values of cases) expect(summarizeSorted(values, sorted(values))).toEqual(summarize(values));
    const [baseline, window] = cases as [Float64Array, Float64Array];
    expect(levelShiftSorted(sorted(baseline), sorted(window))).toEqual(levelShift(baseline, window));
  });
});

describe('ranks and correlations over lag overlaps', () => {
  const r = random(5);
  const x = Float64Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? Number.NaN : Math.round(r() * 30)));
  const y = Float64Array.from({ length: 200 }, (_, i) => (i % 23 === 0 ? Number.NaN : Math.sin(i / 9) + r()));

  it('ranks any overlap from one sorted order as Spearman ranks it afresh', () => {
    const order = new Uint32Array(200);
    const count = sortedOrder(x, 200, order);
    const rx = new Float64Array(200);
    const ry = new Float64Array(200);
    const picked = new Uint32Array(200);
    const yOrder = new Uint32Array(200);
    const yCount = sortedOrder(y, 200, yOrder);
    for (const [xo, yo, length] of [[0, 0, 200], [7, 0, 193], [0, 12, 188]] as const) {
      averageRanksInRange(x, order, count, xo, length, y, yo, rx, picked);
      averageRanksInRange(y, yOrder, yCount, yo, length, x, xo, ry, picked);
      expect(pearsonAt(rx, 0, ry, 0, length)).toBe(spearmanAt(x, xo, y, yo, length));
    }
  });

  it('computes Pearson at every lag as pearsonAt does, within rounding, and NaN for a flat overlap', () => {
    const a = Float64Array.from({ length: 360 }, (_, i) => 1e6 + Math.sin(i / 7) + r());
    const b = Float64Array.from({ length: 360 }, (_, i) => 3 * Math.sin((i - 4) / 7) + r());
    const lagged = new LaggedPearson(a, b, 360, 30);
    for (let lag = -30; lag <= 30; lag++) {
      const fo = lag > 0 ? lag : 0;
      const bo = lag < 0 ? -lag : 0;
      expect(lagged.at(fo, bo, 360 - Math.abs(lag))).toBeCloseTo(pearsonAt(a, fo, b, bo, 360 - Math.abs(lag)), 12);
    }
    const flat = Float64Array.from({ length: 50 }, (_, i) => (i < 40 ? 2.5 : i));
    expect(new LaggedPearson(flat, b, 50, 10).at(0, 10, 40)).toBeNaN();
  });
});
