import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../core/index.js';
import { SampleOrderGuard } from './sample-order-guard.js';

const a = seriesKey('m', { s: 'a' });
const b = seriesKey('m', { s: 'b' });

describe('SampleOrderGuard', () => {
  it('accepts increasing times per series and refuses older or equal ones, in batch order', () => {
    const guard = new SampleOrderGuard();
    const first = guard.admit([
      { series: a, t: 10, v: 1 },
      { series: b, t: 5, v: 1 },
      { series: a, t: 10, v: 2 },
      { series: a, t: 9, v: 3 },
      { series: a, t: 11, v: 4 },
    ]);
    expect(first.accepted.map((s) => s.v)).toEqual([1, 1, 4]);
    expect(first.rejected).toBe(2);
    expect(guard.newestOf(a)).toBe(11);
    expect(guard.size).toBe(2);
  });

  it('seeds from the server without moving a newer known time back', () => {
    const guard = new SampleOrderGuard();
    guard.seed(a, 100);
    guard.seed(a, 50);
    expect(guard.newestOf(a)).toBe(100);
    expect(guard.unknown([{ series: a, t: 1, v: 0 }, { series: b, t: 1, v: 0 }, { series: b, t: 2, v: 0 }])).toEqual([b]);
    expect(guard.admit([{ series: a, t: 100, v: 0 }]).rejected).toBe(1);
  });

  it('rolls a failed write back so the same batch is accepted again', () => {
    const guard = new SampleOrderGuard();
    guard.admit([{ series: a, t: 1, v: 0 }]);
    const failed = guard.admit([{ series: a, t: 2, v: 0 }, { series: b, t: 3, v: 0 }]);
    guard.rollback(failed);
    expect(guard.newestOf(a)).toBe(1);
    expect(guard.newestOf(b)).toBeUndefined();
    expect(guard.admit([{ series: a, t: 2, v: 0 }, { series: b, t: 3, v: 0 }]).accepted).toHaveLength(2);
  });

  it('keeps a newer time a later batch set when an earlier batch rolls back', () => {
    const guard = new SampleOrderGuard();
    const failed = guard.admit([{ series: a, t: 2, v: 0 }]);
    guard.admit([{ series: a, t: 5, v: 0 }]);
    guard.rollback(failed);
    expect(guard.newestOf(a)).toBe(5);
  });
});
