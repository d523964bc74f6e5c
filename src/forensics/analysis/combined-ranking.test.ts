import { describe, expect, it } from 'vitest';
import { combineScores, compareRanked } from './combined-ranking.js';
import type { SeriesScores } from './window-analysis.js';

const quiet: SeriesScores = { ks: 0.5, ksStatistic: 0.05, volume: 0, relativeChange: 0, levelShift: 0, effectSize: 0 };

describe('combineScores', () => {
  it('takes the strongest normalised score and names its method', () => {
    expect(combineScores({ ...quiet, levelShift: -10 })).toMatchObject({ rankedBy: 'levelShift', combined: 1 - Math.exp(-2) });
    expect(combineScores({ ...quiet, ks: 1, ksStatistic: 0.7 })).toMatchObject({ rankedBy: 'ks', combined: 0.7 });
    expect(combineScores({ ...quiet, volume: 2, effectSize: 3 }).rankedBy).toBe('volume');
  });

  it('discounts a significant but tiny KS difference and a volume move within the baseline noise', () => {
    expect(combineScores({ ...quiet, ks: 0.999, ksStatistic: 0.06 }).combined).toBeLessThan(0.1);
    expect(combineScores({ ...quiet, volume: 5, effectSize: 0.05 }).combined).toBeLessThan(0.1);
  });

  it('prefers KS when methods tie and counts NaN as zero', () => {
    expect(combineScores({ ...quiet, ks: 1, ksStatistic: 0, levelShift: 0 }).rankedBy).toBe('ks');
    expect(combineScores({ ...quiet, volume: Number.NaN, effectSize: Number.NaN }).normalised.volume).toBe(0);
  });
});

describe('compareRanked', () => {
  it('orders by combined score, then KS, then key', () => {
    const row = (key: string, combined: number, ks: number) => ({ key, combined, normalised: { ks, volume: 0, levelShift: combined } });
    const sorted = [row('c', 0.5, 0.1), row('b', 0.5, 0.1), row('a', 0.5, 0.4), row('d', 0.9, 0)].sort(compareRanked);
    expect(sorted.map((r) => r.key)).toEqual(['d', 'a', 'b', 'c']);
  });
});
