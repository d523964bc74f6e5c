import { describe, expect, it } from 'vitest';
import { orderSrv, type SrvRecord } from './srv.js';

const record = (name: string, priority: number, weight: number): SrvRecord => ({ name, port: 5060, priority, weight });

/** A `random` that returns the given values in turn. */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => values[i++] ?? 0;
}

describe('orderSrv', () => {
  it('tries lower priorities first, whatever their weight', () => {
    const ordered = orderSrv([record('c', 20, 100), record('a', 5, 0), record('b', 10, 50)], draws(0.9, 0.9, 0.9));
    expect(ordered.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('draws within a priority by weight (RFC 2782 running sum)', () => {
    const records = [record('light', 1, 10), record('heavy', 1, 90)];
    // 0.05 of 100 falls in light's share (0..10); 0.5 of 100 in heavy's (10..100).
    expect(orderSrv(records, draws(0.05, 0)).map((r) => r.name)).toEqual(['light', 'heavy']);
    expect(orderSrv(records, draws(0.5, 0)).map((r) => r.name)).toEqual(['heavy', 'light']);
  });

  it('picks weight 0 records only when the draw is 0, and follows the weights over many draws', () => {
    expect(orderSrv([record('w60', 1, 60), record('zero', 1, 0), record('w40', 1, 40)], draws(0, 0)).map((r) => r.name)).toEqual(['zero', 'w60', 'w40']);
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    let heavyFirst = 0;
    for (let i = 0; i < 2000; i++) if (orderSrv([record('light', 1, 25), record('heavy', 1, 75)], random)[0]?.name === 'heavy') heavyFirst++;
    expect(heavyFirst / 2000).toBeGreaterThan(0.7);
    expect(heavyFirst / 2000).toBeLessThan(0.8);
  });

  it('keeps every record, equal weights included', () => {
    const ordered = orderSrv([record('a', 1, 0), record('b', 1, 0), record('c', 2, 0)]);
    expect(ordered.map((r) => r.name).sort()).toEqual(['a', 'b', 'c']);
    expect(ordered[2]?.name).toBe('c');
  });
});
