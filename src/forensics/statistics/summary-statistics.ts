import type { OrderSelector } from './order-selector.js';
import { quantile, quantileSorted } from './order-statistics.js';

/** Descriptive statistics of one sample, as shown in forensics reports. */
export interface SummaryStatistics {
  /** Number of finite values summarised (NaN and ±Infinity are skipped as missing samples). */
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  /** 95th percentile, linear interpolation (numpy's default). */
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation (ddof = 0, numpy's default). */
  readonly stddev: number;
}

/**
 * Mean, median, p95, min, max and standard deviation of the finite values; every field but count is NaN for
 * a sample with no finite value. O(n) expected; `scratch` (length ≥ n) avoids the one allocation.
 */
export function summarize(values: ArrayLike<number>, scratch?: Float64Array): SummaryStatistics {
  const n = values.length;
  const finite = scratch !== undefined && scratch.length >= n ? scratch : new Float64Array(n);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    finite[count++] = v;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) {
    return { count: 0, mean: Number.NaN, median: Number.NaN, p95: Number.NaN, min: Number.NaN, max: Number.NaN, stddev: Number.NaN };
  }
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) {
    const d = (finite[i] as number) - mean;
    ss += d * d;
  }
  const stddev = Math.sqrt(ss / count);
  // Both quantiles select in place on the same buffer: the second selection still sees the same multiset.
  const sample = finite.subarray(0, count);
  const med = quantile(sample, 0.5, sample);
  const p95 = quantile(sample, 0.95, sample);
  return { count, mean, median: med, p95, min, max, stddev };
}

/**
 * {@link summarize} of finite values given also sorted ascending (`sorted`, the same multiset): moments and
 * extremes in input order, so they are bit-identical, and the order statistics read off `sorted` instead of
 * selected. O(n).
 */
export function summarizeSorted(values: ArrayLike<number>, sorted: ArrayLike<number>): SummaryStatistics {
  if (values.length === 0) return summarize(values);
  const { mean, min, max, stddev } = inInputOrder(values);
  return { count: values.length, mean, median: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), min, max, stddev };
}

const MEDIAN_AND_P95 = [0.5, 0.95] as const;

/**
 * {@link summarizeSorted} without the sorted copy, bit for bit: the median and p95 are selected by
 * `selector` (as a full sort orders −0 and 0); two passes in input order for the moments and extremes, two
 * for the quantiles. Samples holding NaN or ±Infinity go to {@link summarize}, which skips those.
 */
export function summarizeSelecting(values: ArrayLike<number>, selector: OrderSelector): SummaryStatistics {
  if (values.length === 0) return summarize(values);
  const { sum, mean, min, max, stddev } = inInputOrder(values);
  // NaN or ±Infinity among the values (or a sum that overflows): summarize skips them.
  if (!Number.isFinite(sum)) return summarize(values);
  const [median, p95] = selector.quantiles(values, min, max, MEDIAN_AND_P95) as [number, number];
  return { count: values.length, mean, median, p95, min, max, stddev };
}

/**
 * Sum, mean, extremes and population standard deviation of a non-empty sample, in input order as
 * {@link summarize} takes them: the same sums, and of equal extremes (−0 and 0) the first met.
 */
function inInputOrder(values: ArrayLike<number>): { sum: number; mean: number; min: number; max: number; stddev: number } {
  const count = values.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) {
    const d = (values[i] as number) - mean;
    ss += d * d;
  }
  return { sum, mean, min, max, stddev: Math.sqrt(ss / count) };
}
