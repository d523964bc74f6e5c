import { describe, expect, it } from 'vitest';
import { aggregateBuckets } from './bucket-aggregate.js';

describe('aggregateBuckets', () => {
  const t = [0, 4, 9, 10, 25, 29, 30];
  const v = [1, 3, 2, 5, -1, 7, 4];

  it('folds samples into [b, b + step) buckets aligned to multiples of step, skipping empty ones', () => {
    expect(aggregateBuckets(t, v, 0, 40, 10, ['avg', 'min', 'max', 'sum', 'count', 'last'])).toEqual({
      t: [0, 10, 20, 30],
      values: { avg: [2, 5, 3, 4], min: [1, 5, -1, 4], max: [3, 5, 7, 4], sum: [6, 5, 6, 4], count: [3, 1, 2, 1], last: [2, 5, 7, 4] },
    });
  });

  it('keeps only samples in [first, end)', () => {
    expect(aggregateBuckets(t, v, 10, 30, 10, ['sum'])).toEqual({ t: [10, 20], values: { sum: [5, 6] } });
  });

  it('lets NaN and infinities through as IEEE arithmetic does', () => {
    const result = aggregateBuckets([0, 1, 2, 10, 11], [1, NaN, 2, Infinity, 1], 0, 20, 10, ['avg', 'min', 'max', 'count', 'last']);
    expect(result.values.avg).toEqual([NaN, Infinity]);
    expect(result.values.min).toEqual([NaN, 1]);
    expect(result.values.max).toEqual([NaN, Infinity]);
    expect(result.values.count).toEqual([3, 2]);
    expect(result.values.last).toEqual([2, 1]);
  });
});
