import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countIntoBuckets } from './bucket-counts.js';

function naiveCounts(values: readonly number[], min: number, scale: number, buckets: number, centre?: number): number[] {
  const counts = new Array<number>(buckets).fill(0);
  for (const v of values) {
    const x = centre === undefined ? v : Math.abs(v - centre);
    const k = ((x - min) * scale) | 0;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

describe('countIntoBuckets', () => {
  it('counts every value (or its distance from a centre) into its bucket, odd and even lengths alike', () => {
    const values = fc.array(fc.integer({ min: -50, max: 50 }).map((i) => i / 10), { maxLength: 101 });
    fc.assert(
      fc.property(values, fc.boolean(), (sample, around) => {
        const centre = around ? 0.3 : undefined;
        const xs = sample.map((v) => (centre === undefined ? v : Math.abs(v - centre)));
        const min = Math.min(0, ...xs);
        const max = Math.max(1, ...xs);
        const buckets = 16;
        const scale = (buckets - 1) / (max - min);
        const counts = new Int32Array(2 * buckets).fill(7);
        countIntoBuckets(sample, min, scale, buckets, counts, centre);
        expect([...counts.subarray(0, buckets)]).toEqual(naiveCounts(sample, min, scale, buckets, centre));
      }),
    );
  });
});
