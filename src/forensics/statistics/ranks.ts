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

/**
 * Indices of the non-NaN values among values[0..length), ordered by value, in `out`; returns how many.
 * Sorting once lets {@link averageRanksInRange} rank any contiguous part without sorting again.
 */
export function sortedOrder(values: ArrayLike<number>, length: number, out: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < length; i++) if (!Number.isNaN(values[i] as number)) out[count++] = i;
  out.subarray(0, count).sort((a, b) => (values[a] as number) - (values[b] as number));
  return count;
}

/**
 * Average ranks ({@link averageRanks}) of values[offset + i] for i < length, counting only the positions
 * where `partner[partnerOffset + i]` is not NaN; `ranks[i]` is NaN at the positions left out. `order`
 * holds the first `count` entries of {@link sortedOrder}(values): filtering it is O(values), no sort.
 * `picked` is scratch of at least `length` entries.
 */
export function averageRanksInRange(
  values: ArrayLike<number>,
  order: Uint32Array,
  count: number,
  offset: number,
  length: number,
  partner: ArrayLike<number>,
  partnerOffset: number,
  ranks: Float64Array,
  picked: Uint32Array,
): void {
  ranks.fill(Number.NaN, 0, length);
  let n = 0;
  for (let k = 0; k < count; k++) {
    const i = (order[k] as number) - offset;
    if (i < 0 || i >= length || Number.isNaN(partner[partnerOffset + i] as number)) continue;
    picked[n++] = i;
  }
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[offset + (picked[i] as number)] as number;
    while (j < n && values[offset + (picked[j] as number)] === v) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[picked[k] as number] = rank;
    i = j;
  }
}
