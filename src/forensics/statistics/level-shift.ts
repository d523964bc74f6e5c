import { median, medianAndMad } from './order-statistics.js';

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
  const windowMedian = median(window, options.scratch);
  const scale = Math.max(
    MAD_TO_SIGMA * mad,
    (options.relativeFloor ?? 0.01) * Math.abs(baselineMedian),
    options.absoluteFloor ?? 1e-9,
  );
  const maxAbsZ = options.maxAbsZ ?? 1000;
  const raw = (windowMedian - baselineMedian) / scale;
  const z = Number.isNaN(raw) ? raw : Math.max(-maxAbsZ, Math.min(maxAbsZ, raw));
  return { z, baselineMedian, windowMedian, baselineMad: mad, scale };
}
