/**
 * Counts values into buckets[0..buckets) of `counts` by ((x − min) · scale) | 0, where x is the value, or
 * with `centre` its distance |value − centre|; `counts` holds at least 2 · buckets. Neighbouring values of a
 * series often fall in one bucket, and an increment that must wait for the previous one to be stored is the
 * slow part of counting: alternate values go to two halves of `counts`, added up at the end.
 */
export function countIntoBuckets(values: ArrayLike<number>, min: number, scale: number, buckets: number, counts: Int32Array, centre?: number): void {
  counts.fill(0, 0, 2 * buckets);
  const n = values.length;
  const distances = centre !== undefined;
  const c = centre ?? 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x = values[i] as number;
    const y = values[i + 1] as number;
    const k = (((distances ? Math.abs(x - c) : x) - min) * scale) | 0;
    const l = buckets + ((((distances ? Math.abs(y - c) : y) - min) * scale) | 0);
    counts[k] = (counts[k] as number) + 1;
    counts[l] = (counts[l] as number) + 1;
  }
  if (i < n) {
    const x = values[i] as number;
    const k = (((distances ? Math.abs(x - c) : x) - min) * scale) | 0;
    counts[k] = (counts[k] as number) + 1;
  }
  for (let k = 0; k < buckets; k++) counts[k] = (counts[k] as number) + (counts[buckets + k] as number);
}
