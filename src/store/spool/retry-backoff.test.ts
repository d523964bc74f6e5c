import { describe, expect, it } from 'vitest';
import { RetryBackoff } from './retry-backoff.js';

describe('RetryBackoff', () => {
  it('doubles the delay per failure up to the limit, jittered within [d/2, d], and starts over after a success', () => {
    const low = new RetryBackoff({ initialDelayMs: 1000, maxDelayMs: 8000 }, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => low.nextDelay())).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(low.consecutiveFailures).toBe(6);
    low.reset();
    expect(low.consecutiveFailures).toBe(0);
    expect(low.nextDelay()).toBe(500);

    const high = new RetryBackoff({ initialDelayMs: 1000, maxDelayMs: 8000 }, () => 0.999_999);
    expect([1, 2, 3, 4, 5].map(() => high.nextDelay())).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('defaults to 0.5 s doubling to 30 s', () => {
    const backoff = new RetryBackoff({}, () => 1);
    const delays = Array.from({ length: 10 }, () => backoff.nextDelay());
    expect(delays.slice(0, 3)).toEqual([500, 1000, 2000]);
    expect(delays.at(-1)).toBe(30_000);
  });
});
