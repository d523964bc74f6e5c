import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterRate } from './counter-rate.js';

describe('counterRate', () => {
  it('turns increases into per-second rates stamped at the later sample', () => {
    const r = counterRate([0, 10_000, 20_000, 40_000], [100, 150, 150, 250]);
    expect(Array.from(r.t)).toEqual([10_000, 20_000, 40_000]);
    expect(Array.from(r.v)).toEqual([5, 0, 5]);
  });

  it('treats a drop as a restart from zero, as Prometheus rate does', () => {
    const r = counterRate([0, 10_000, 20_000, 30_000], [1000, 1100, 30, 80]);
    expect(Array.from(r.v)).toEqual([10, 3, 5]);
  });

  it('skips duplicate timestamps and missing values', () => {
    const r = counterRate([0, 0, 10_000, 20_000, 30_000], [0, 5, 10, Number.NaN, 30]);
    expect(Array.from(r.t)).toEqual([10_000, 30_000]);
    expect(Array.from(r.v)).toEqual([1, 1]);
  });

  it('is never negative across resets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 0, max: 1e9, noNaN: true })), { maxLength: 50 }), (steps) => {
        let t = 0;
        const ts = steps.map(([dt]) => (t += dt));
        const r = counterRate(ts, steps.map(([, v]) => v));
        expect(r.v.length).toBe(Math.max(steps.length - 1, 0));
        for (const v of r.v) expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
