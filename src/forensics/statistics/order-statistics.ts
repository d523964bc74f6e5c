/**
 * Order statistics (median, quantiles, median absolute deviation) on copies of the input, by quickselect:
 * expected O(n) instead of a full sort. Pass `scratch` (length ≥ n) to avoid allocating in hot loops.
 */

function workCopy(values: ArrayLike<number>, scratch: Float64Array | undefined): Float64Array {
  const n = values.length;
  const out = scratch !== undefined && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] as number;
  return out;
}

/** Rearranges a[lo..hi] so that a[k] holds the value a full sort would put there (Hoare selection). */
function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three keeps sorted and reversed input linear.
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Smallest value of a[lo..hi]. */
function minOf(a: Float64Array, lo: number, hi: number): number {
  let m = Infinity;
  for (let i = lo; i <= hi; i++) if ((a[i] as number) < m) m = a[i] as number;
  return m;
}

/** Linear-interpolation quantile of values already in `a` (reordered in place), numpy's default method. */
function quantileInPlace(a: Float64Array, q: number): number {
  const n = a.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const k = Math.floor(pos);
  selectInPlace(a, k, 0, n - 1);
  const lower = a[k] as number;
  const frac = pos - k;
  if (frac === 0 || k + 1 >= n) return lower;
  const upper = minOf(a, k + 1, n - 1);
  return lower + (upper - lower) * frac;
}

/** q-quantile (0 ≤ q ≤ 1) with linear interpolation, as `numpy.quantile`; NaN for an empty sample. O(n) expected. */
export function quantile(values: ArrayLike<number>, q: number, scratch?: Float64Array): number {
  return quantileInPlace(workCopy(values, scratch), q);
}

/** Median (mean of the two middle values for even n); NaN for an empty sample. O(n) expected. */
export function median(values: ArrayLike<number>, scratch?: Float64Array): number {
  return quantileInPlace(workCopy(values, scratch), 0.5);
}

/** Median and raw median absolute deviation median(|x − median(x)|), unscaled; NaN for an empty sample. O(n). */
export function medianAndMad(values: ArrayLike<number>, scratch?: Float64Array): { median: number; mad: number } {
  const a = workCopy(values, scratch);
  const med = quantileInPlace(a, 0.5);
  for (let i = 0; i < a.length; i++) a[i] = Math.abs((a[i] as number) - med);
  return { median: med, mad: quantileInPlace(a, 0.5) };
}

/** {@link quantile} of values already sorted ascending: the same interpolation, O(1). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const k = Math.floor(pos);
  const lower = sorted[k] as number;
  const frac = pos - k;
  if (frac === 0 || k + 1 >= n) return lower;
  const upper = sorted[k + 1] as number;
  return lower + (upper - lower) * frac;
}

/**
 * Raw median absolute deviation of values already sorted ascending, given their median: the deviations
 * |x − median| fall on both sides of the median in sorted order, so merging the two sides outward yields
 * them ascending and the middle one is reached in O(n / 2), without a copy. Same value as {@link medianAndMad}.
 */
export function madSorted(sorted: ArrayLike<number>, med: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < med) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1;
  let right = lo;
  const pos = (n - 1) * 0.5;
  const k = Math.floor(pos);
  const next = (): number => {
    const dl = left >= 0 ? Math.abs((sorted[left] as number) - med) : Infinity;
    const dr = right < n ? Math.abs((sorted[right] as number) - med) : Infinity;
    if (dl <= dr) {
      left--;
      return dl;
    }
    right++;
    return dr;
  };
  let lower = 0;
  for (let i = 0; i <= k; i++) lower = next();
  if (pos === k || k + 1 >= n) return lower;
  const upper = next();
  return lower + (upper - lower) * (pos - k);
}
