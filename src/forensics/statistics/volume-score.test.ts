import { describe, expect, it } from 'vitest';
import { volumeScore } from './volume-score.js';

describe('volumeScore', () => {
  it('multiplies the relative change of the mean by the fraction of time beyond the baseline mean', () => {
    // baseline mean 10; window mean 15 (+50 %), 3 of 4 values above 10.
    const v = volumeScore([8, 12, 10, 10], [5, 20, 20, 15]);
    expect(v.baselineMean).toBe(10);
    expect(v.windowMean).toBe(15);
    expect(v.relativeChange).toBeCloseTo(0.5, 12);
    expect(v.fractionBeyond).toBe(0.75);
    expect(v.score).toBeCloseTo(0.375, 12);
  });

  it('counts values below the baseline mean when the mean fell', () => {
    const v = volumeScore([10, 10], [2, 4, 12, 6]);
    expect(v.relativeChange).toBeCloseTo(-0.4, 12);
    expect(v.fractionBeyond).toBe(0.75);
    expect(v.score).toBeCloseTo(0.3, 12);
  });

  it('weights by time when window times are given', () => {
    // 5 s above, then 30 s at the mean (the last sample holds for the previous step).
    const v = volumeScore([10, 10], [30, 10, 10], { windowTimes: [0, 5_000, 20_000] });
    expect(v.fractionBeyond).toBeCloseTo(5 / 35, 12);
  });

  it('handles a zero baseline mean: appearing from nothing is a 100 % change', () => {
    expect(volumeScore([0, 0, 0], [0, 4, 4]).relativeChange).toBe(1);
    expect(volumeScore([0, 0], [0, 0]).score).toBe(0);
    expect(volumeScore([-1, 1], [-3, -3]).relativeChange).toBe(-1);
  });

  it('caps the relative change', () => {
    expect(volumeScore([0.001], [100]).relativeChange).toBe(10);
    expect(volumeScore([0.001], [100], { maxRelativeChange: 1e9 }).relativeChange).toBeCloseTo(99_999, 6);
  });

  it('is NaN when a side has no value', () => {
    expect(volumeScore([], [1]).score).toBeNaN();
  });
});
