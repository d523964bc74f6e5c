import type { Aggregation } from '../../core/index.js';

/** Resolutions of the stored rollups, in ms. */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/**
 * Per-bucket accumulators (min, max, sum, count, last with the time of last) over aligned buckets of
 * `step` ms starting at `first`. Raw points and rollup rows both fold into it, so a query can mix
 * rollups (sealed data) with raw points (the unsealed tail) exactly.
 */
export class BucketAccumulator {
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
  readonly count: Float64Array;
  readonly last: Float64Array;
  readonly lastT: Float64Array;

  constructor(
    readonly first: number,
    readonly step: number,
    readonly buckets: number,
  ) {
    this.min = new Float64Array(buckets).fill(Infinity);
    this.max = new Float64Array(buckets).fill(-Infinity);
    this.sum = new Float64Array(buckets);
    this.count = new Float64Array(buckets);
    this.last = new Float64Array(buckets).fill(NaN);
    this.lastT = new Float64Array(buckets).fill(-Infinity);
  }

  /** Folds one raw point in (ignored when outside the buckets). */
  addPoint(t: number, v: number): void {
    this.addBucket(t, v, v, v, 1, v, t);
  }

  /** Folds a pre-aggregated bucket (from a rollup) that starts at `t` and whose last point was at `lastT`. */
  addBucket(t: number, min: number, max: number, sum: number, count: number, last: number, lastT: number): void {
    const i = Math.floor((t - this.first) / this.step);
    if (i < 0 || i >= this.buckets) return;
    // Math.min/max propagate NaN: a NaN sample makes its bucket's min/max NaN, as PromQL's would.
    this.min[i] = Math.min(this.min[i] as number, min);
    this.max[i] = Math.max(this.max[i] as number, max);
    this.sum[i] = (this.sum[i] as number) + sum;
    this.count[i] = (this.count[i] as number) + count;
    if (lastT >= (this.lastT[i] as number)) {
      this.last[i] = last;
      this.lastT[i] = lastT;
    }
  }

  /** The buckets that received data, as `fn` per bucket start time. */
  result(fn: Aggregation): { t: Float64Array; v: Float64Array } {
    let n = 0;
    for (let i = 0; i < this.buckets; i++) if ((this.count[i] as number) > 0) n++;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    let j = 0;
    for (let i = 0; i < this.buckets; i++) {
      const count = this.count[i] as number;
      if (count === 0) continue;
      t[j] = this.first + i * this.step;
      v[j] = pick(this, i, fn);
      j++;
    }
    return { t, v };
  }
}

function pick(acc: BucketAccumulator, i: number, fn: Aggregation): number {
  switch (fn) {
    case 'avg':
      return (acc.sum[i] as number) / (acc.count[i] as number);
    case 'min':
      return acc.min[i] as number;
    case 'max':
      return acc.max[i] as number;
    case 'sum':
      return acc.sum[i] as number;
    case 'count':
      return acc.count[i] as number;
    case 'last':
      return acc.last[i] as number;
  }
}

/** Rollup of a run of points at one resolution: one row per bucket that has points. */
export interface Rollup {
  readonly t: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
  readonly count: Float64Array;
  readonly last: Float64Array;
  readonly lastT: Float64Array;
}

/** Rolls ascending points up into `resolution`-ms buckets aligned to the epoch, in one pass. */
export function rollUp(t: ArrayLike<number>, v: ArrayLike<number>, resolution: number): Rollup {
  const n = t.length;
  let buckets = 0;
  let previous = NaN;
  for (let i = 0; i < n; i++) {
    const bucket = Math.floor((t[i] as number) / resolution);
    if (bucket !== previous) buckets++;
    previous = bucket;
  }
  const out: Rollup = {
    t: new Float64Array(buckets),
    min: new Float64Array(buckets),
    max: new Float64Array(buckets),
    sum: new Float64Array(buckets),
    count: new Float64Array(buckets),
    last: new Float64Array(buckets),
    lastT: new Float64Array(buckets),
  };
  let j = -1;
  previous = NaN;
  for (let i = 0; i < n; i++) {
    const time = t[i] as number;
    const value = v[i] as number;
    const bucket = Math.floor(time / resolution);
    if (bucket !== previous) {
      j++;
      previous = bucket;
      out.t[j] = bucket * resolution;
      out.min[j] = value;
      out.max[j] = value;
      out.sum[j] = value;
      out.count[j] = 1;
    } else {
      // Math.min/max propagate NaN, as the accumulator does.
      out.min[j] = Math.min(out.min[j] as number, value);
      out.max[j] = Math.max(out.max[j] as number, value);
      out.sum[j] = (out.sum[j] as number) + value;
      out.count[j] = (out.count[j] as number) + 1;
    }
    out.last[j] = value;
    out.lastT[j] = time;
  }
  return out;
}
