import type { Aggregation } from '../../core/index.js';

/** Aggregates of one series: bucket starts and, per asked function, a value for each. */
export interface BucketAggregates {
  readonly t: number[];
  readonly values: Partial<Record<Aggregation, number[]>>;
}

/**
 * `fns` of the raw samples in each `step` bucket [b, b + step) with b a multiple of step in [first, end),
 * for buckets holding samples. Follows IEEE arithmetic, so a NaN sample makes avg/min/max/sum NaN as the
 * contract's reference does; used where the server cannot compute exactly (recent buckets, NaN/±Inf).
 */
export function aggregateBuckets(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  first: number,
  end: number,
  step: number,
  fns: readonly Aggregation[],
): BucketAggregates {
  const out: BucketAggregates = { t: [], values: Object.fromEntries(fns.map((fn) => [fn, []])) };
  let bucket = NaN;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let last = NaN;
  const emit = (): void => {
    if (count === 0) return;
    out.t.push(bucket);
    const results: Record<Aggregation, number> = { avg: sum / count, min, max, sum, count, last };
    for (const fn of fns) out.values[fn]?.push(results[fn]);
  };
  for (let i = 0; i < t.length; i++) {
    const time = t[i] as number;
    if (time < first || time >= end) continue;
    const b = Math.floor(time / step) * step;
    if (b !== bucket) {
      emit();
      bucket = b;
      count = 0;
      sum = 0;
      min = Infinity;
      max = -Infinity;
    }
    const value = v[i] as number;
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
    last = value;
  }
  emit();
  return out;
}
