import { describe, expect, it } from 'vitest';
import { prepareSeries, treatAsCounter } from './prepare-series.js';

const times = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i * 10_000);

describe('treatAsCounter', () => {
  it('rates `_total` metrics and monotone unnamed counters, not a gauge that stepped up once', () => {
    expect(treatAsCounter('sip_transactions_total', [5, 5, 5, 5, 5, 5])).toBe(true);
    expect(treatAsCounter('if_in_octets', [10, 20, 35, 40, 2, 9, 30])).toBe(true);
    expect(treatAsCounter('if_in_octets', [10, 20, 35, 40, 2, 9, 30], 'name')).toBe(false);
    expect(treatAsCounter('sip_blocked_sources', [0, 0, 0, 0, 5, 5, 5, 5])).toBe(false);
  });
});

describe('prepareSeries', () => {
  it('turns a counter into per-second rates and splits at the window start', () => {
    const outcome = prepareSeries('x_total', times(7), Float64Array.from([0, 10, 20, 30, 50, 70, 90]), 40_000);
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(Array.from(outcome.series.v)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(outcome.series.split).toBe(3);
    expect(outcome.series.rated).toBe(true);
  });

  it('drops non-finite samples before scoring', () => {
    const outcome = prepareSeries('g', times(8), Float64Array.from([5, Number.NaN, 4, 6, 5, Infinity, 7, 6]), 40_000);
    expect(outcome.kind === 'ok' && Array.from(outcome.series.v)).toEqual([5, 4, 6, 5, 7, 6]);
  });

  it('calls a series constant when every value is equal, and empty when a side is too short', () => {
    expect(prepareSeries('g', times(8), new Float64Array(8).fill(3), 40_000).kind).toBe('constant');
    expect(prepareSeries('g', times(8), Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 65_000).kind).toBe('empty');
    expect(prepareSeries('g', times(8), Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 10_000).kind).toBe('empty');
  });
});
