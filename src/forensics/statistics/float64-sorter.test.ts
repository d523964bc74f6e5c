import { describe, expect, it } from 'vitest';
import { Float64Sorter } from './float64-sorter.js';

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

const samples = (): Array<[string, Float64Array]> => {
  const r = random(3);
  let walk = 50;
  return [
    ['a random walk at two decimals', Float64Array.from({ length: 1441 }, () => (walk = Math.round((walk + r() - 0.5) * 100) / 100))],
    ['latencies at millisecond resolution (heavy ties)', Float64Array.from({ length: 1440 }, () => Math.round(20 + r() * 10) / 1000)],
    ['spikes over noise', Float64Array.from({ length: 1440 }, (_, i) => (i % 97 === 0 ? 1e9 * r() : r()))],
    ['signed zeros among negatives and positives', Float64Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : r() - 0.5))],
    ['short', Float64Array.from([3, -1, 2, 2, -0, 0, 7])],
    ['with ±Infinity and NaN', Float64Array.from({ length: 300 }, (_, i) => (i === 7 ? Infinity : i === 9 ? Number.NaN : i === 11 ? -Infinity : r()))],
    ['constant', new Float64Array(400).fill(4.5)],
    ['two values an ulp apart', Float64Array.from({ length: 300 }, () => (r() < 0.3 ? 0.1 : 0.1 + 2 ** -56))],
    ['two values, one of them zero', Float64Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? -0 : i % 2 === 0 ? 0 : 2))],
    ['two values with a third once, last', Float64Array.from({ length: 300 }, (_, i) => (i === 299 ? 1.5 : i % 2 === 0 ? 1 : 2))],
  ];
};

describe('Float64Sorter', () => {
  it('sorts exactly as Float64Array.prototype.sort does, −0 before +0 and NaN last', () => {
    const sorter = new Float64Sorter();
    for (const [name, values] of samples()) {
      const expected = Array.from(Float64Array.from(values).sort());
      const actual = Array.from(sorter.sort(Float64Array.from(values)));
      expect(actual.map((v) => (Object.is(v, -0) ? '-0' : v)), name).toEqual(expected.map((v) => (Object.is(v, -0) ? '-0' : v)));
    }
  });

  it('sorts a view in place without touching the rest of its buffer', () => {
    const buffer = Float64Array.from([9, 5, 4, 3, 2, 1, 9]);
    new Float64Sorter().sort(buffer.subarray(1, 6));
    expect(Array.from(buffer)).toEqual([9, 1, 2, 3, 4, 5, 9]);
  });
});
