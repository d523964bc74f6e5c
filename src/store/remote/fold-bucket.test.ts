import { describe, expect, it } from 'vitest';
import { AGGREGATIONS } from '../../core/index.js';
import { foldBucket } from './fold-bucket.js';

describe('foldBucket', () => {
  it('folds finite values', () => {
    expect(AGGREGATIONS.map((fn) => [fn, foldBucket([3, -1, 4], fn)])).toEqual([
      ['avg', 2],
      ['min', -1],
      ['max', 4],
      ['sum', 6],
      ['count', 3],
      ['last', 4],
    ]);
  });

  it('propagates NaN and infinities as JavaScript arithmetic does', () => {
    expect(foldBucket([1, NaN, 2], 'max')).toBeNaN();
    expect(foldBucket([1, Infinity, -Infinity], 'sum')).toBeNaN();
    expect(foldBucket([1, -Infinity], 'min')).toBe(-Infinity);
    expect(foldBucket([Infinity, 1], 'last')).toBe(1);
    expect(foldBucket([NaN], 'count')).toBe(1);
  });
});
