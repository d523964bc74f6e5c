import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pearson, spearman, SpearmanScratch } from './correlation.js';
import { averageRanks } from './ranks.js';

// Reference values: scipy 1.17.1 pearsonr / spearmanr / rankdata on samples with ties.
const X = [3.1, 1.2, 4.4, 1.2, 5.0, 9.3, 2.6, 5.0, 3.1, 7.7];
const Y = [2.0, 1.0, 3.5, 1.5, 6.0, 8.1, 2.0, 4.9, 2.0, 9.0];

describe('pearson and spearman', () => {
  it('match scipy on tied samples', () => {
    expect(pearson(X, Y)).toBeCloseTo(0.9508555034559305, 13);
    expect(spearman(X, Y)).toBeCloseTo(0.9721408819370043, 13);
  });

  it('rank ties by their average rank, as rankdata does', () => {
    expect(Array.from(averageRanks(X))).toEqual([4.5, 1.5, 6, 1.5, 7.5, 10, 3, 7.5, 4.5, 9]);
  });

  it('skip pairs with a missing value', () => {
    expect(pearson([...X, Number.NaN, 4], [...Y, 3, Number.NaN])).toBeCloseTo(0.9508555034559305, 13);
    expect(spearman([Number.NaN, ...X], [1, ...Y])).toBeCloseTo(0.9721408819370043, 13);
  });

  it('are NaN for a constant side or too few pairs', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
  });

  it('see a monotone but non-linear relation fully only by rank', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = x.map((v) => Math.exp(v));
    expect(spearman(x, y)).toBeCloseTo(1, 14);
    expect(pearson(x, y)).toBeLessThan(0.9);
  });

  it('stay within [−1, 1] and are symmetric', () => {
    const scratch = new SpearmanScratch();
    const pairs = fc.array(fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -9, max: 9 })), { minLength: 3, maxLength: 30 });
    fc.assert(
      fc.property(pairs, (ps) => {
        const x = ps.map(([a]) => a);
        const y = ps.map(([, b]) => b);
        for (const r of [pearson(x, y), spearman(x, y, scratch)]) {
          if (Number.isNaN(r)) continue;
          expect(Math.abs(r)).toBeLessThanOrEqual(1);
        }
        const pxy = pearson(x, y);
        if (!Number.isNaN(pxy)) expect(pearson(y, x)).toBeCloseTo(pxy, 12);
      }),
    );
  });
});
