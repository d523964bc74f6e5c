import { describe, expect, it } from 'vitest';
import { backoffCeiling, retryDelay } from './retry-policy.js';

const RETRY = { initial: 5_000, factor: 2, max: 600_000 };

describe('backoffCeiling', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [7, 320_000],
    [8, 600_000],
    [5_000, 600_000],
  ])('after %d failures is %d ms', (failures, ceiling) => {
    expect(backoffCeiling(failures, RETRY)).toBe(ceiling);
  });

  it('stays at initial with a factor of 1', () => {
    expect(backoffCeiling(10, { ...RETRY, factor: 1 })).toBe(5_000);
  });
});

describe('retryDelay', () => {
  it('draws the wait uniformly below the ceiling (full jitter)', () => {
    expect(retryDelay(3, RETRY, () => 0)).toBe(0);
    expect(retryDelay(3, RETRY, () => 0.5)).toBe(10_000);
    expect(retryDelay(3, RETRY, () => 0.999_999)).toBe(20_000);
    expect(retryDelay(100, RETRY, () => 0.25)).toBe(150_000);
  });

  it('keeps a misbehaving random source inside [0, ceiling]', () => {
    expect(retryDelay(1, RETRY, () => -3)).toBe(0);
    expect(retryDelay(1, RETRY, () => 7)).toBe(5_000);
  });
});
