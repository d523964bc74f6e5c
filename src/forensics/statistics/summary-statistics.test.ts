import { describe, expect, it } from 'vitest';
import { summarize } from './summary-statistics.js';

describe('summarize', () => {
  it('matches numpy (mean, median, percentile 95, min, max, std with ddof=0)', () => {
    const s = summarize([10.0, 12.0, 11.0, 10.5, 13.0, 9.5, 10.0, 40.0, 11.5, 10.2, 10.8]);
    expect(s.count).toBe(11);
    expect(s.mean).toBeCloseTo(13.5, 12);
    expect(s.median).toBe(10.8);
    expect(s.p95).toBeCloseTo(26.5, 12);
    expect(s.min).toBe(9.5);
    expect(s.max).toBe(40);
    expect(s.stddev).toBeCloseTo(8.435207601044995, 12);
  });

  it('skips missing values and reports an empty sample as NaN', () => {
    expect(summarize([1, Number.NaN, 3])).toMatchObject({ count: 2, mean: 2, median: 2, min: 1, max: 3, stddev: 1 });
    const empty = summarize([Number.NaN]);
    expect(empty.count).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.p95).toBeNaN();
  });
});
