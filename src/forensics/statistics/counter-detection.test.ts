import { describe, expect, it } from 'vitest';
import { isCounter } from './counter-detection.js';

describe('isCounter', () => {
  it('trusts the _total suffix', () => {
    expect(isCounter('sip_transactions_total', [5, 3, 9])).toBe(true);
  });

  it('recognises a monotone series with a restart', () => {
    expect(isCounter('ifInOctets', [100, 200, 300, 450, 600, 20, 90, 200, 310, 400, 500, 620, 700, 810, 900, 990, 1100, 1200, 1300, 1400, 1500])).toBe(true);
  });

  it('rejects gauges, constant and short series', () => {
    expect(isCounter('sip_active_dialogs', [10, 12, 11, 13, 12, 14, 15])).toBe(false);
    expect(isCounter('up', [1, 1, 1, 1, 1, 1, 1])).toBe(false);
    expect(isCounter('x', [1, 2, 3])).toBe(false);
    expect(isCounter('temperature', [-1, 0, 1, 2, 3, 4, 5])).toBe(false);
  });

  it('rejects a series that restarts too often', () => {
    expect(isCounter('flappy', [5, 0, 5, 0, 5, 0, 5, 0, 5, 0])).toBe(false);
  });

  it('asks, when told, for rises on a share of the steps', () => {
    // Rises on 3 of 7 steps, then on 4 of 7: a block list that grew now and then, then a busy counter.
    const stepwise = [0, 0, 5, 5, 9, 9, 12, 12];
    const busy = [0, 3, 3, 5, 9, 9, 12, 15];
    expect(isCounter('blocked', stepwise)).toBe(true);
    expect(isCounter('blocked', stepwise, { minRiseFraction: 0.5 })).toBe(false);
    expect(isCounter('octets', busy, { minRiseFraction: 0.5 })).toBe(true);
  });
});
