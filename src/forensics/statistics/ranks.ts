/**
 * 1-based ranks of the values, ties sharing the average of the ranks they span (scipy's `rankdata`
 * 'average'). `out` and `order` are reused when long enough. Values must not be NaN. O(n log n).
 */
export function averageRanks(values: ArrayLike<number>, out?: Float64Array, order?: Uint32Array): Float64Array {
  const n = values.length;
  const ranks = out !== undefined && out.length >= n ? out.subarray(0, n) : new Float64Array(n);
  const idx = order !== undefined && order.length >= n ? order.subarray(0, n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => (values[a] as number) - (values[b] as number));
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[idx[i] as number] as number;
    while (j < n && values[idx[j] as number] === v) j++;
    // Positions i..j-1 share ranks i+1..j; their average is (i + 1 + j) / 2.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[idx[k] as number] = rank;
    i = j;
  }
  return ranks;
}
