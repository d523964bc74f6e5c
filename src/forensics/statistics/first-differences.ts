/**
 * First differences x[i+1] − x[i] (length n − 1, empty for n < 2): what the KS test compares, since the shape
 * of changes is comparable across series whose levels are not. Writes into `out` when it is long enough. O(n).
 */
export function firstDifferences(values: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = Math.max(values.length - 1, 0);
  const target = out !== undefined && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) target[i] = (values[i + 1] as number) - (values[i] as number);
  return target;
}
