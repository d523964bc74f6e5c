import { averageRanks } from './ranks.js';

/**
 * Pearson's r over the pairs (x[xOffset+i], y[yOffset+i]), i < length, skipping pairs with a NaN.
 * Two passes (means, then centred sums) as scipy does, for accuracy on large levels. NaN with fewer than
 * two pairs or when either side is constant. O(length), no allocation.
 */
export function pearsonAt(x: ArrayLike<number>, xOffset: number, y: ArrayLike<number>, yOffset: number, length: number): number {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const a = x[xOffset + i] as number;
    const b = y[yOffset + i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sx += a;
    sy += b;
    n++;
  }
  if (n < 2) return Number.NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < length; i++) {
    const a = x[xOffset + i] as number;
    const b = y[yOffset + i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const da = a - mx;
    const db = b - my;
    sxy += da * db;
    sxx += da * da;
    syy += db * db;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Pearson's correlation coefficient of two equally long series, skipping pairs with a NaN. O(n). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearsonAt(x, 0, y, 0, Math.min(x.length, y.length));
}

/** Reusable buffers for {@link spearmanAt}; grow as needed. Not shared between concurrent callers. */
export class SpearmanScratch {
  xs = new Float64Array(0);
  ys = new Float64Array(0);
  rx = new Float64Array(0);
  ry = new Float64Array(0);
  order = new Uint32Array(0);
  /** Sorted orders of the two whole series, kept across the lags of one search. */
  xOrder = new Uint32Array(0);
  yOrder = new Uint32Array(0);

  /** Makes every buffer at least n long. */
  ensure(n: number): void {
    if (this.xs.length >= n) return;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.rx = new Float64Array(n);
    this.ry = new Float64Array(n);
    this.order = new Uint32Array(n);
    this.xOrder = new Uint32Array(n);
    this.yOrder = new Uint32Array(n);
  }
}

/**
 * Spearman's ρ over the pairs (x[xOffset+i], y[yOffset+i]): Pearson's r of the ranks, ties sharing their
 * average rank (scipy's `spearmanr`). Pairs with a NaN are dropped before ranking. O(n log n).
 */
export function spearmanAt(
  x: ArrayLike<number>,
  xOffset: number,
  y: ArrayLike<number>,
  yOffset: number,
  length: number,
  scratch: SpearmanScratch = new SpearmanScratch(),
): number {
  scratch.ensure(length);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const a = x[xOffset + i] as number;
    const b = y[yOffset + i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    scratch.xs[n] = a;
    scratch.ys[n] = b;
    n++;
  }
  if (n < 2) return Number.NaN;
  const rx = averageRanks(scratch.xs.subarray(0, n), scratch.rx, scratch.order);
  const ry = averageRanks(scratch.ys.subarray(0, n), scratch.ry, scratch.order);
  return pearsonAt(rx, 0, ry, 0, n);
}

/** Spearman's rank correlation of two equally long series, skipping pairs with a NaN. O(n log n). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, scratch?: SpearmanScratch): number {
  return spearmanAt(x, 0, y, 0, Math.min(x.length, y.length), scratch);
}
