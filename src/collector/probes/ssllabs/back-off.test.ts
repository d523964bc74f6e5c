import { describe, expect, it } from 'vitest';
import { backOffDelay } from './back-off.js';
import type { ApiFailureKind } from './ssllabs-client.js';

const S = 1000;
const MIN = 60 * S;

describe('backOffDelay', () => {
  it.each<[ApiFailureKind, number, number, number]>([
    // kind, attempt, shortest (random 0), longest (random → 1)
    ['rate_limited', 1, 1 * MIN, 2 * MIN],
    ['rate_limited', 2, 2 * MIN, 4 * MIN],
    ['rate_limited', 8, 8 * MIN, 16 * MIN],
    ['unavailable', 1, 12 * MIN, 18 * MIN],
    ['unavailable', 4, 12 * MIN, 18 * MIN],
    ['overloaded', 1, 24 * MIN, 36 * MIN],
    ['overloaded', 3, 24 * MIN, 36 * MIN],
    ['network', 1, 10 * S, 15 * S],
    ['network', 3, 40 * S, 60 * S],
    ['server', 2, 20 * S, 30 * S],
  ])('%s attempt %i waits between %i and %i ms', (kind, attempt, low, high) => {
    expect(backOffDelay(kind, attempt, 0)).toBe(low);
    const longest = backOffDelay(kind, attempt, 0.999_999) ?? Number.NaN;
    expect(longest).toBeLessThanOrEqual(high);
    expect(longest).toBeGreaterThan(high * 0.9999);
  });

  it.each<[ApiFailureKind, number]>([
    ['rate_limited', 9],
    ['unavailable', 5],
    ['overloaded', 5],
    ['network', 4],
    ['server', 4],
    ['unregistered', 1],
    ['refused', 1],
  ])('gives up on %s at attempt %i', (kind, attempt) => {
    expect(backOffDelay(kind, attempt, 0.5)).toBeUndefined();
  });
});
