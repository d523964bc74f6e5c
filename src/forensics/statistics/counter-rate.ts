/** A series of (time, value) pairs in parallel arrays; times in ms since the epoch, ascending. */
export interface TimedValues {
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/**
 * Per-second rate of a counter between consecutive samples, with Prometheus `rate` reset semantics: a drop
 * means the counter restarted from zero, so the increase across the drop is the new value itself. The rate
 * is stamped at the later sample of each pair, so the result has up to n − 1 points; pairs with a
 * non-positive time step or a non-finite value are left out. Never negative for non-negative counters. O(n).
 * With `out` (both arrays at least n − 1 long) the rates are written there and the result views it: a
 * large typed array costs an allocation outside the heap, which dominates when rating thousands of series.
 */
export function counterRate(t: ArrayLike<number>, v: ArrayLike<number>, out?: TimedValues): TimedValues {
  const n = Math.min(t.length, v.length);
  const size = Math.max(n - 1, 0);
  const reuse = out !== undefined && out.t.length >= size && out.v.length >= size;
  const outT = reuse ? out.t : new Float64Array(size);
  const outV = reuse ? out.v : new Float64Array(size);
  let k = 0;
  let prevT = Number.NaN;
  let prevV = Number.NaN;
  for (let i = 0; i < n; i++) {
    const ti = t[i] as number;
    const vi = v[i] as number;
    if (!Number.isFinite(ti) || !Number.isFinite(vi)) continue;
    if (Number.isFinite(prevT)) {
      const dt = (ti - prevT) / 1000;
      if (dt <= 0) continue;
      const increase = vi >= prevV ? vi - prevV : vi;
      outT[k] = ti;
      outV[k] = increase / dt;
      k++;
    }
    prevT = ti;
    prevV = vi;
  }
  return { t: outT.subarray(0, k), v: outV.subarray(0, k) };
}
