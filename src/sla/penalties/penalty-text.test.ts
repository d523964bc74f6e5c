import { describe, expect, it } from 'vitest';
import { formatDurationWords, formatPercentBelow } from './penalty-text.js';

describe('formatPercentBelow', () => {
  it.each([
    [99.9512, 99.99, '99.9512'],
    [99.95123456, 99.99, '99.9512'],
    [99.98999, 99.99, '99.98999'], // 4 decimals would print 99.99, which is not below 99.99
    [40, 50, '40'],
    [9700 / 99, 98, '97.9798'],
    [0, 98, '0'],
  ])('%d below %d → %s', (percent, threshold, text) => {
    expect(formatPercentBelow(percent, threshold)).toBe(text);
  });
});

describe('formatDurationWords', () => {
  it.each([
    [1510, '25 min 10 s'],
    [0.5, '0.5 s'],
    [0, '0 s'],
    [900, '15 min'],
    [5400, '1 h 30 min'],
    [28_800, '8 h'],
    [90_061.25, '1 d 1 h 1 min 1.25 s'],
    [172_800, '2 d'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDurationWords(seconds)).toBe(text);
  });
});
