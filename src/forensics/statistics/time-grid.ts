/** A regular time grid: bucket i covers [start + i·step, start + (i+1)·step), times in ms. */
export interface TimeGrid {
  readonly start: number;
  readonly step: number;
  readonly count: number;
}

/** How samples falling in one bucket become its value. */
export type ResampleMode = 'last' | 'average';

/** Options of {@link resampleToGrid}. */
export interface ResampleOptions {
  /** `last` keeps the latest sample of the bucket (gauges); `average` their mean. Default `last`. */
  readonly mode?: ResampleMode;
  /**
   * An empty bucket takes the latest earlier sample when that sample is at most this many ms older than the
   * bucket's end (Prometheus' lookback, for series polled less often than the grid step). Default 0: empty
   * buckets stay NaN.
   */
  readonly carryForwardMs?: number;
  /** Output buffer of length ≥ grid.count, reused to avoid allocating. */
  readonly out?: Float64Array;
}

/** The grid covering [from, to) with the given step (the last bucket may end after `to`). */
export function gridFor(from: number, to: number, step: number): TimeGrid {
  return { start: from, step, count: Math.max(0, Math.ceil((to - from) / step)) };
}

/**
 * Resamples an irregular series (ascending times `t`, values `v`) onto a grid so that two series can be
 * compared point by point. Buckets with no sample (and none to carry forward) are NaN, which the correlation
 * functions skip. Non-finite values are ignored. O(n + grid.count).
 */
export function resampleToGrid(t: ArrayLike<number>, v: ArrayLike<number>, grid: TimeGrid, options: ResampleOptions = {}): Float64Array {
  const { start, step, count } = grid;
  const out = options.out !== undefined && options.out.length >= count ? options.out.subarray(0, count) : new Float64Array(count);
  const average = options.mode === 'average';
  const carry = options.carryForwardMs ?? 0;
  const n = Math.min(t.length, v.length);
  let i = 0;
  let lastT = Number.NaN;
  let lastV = Number.NaN;
  // Samples before the grid only seed the carry-forward value: the last finite one before it, found by
  // bisecting to the grid start and stepping back (a long history before the window is not walked).
  let hi = n;
  while (i < hi) {
    const mid = (i + hi) >>> 1;
    if ((t[mid] as number) < start) i = mid + 1;
    else hi = mid;
  }
  for (let k = i - 1; k >= 0; k--) {
    if (Number.isFinite(v[k] as number)) {
      lastT = t[k] as number;
      lastV = v[k] as number;
      break;
    }
  }
  for (let b = 0; b < count; b++) {
    const end = start + (b + 1) * step;
    let sum = 0;
    let k = 0;
    while (i < n && (t[i] as number) < end) {
      const vi = v[i] as number;
      if (Number.isFinite(vi)) {
        sum += vi;
        k++;
        lastT = t[i] as number;
        lastV = vi;
      }
      i++;
    }
    if (k > 0) out[b] = average ? sum / k : lastV;
    else out[b] = carry > 0 && end - lastT <= carry ? lastV : Number.NaN;
  }
  return out;
}
