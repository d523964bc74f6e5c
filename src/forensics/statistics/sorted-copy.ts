/**
 * Copies values into `out` (or a new Float64Array) and sorts the copy ascending in place; the input is never
 * reordered. Typed-array sort is numeric and allocation-free: O(n log n).
 */
export function sortedCopy(values: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = values.length;
  const target = out !== undefined && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
  for (let i = 0; i < n; i++) target[i] = values[i] as number;
  return target.sort();
}
