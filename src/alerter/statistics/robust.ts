/** 1/Φ⁻¹(3/4) to four places: 1.4826·MAD estimates σ when the data are normal, so k reads like "k sigma". */
export const MAD_SCALE = 1.4826;

/** √(π/2): for normal data E|X − μ| = σ·√(2/π), so this times the mean absolute deviation estimates σ. */
export const MEAN_ABSOLUTE_DEVIATION_SCALE = Math.sqrt(Math.PI / 2);

/**
 * Lower bounds on the scale of a robust z-score. The effective floor is `max(absolute, relative·|median|)`.
 *
 * Why both: a flat baseline (registrations pinned at 1000 for weeks, `up` always 1) has MAD 0, and dividing by
 * 0 would turn the first wobble into an infinite score. The relative part says "a change smaller than k% of
 * the level is never atypical" (k = 3 → 3%), which suits levels like contacts, dialogs or connections whose
 * noise grows with the level. The absolute part only matters when the median itself is 0 (an error count that
 * has always been 0): there any departure from 0 is atypical, and 1e-9 keeps the division finite.
 */
export interface ScaleFloor {
  /** Fraction of |median|; default 0.01 (1%). */
  readonly relative?: number;
  /** In the series' units; default 1e-9. */
  readonly absolute?: number;
}

/** The defaults of {@link ScaleFloor}. */
export const DEFAULT_SCALE_FLOOR: Readonly<Required<ScaleFloor>> = Object.freeze({ relative: 0.01, absolute: 1e-9 });

/** Location and spread of a sample, robust to the outliers the anomaly rule exists to find. */
export interface RobustStats {
  /** Number of values used (NaN excluded). */
  readonly n: number;
  readonly median: number;
  /** Median absolute deviation from the median, times {@link MAD_SCALE} (σ-consistent). */
  readonly mad: number;
  /** The divisor of the z-score: the σ estimate, raised to the floor. */
  readonly scale: number;
}

/** Values in ascending order without NaN: a missing measurement is not evidence of anything. */
function sortedWithoutNaN(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value)) out[n++] = value;
  }
  // Float64Array sorts numerically, unlike Array.prototype.sort. Most samples have no NaN: no view to make.
  return (n === out.length ? out : out.subarray(0, n)).sort();
}

/** As {@link sortedWithoutNaN}, in `values[0 … n)` itself (NaN moved out): returns the sorted view. */
function sortInPlaceWithoutNaN(values: Float64Array, n: number): Float64Array {
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value)) values[kept++] = value;
  }
  return (kept === values.length ? values : values.subarray(0, kept)).sort();
}

function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >>> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median (NaN ignored; NaN when nothing is left), as numpy.nanmedian. */
export function median(values: ArrayLike<number>): number {
  return medianOfSorted(sortedWithoutNaN(values));
}

/**
 * The q-quantile by linear interpolation between order statistics (Hyndman & Fan type 7: numpy's default
 * and R's, also PromQL's quantile_over_time). NaN ignored; NaN when nothing is left.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const sorted = sortedWithoutNaN(values);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  if (lo + 1 >= n) return below;
  return below + (h - lo) * ((sorted[lo + 1] as number) - below);
}

/** Median absolute deviation from the median times `scale` (default {@link MAD_SCALE}; 1 for the raw MAD). */
export function mad(values: ArrayLike<number>, scale = MAD_SCALE): number {
  const sorted = sortedWithoutNaN(values);
  return rawMad(sorted, medianOfSorted(sorted)) * scale;
}

function rawMad(sorted: Float64Array, center: number): number {
  const n = sorted.length;
  if (n === 0 || !Number.isFinite(center)) {
    const deviations = new Float64Array(n);
    for (let i = 0; i < n; i++) deviations[i] = Math.abs((sorted[i] as number) - center);
    return medianOfSorted(deviations.sort());
  }
  // The deviations are two ascending runs, centre − x going left from the centre and x − centre going
  // right: merging them up to the middle finds their median without sorting them (the anomaly rule does
  // this for every series at every evaluation). The values are those |x − centre| would give, bit for bit.
  let right = 0;
  for (let hi = n; right < hi; ) {
    const mid = (right + hi) >>> 1;
    if ((sorted[mid] as number) <= center) right = mid + 1;
    else hi = mid;
  }
  let left = right - 1;
  let previous = NaN;
  let current = NaN;
  for (let k = 0; k <= n >>> 1; k++) {
    previous = current;
    const below = left >= 0 ? center - (sorted[left] as number) : Infinity;
    const above = right < n ? (sorted[right] as number) - center : Infinity;
    if (left >= 0 && (right >= n || below <= above)) {
      current = below;
      left--;
    } else {
      current = above;
      right++;
    }
  }
  return n % 2 === 1 ? current : (previous + current) / 2;
}

/**
 * Median, σ-consistent MAD and the z-score divisor of `values`. When more than half the values are equal
 * the MAD is 0 although the data vary (a counter that is mostly 0 with rare bursts); the σ estimate then
 * falls back to √(π/2)·mean absolute deviation from the median, which still sees the bursts. Only a truly
 * constant sample reaches the floor.
 */
export function robustStats(values: ArrayLike<number>, floor: ScaleFloor = {}): RobustStats {
  return statsOfSorted(sortedWithoutNaN(values), floor);
}

/**
 * {@link robustStats} of `values[0 … n)`, which it reorders (sorts) in place instead of copying: for a
 * caller that reuses one array for many samples.
 */
export function robustStatsInPlace(values: Float64Array, n: number, floor: ScaleFloor = {}): RobustStats {
  return statsOfSorted(sortInPlaceWithoutNaN(values, n), floor);
}

function statsOfSorted(sorted: Float64Array, floor: ScaleFloor): RobustStats {
  const n = sorted.length;
  const center = medianOfSorted(sorted);
  const madValue = rawMad(sorted, center) * MAD_SCALE;
  let sigma = madValue;
  if (madValue === 0) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs((sorted[i] as number) - center);
    sigma = (sum / n) * MEAN_ABSOLUTE_DEVIATION_SCALE;
  }
  const relative = floor.relative ?? DEFAULT_SCALE_FLOOR.relative;
  const absolute = floor.absolute ?? DEFAULT_SCALE_FLOOR.absolute;
  const scale = n === 0 ? NaN : Math.max(sigma, absolute, relative * Math.abs(center));
  return { n, median: center, mad: madValue, scale };
}

/** `(x − median) / scale`: how many robust standard deviations `x` lies from the sample's centre. */
export function robustZ(x: number, stats: Pick<RobustStats, 'median' | 'scale'>): number {
  return (x - stats.median) / stats.scale;
}
