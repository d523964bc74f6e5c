import { describe, expect, it } from 'vitest';
import { firstDifferences } from './first-differences.js';

describe('firstDifferences', () => {
  it('subtracts consecutive values', () => {
    expect(Array.from(firstDifferences([1, 4, 4, 2]))).toEqual([3, 0, -2]);
    expect(firstDifferences([5]).length).toBe(0);
    expect(firstDifferences([]).length).toBe(0);
  });

  it('writes into a reusable buffer', () => {
    const out = new Float64Array(8);
    const d = firstDifferences([0, 1, 3], out);
    expect(d.buffer).toBe(out.buffer);
    expect(Array.from(d)).toEqual([1, 2]);
  });
});
