import { describe, expect, it } from 'vitest';
import { lagSearch } from './lag-search.js';

/** A deterministic, non-periodic signal with a step in the middle. */
function signal(n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * 0.11) * 0.5 + (i > n / 2 ? 2 : 0));
}

describe('lagSearch', () => {
  const s = signal(84);
  const focus = s.slice(0, 80);

  it('finds a series that moves 4 steps before the focus at lag +4 with r ≈ 1', () => {
    // other[i] = s[i + 4]: the other series shows at i what the focus shows at i + 4.
    const other = s.slice(4, 84);
    const r = lagSearch(focus, other, 10);
    expect(r.lag).toBe(4);
    expect(r.r).toBeCloseTo(1, 12);
    expect(r.sign).toBe(1);
    expect(r.overlap).toBe(76);
    expect(r.byLag.length).toBe(21);
    expect(r.byLag[4 + 10]).toBeCloseTo(1, 12);
  });

  it('reports a follower at a negative lag and an inverse relation with sign −1', () => {
    const padded = [0, 0, 0, ...s];
    const follower = padded.slice(0, 80).map((v) => -2 * v + 7); // other[i] = −2·s[i − 3] + 7
    const r = lagSearch(focus, follower, 6, { method: 'spearman' });
    expect(r.lag).toBe(-3);
    expect(r.sign).toBe(-1);
    expect(r.r).toBeCloseTo(-1, 12);
  });

  it('prefers lag 0 on ties and finds nothing in unrelated or constant series', () => {
    expect(lagSearch(focus, focus, 5).lag).toBe(0);
    const flat = lagSearch(focus, new Array<number>(80).fill(3), 5);
    expect(flat.r).toBeNaN();
    expect(flat.sign).toBe(0);
    expect(flat.lag).toBe(0);
  });

  it('does not try lags with too little overlap', () => {
    const r = lagSearch([1, 2, 3, 4], [4, 3, 2, 1], 10, { minOverlap: 3 });
    expect(Number.isNaN(r.byLag[10 + 2] as number)).toBe(true);
    expect(r.byLag[10 + 1]).toBeCloseTo(-1, 12);
  });
});
