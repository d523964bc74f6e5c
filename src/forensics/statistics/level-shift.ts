import type { Float64Sorter } from './float64-sorter.js';
import { madSorted, median, medianAndMad, quantileSorted } from './order-statistics.js';

/** Consistency constant: 1.4826 · MAD estimates σ for normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/** Tuning of {@link levelShift}. */
export interface LevelShiftOptions {
  /** Scale floor as a fraction of |baseline median|, for flat baselines (MAD = 0). Default 0.01. */
  readonly relativeFloor?: number;
  /** Absolute scale floor, for flat baselines at zero. Default 1e-9. */
  readonly absoluteFloor?: number;
  /** Cap on |z|, so shifts off a perfectly flat baseline stay comparable. Default 1000. */
  readonly maxAbsZ?: number;
  /** Scratch space (length ≥ max(n_baseline, n_window)) reused for the order statistics. */
  readonly scratch?: Float64Array;
}

/** Result of {@link levelShift}. */
export interface LevelShift {
  /** Robust z-score of the window median against the baseline, capped at ±maxAbsZ. */
  readonly z: number;
  readonly baselineMedian: number;
  readonly windowMedian: number;
  /** Raw (unscaled) median absolute deviation of the baseline. */
  readonly baselineMad: number;
  /** The denominator used: max(1.4826·MAD, relativeFloor·|baseline median|, absoluteFloor). */
  readonly scale: number;
}

/**
 * Robust level-shift z-score: (median(window) − median(baseline)) / (1.4826 · MAD(baseline)). Medians and
 * MAD shrug off the spikes that inflate a mean/σ z-score. A flat baseline has MAD = 0, so the scale is
 * floored at relativeFloor·|median| (a 1 % move of a flat series is then z = 1) and at absoluteFloor, and |z|
 * is capped. NaN when either sample is empty. Input must be finite. O(n) expected.
 */
export function levelShift(baseline: ArrayLike<number>, window: ArrayLike<number>, options: LevelShiftOptions = {}): LevelShift {
  const { median: baselineMedian, mad } = medianAndMad(baseline, options.scratch);
  return levelShiftOf(baselineMedian, mad, median(window, options.scratch), () => flatScale(Float64Array.from(baseline).sort(), baselineMedian), options);
}

/**
 * {@link levelShift} of samples already sorted ascending (finite values): the same result from O(n / 2)
 * work, for callers that sort each side once for several statistics.
 */
export function levelShiftSorted(baseline: ArrayLike<number>, window: ArrayLike<number>, options: Omit<LevelShiftOptions, 'scratch'> = {}): LevelShift {
  const baselineMedian = quantileSorted(baseline, 0.5);
  return levelShiftOf(baselineMedian, madSorted(baseline, baselineMedian), quantileSorted(window, 0.5), () => flatScale(baseline, baselineMedian), options);
}

/**
 * {@link levelShift} from order statistics already computed: the baseline's median and MAD and the window's
 * median; `flat` gives the baseline's {@link flatScale}, asked for only when the MAD is 0.
 */
export function levelShiftOf(
  baselineMedian: number,
  mad: number,
  windowMedian: number,
  flat: () => number,
  options: Omit<LevelShiftOptions, 'scratch'> = {},
): LevelShift {
  const scale = Math.max(
    MAD_TO_SIGMA * mad,
    mad === 0 ? flat() : 0,
    (options.relativeFloor ?? 0.01) * Math.abs(baselineMedian),
    options.absoluteFloor ?? 1e-9,
  );
  const maxAbsZ = options.maxAbsZ ?? 1000;
  const raw = (windowMedian - baselineMedian) / scale;
  const z = Number.isNaN(raw) ? raw : Math.max(-maxAbsZ, Math.min(maxAbsZ, raw));
  return { z, baselineMedian, windowMedian, baselineMad: mad, scale };
}

/**
 * The scale of a baseline whose MAD is 0 (more than half its values equal): the mean absolute deviation from
 * the median × 1.2533 (Iglewicz and Hoaglin's fallback), and at least the smallest step between two distinct
 * values, since a median cannot move by less than the data's resolution. 0 for a constant baseline.
 */
export function flatScale(sorted: ArrayLike<number>, centre: number): number {
  let sum = 0;
  let quantum = Infinity;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    sum += Math.abs(v - centre);
    const gap = i > 0 ? v - (sorted[i - 1] as number) : 0;
    if (gap > 0 && gap < quantum) quantum = gap;
  }
  const meanAd = sorted.length === 0 ? 0 : (1.2533 * sum) / sorted.length;
  return Math.max(meanAd, Number.isFinite(quantum) ? quantum : 0);
}

/**
 * {@link flatScale} of unsorted finite `values`, bit for bit, sorting only the values that differ from
 * `centre` (fewer than half of them when the MAD is 0): the values equal to the centre add nothing to the sum
 * and no step between distinct values, so one copy of the centre stands for them all. `scratch` holds at
 * least values.length numbers.
 */
export function flatScaleUnsorted(values: ArrayLike<number>, centre: number, sorter: Float64Sorter, scratch: Float64Array): number {
  let k = 0;
  let centred = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === centre) centred = true;
    else scratch[k++] = v;
  }
  const others = sorter.sort(scratch.subarray(0, k));
  let sum = 0;
  let quantum = Infinity;
  let previous = Number.NaN;
  const step = (v: number): void => {
    sum += Math.abs(v - centre);
    const gap = v - previous;
    if (gap > 0 && gap < quantum) quantum = gap;
    previous = v;
  };
  let i = 0;
  for (; i < k && (others[i] as number) < centre; i++) step(others[i] as number);
  if (centred) step(centre);
  for (; i < k; i++) step(others[i] as number);
  const meanAd = values.length === 0 ? 0 : (1.2533 * sum) / values.length;
  return Math.max(meanAd, Number.isFinite(quantum) ? quantum : 0);
}
