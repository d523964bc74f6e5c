import { pearsonAt, SpearmanScratch } from './correlation.js';
import { LaggedPearson, noNaN } from './lagged-pearson.js';
import { averageRanksInRange, sortedOrder } from './ranks.js';

/** Which coefficient {@link lagSearch} maximises. */
export type CorrelationMethod = 'pearson' | 'spearman';

/** Options of {@link lagSearch}. */
export interface LagSearchOptions {
  /** Default `pearson`. */
  readonly method?: CorrelationMethod;
  /** Lags whose overlap (n − |lag|) is shorter than this are not tried. Default 3. */
  readonly minOverlap?: number;
  /** Reused ranking buffers for the Spearman method. */
  readonly scratch?: SpearmanScratch;
}

/** Best lag found by {@link lagSearch}. */
export interface LagResult {
  /**
   * Steps by which the other series leads the focus series: positive means the other series moved first
   * (other[i − lag] pairs with focus[i]), negative means it followed. 0 when nothing correlates.
   */
  readonly lag: number;
  /** Correlation at that lag; NaN when no lag could be evaluated. */
  readonly r: number;
  /** Sign of r: 1 the series move together, −1 opposite, 0 undefined. */
  readonly sign: 1 | -1 | 0;
  /** Pairs compared at that lag (n − |lag|, NaN pairs included). */
  readonly overlap: number;
  /** r for every lag from −maxLag to +maxLag (index lag + maxLag); NaN where not evaluated. */
  readonly byLag: Float64Array;
}

/**
 * Searches lags −maxLag..+maxLag (grid steps) for the strongest correlation |r| between a focus series and
 * another series on the same grid. Ties go to the smaller |lag|, so an unshifted relation reports lag 0.
 * Cost: O((2·maxLag + 1) · n) for Pearson, one pass per lag when neither series has NaN (LaggedPearson),
 * two otherwise; for Spearman, both series are sorted once (O(n log n)) and
 * the ranks of each overlap are read off those orders in O(n) per lag, the same ranks as ranking the
 * overlap afresh (ties inside it average over the overlap's own positions).
 */
export function lagSearch(focus: ArrayLike<number>, other: ArrayLike<number>, maxLag: number, options: LagSearchOptions = {}): LagResult {
  const n = Math.min(focus.length, other.length);
  const L = Math.max(0, Math.floor(maxLag));
  const minOverlap = Math.max(2, options.minOverlap ?? 3);
  const spearman = options.method === 'spearman';
  const scratch = spearman ? (options.scratch ?? new SpearmanScratch()) : undefined;
  let focusCount = 0;
  let otherCount = 0;
  if (scratch !== undefined) {
    scratch.ensure(n);
    focusCount = sortedOrder(focus, n, scratch.xOrder);
    otherCount = sortedOrder(other, n, scratch.yOrder);
  }
  const lagged = scratch === undefined && n > 0 && noNaN(focus, n) && noNaN(other, n) ? new LaggedPearson(focus, other, n, L) : undefined;
  const byLag = new Float64Array(2 * L + 1).fill(Number.NaN);
  let bestLag = 0;
  let bestR = Number.NaN;
  let bestAbs = -1;
  // Visit 0, +1, −1, +2, −2… so that strict improvement keeps the smallest |lag| on ties.
  for (let step = 0; step <= 2 * L; step++) {
    const lag = step === 0 ? 0 : step % 2 === 1 ? (step + 1) / 2 : -step / 2;
    const overlap = n - Math.abs(lag);
    if (overlap < minOverlap) continue;
    const focusOffset = lag > 0 ? lag : 0;
    const otherOffset = lag < 0 ? -lag : 0;
    let r: number;
    if (lagged !== undefined) r = lagged.at(focusOffset, otherOffset, overlap);
    else if (scratch === undefined) r = pearsonAt(focus, focusOffset, other, otherOffset, overlap);
    else {
      // Positions where either side is NaN get NaN ranks on both, which pearsonAt skips as a pair.
      averageRanksInRange(focus, scratch.xOrder, focusCount, focusOffset, overlap, other, otherOffset, scratch.rx, scratch.order);
      averageRanksInRange(other, scratch.yOrder, otherCount, otherOffset, overlap, focus, focusOffset, scratch.ry, scratch.order);
      r = pearsonAt(scratch.rx, 0, scratch.ry, 0, overlap);
    }
    byLag[lag + L] = r;
    if (Number.isNaN(r)) continue;
    const abs = Math.abs(r);
    if (abs > bestAbs + 1e-12) {
      bestAbs = abs;
      bestR = r;
      bestLag = lag;
    }
  }
  const sign = Number.isNaN(bestR) || bestR === 0 ? 0 : bestR > 0 ? 1 : -1;
  return { lag: bestLag, r: bestR, sign, overlap: n - Math.abs(bestLag), byLag };
}
