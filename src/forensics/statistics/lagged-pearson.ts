import { pearsonAt } from './correlation.js';

/** Below this share of the raw sum of squares, a centred sum is recomputed exactly (cancellation). */
const CANCELLATION_GUARD = 1e-6;

/**
 * Sum of a[i] − shift and of (a[i] − shift)² over the first k and the last k of n values, k = 0…maxK:
 * every overlap of a lag search starts at one end of each series, so these give its sums in O(1).
 */
function endSums(a: ArrayLike<number>, n: number, shift: number, maxK: number): { head: Float64Array; tail: Float64Array; total: number; total2: number } {
  const head = new Float64Array(2 * (maxK + 1));
  const tail = new Float64Array(2 * (maxK + 1));
  let total = 0;
  let total2 = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - shift;
    total += d;
    total2 += d * d;
  }
  for (let k = 1; k <= maxK; k++) {
    const h = (a[k - 1] as number) - shift;
    head[2 * k] = (head[2 * k - 2] as number) + h;
    head[2 * k + 1] = (head[2 * k - 1] as number) + h * h;
    const t = (a[n - k] as number) - shift;
    tail[2 * k] = (tail[2 * k - 2] as number) + t;
    tail[2 * k + 1] = (tail[2 * k - 1] as number) + t * t;
  }
  return { head, tail, total, total2 };
}

/** Mean of the first n values. */
function meanOf(a: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] as number;
  return s / n;
}

/** True when none of the first n values is NaN. */
export function noNaN(a: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i] as number)) return false;
  return true;
}

/**
 * Pearson's r of two NaN-free series at every lag up to ±maxLag in one pass per lag instead of
 * {@link pearsonAt}'s two: values are centred once on their whole-series means, the sums and sums of
 * squares of each overlap come from running sums over the trimmed ends, and only the cross products are
 * summed per lag. Equal to pearsonAt within rounding (~1e-14); an overlap whose centred sum of squares is
 * tiny against its raw one (a flat overlap, or a level far from the series mean) is computed by pearsonAt
 * itself, so flat overlaps still give NaN.
 */
export class LaggedPearson {
  private readonly focusShift: number;
  private readonly otherShift: number;
  private readonly focusEnds: ReturnType<typeof endSums>;
  private readonly otherEnds: ReturnType<typeof endSums>;

  constructor(
    private readonly focus: ArrayLike<number>,
    private readonly other: ArrayLike<number>,
    private readonly n: number,
    maxLag: number,
  ) {
    const maxK = Math.max(0, Math.min(maxLag, n));
    this.focusShift = meanOf(focus, n);
    this.otherShift = meanOf(other, n);
    this.focusEnds = endSums(focus, n, this.focusShift, maxK);
    this.otherEnds = endSums(other, n, this.otherShift, maxK);
  }

  /** r over focus[focusOffset + i], other[otherOffset + i], i < overlap; one of the offsets is 0. */
  at(focusOffset: number, otherOffset: number, overlap: number): number {
    const { focus, other, focusShift, otherShift, n } = this;
    // The focus overlap drops focusOffset values at its head and the rest at its tail; the other likewise.
    const fa = this.focusEnds;
    const oa = this.otherEnds;
    const fHead = 2 * focusOffset;
    const fTail = 2 * (n - overlap - focusOffset);
    const oHead = 2 * otherOffset;
    const oTail = 2 * (n - overlap - otherOffset);
    const sf = fa.total - (fa.head[fHead] as number) - (fa.tail[fTail] as number);
    const sff = fa.total2 - (fa.head[fHead + 1] as number) - (fa.tail[fTail + 1] as number);
    const so = oa.total - (oa.head[oHead] as number) - (oa.tail[oTail] as number);
    const soo = oa.total2 - (oa.head[oHead + 1] as number) - (oa.tail[oTail + 1] as number);
    const sxx = sff - (sf * sf) / overlap;
    const syy = soo - (so * so) / overlap;
    if (!(sxx > CANCELLATION_GUARD * sff) || !(syy > CANCELLATION_GUARD * soo)) {
      return pearsonAt(focus, focusOffset, other, otherOffset, overlap);
    }
    let sfo = 0;
    for (let i = 0; i < overlap; i++) sfo += ((focus[focusOffset + i] as number) - focusShift) * ((other[otherOffset + i] as number) - otherShift);
    const sxy = sfo - (sf * so) / overlap;
    const r = sxy / Math.sqrt(sxx * syy);
    return Math.max(-1, Math.min(1, r));
  }
}
