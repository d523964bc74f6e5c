import { countIntoBuckets } from './bucket-counts.js';
import { Float64Sorter } from './float64-sorter.js';

/**
 * Exact order statistics of finite samples without sorting them: one pass counts the values into buckets
 * over [min, max] (a monotone map, so buckets are ordered), a second collects only the buckets that hold the
 * wanted positions, and those few values are sorted. The result is the value a full sort (in
 * `Float64Array.prototype.sort` order, −0 before +0) would hold at each position. Clustered samples whose
 * wanted bucket holds most values cost one sort, as before. Holds its scratch buffers: one per thread of work.
 */
export class OrderSelector {
  private counts = new Int32Array(0);
  /** slotOf[bucket]: 1 + the index among the wanted buckets, 0 for the others. */
  private slotOf = new Int32Array(0);
  private gathered = new Float64Array(0);
  private readonly sorter = new Float64Sorter();
  private readonly wantedBuckets: number[] = [];
  private readonly bucketStarts: number[] = [];
  private readonly gatherStarts: number[] = [];
  private readonly gatherEnds: number[] = [];

  /**
   * `quantileSorted(sorted values, q)` for each q of `qs` (ascending): numpy's linear interpolation between
   * the two order statistics around (n − 1)·q. `values` non-empty, finite, with smallest `min` and largest `max`.
   */
  quantiles(values: ArrayLike<number>, min: number, max: number, qs: readonly number[]): number[] {
    const n = values.length;
    const positions: number[] = [];
    for (const q of qs) {
      const k = Math.floor((n - 1) * q);
      // Ascending and without repeats: a position not above the last one is already there.
      for (const wanted of k + 1 < n ? [k, k + 1] : [k]) if (!(wanted <= (positions[positions.length - 1] ?? -1))) positions.push(wanted);
    }
    const found: number[] = [];
    this.select(values, min, max, positions, found);
    return qs.map((q) => {
      const pos = (n - 1) * q;
      const k = Math.floor(pos);
      const lower = found[positions.indexOf(k)] as number;
      const frac = pos - k;
      if (frac === 0 || k + 1 >= n) return lower;
      const upper = found[positions.indexOf(k + 1)] as number;
      return lower + (upper - lower) * frac;
    });
  }

  /**
   * `madSorted(sorted values, centre)`: the median of |x − centre| (interpolated as a quantile at 0.5), with
   * `min`/`max` the smallest and largest of `values` (finite, non-empty).
   */
  mad(values: ArrayLike<number>, centre: number, min: number, max: number): number {
    const n = values.length;
    const pos = (n - 1) * 0.5;
    const k = Math.floor(pos);
    const positions = pos === k || k + 1 >= n ? [k] : [k, k + 1];
    const found: number[] = [];
    // |x − centre| is monotone on either side of the centre, so the largest deviation is at min or max.
    const widest = Math.max(Math.abs(min - centre), Math.abs(max - centre));
    this.select(values, 0, widest, positions, found, centre);
    const lower = found[0] as number;
    return positions.length === 1 ? lower : lower + ((found[1] as number) - lower) * (pos - k);
  }

  /**
   * The values at sorted positions `positions` (ascending, each in [0, n)) of `values`, whose smallest and
   * largest are `min` and `max`; written to `out`. With `centre` the sample is |values[i] − centre| instead
   * (for the median absolute deviation), and min/max must bound those deviations.
   */
  select(values: ArrayLike<number>, min: number, max: number, positions: readonly number[], out: number[], centre?: number): void {
    const n = values.length;
    // About eight values a bucket: fewer buckets to clear, add up and walk, still few values to sort.
    const buckets = Math.max(1, n >> 3);
    const scale = (buckets - 1) / (max - min);
    // Equal values, of one sign if zero (deviations never are −0): every position holds the one value.
    if (min === max && (min !== 0 || centre !== undefined)) {
      for (let p = 0; p < positions.length; p++) out[p] = centre === undefined ? min : 0;
      return;
    }
    if (!(max > min) || !Number.isFinite(scale)) {
      this.sortAll(values, positions, out, centre);
      return;
    }
    this.ensure(n, buckets);
    countIntoBuckets(values, min, scale, buckets, this.counts, centre);
    this.planGather(positions, buckets);
    this.gather(values, min, scale, centre);
    const { wantedBuckets, bucketStarts, gatherStarts, gatherEnds, gathered } = this;
    for (let w = 0; w < wantedBuckets.length; w++) this.sorter.sort(gathered.subarray(gatherStarts[w], gatherEnds[w]));
    let w = 0;
    for (let p = 0; p < positions.length; p++) {
      const position = positions[p] as number;
      while (position >= (bucketStarts[w] as number) + (gatherEnds[w] as number) - (gatherStarts[w] as number)) w++;
      out[p] = gathered[(gatherStarts[w] as number) + position - (bucketStarts[w] as number)] as number;
    }
    for (const bucket of wantedBuckets) this.slotOf[bucket] = 0;
  }

  /** Finds the buckets holding the wanted positions and where each one's values will be gathered. */
  private planGather(positions: readonly number[], buckets: number): void {
    const { counts, slotOf, wantedBuckets, bucketStarts, gatherStarts, gatherEnds } = this;
    wantedBuckets.length = 0;
    bucketStarts.length = 0;
    gatherStarts.length = 0;
    gatherEnds.length = 0;
    let start = 0;
    let gatherAt = 0;
    let p = 0;
    for (let b = 0; b < buckets && p < positions.length; b++) {
      const count = counts[b] as number;
      if ((positions[p] as number) >= start + count) {
        start += count;
        continue;
      }
      wantedBuckets.push(b);
      bucketStarts.push(start);
      gatherStarts.push(gatherAt);
      gatherEnds.push(gatherAt);
      slotOf[b] = wantedBuckets.length;
      gatherAt += count;
      start += count;
      while (p < positions.length && (positions[p] as number) < start) p++;
    }
  }

  private gather(values: ArrayLike<number>, min: number, scale: number, centre: number | undefined): void {
    const { slotOf, gatherEnds, gathered } = this;
    const n = values.length;
    for (let i = 0; i < n; i++) {
      const x = centre === undefined ? (values[i] as number) : Math.abs((values[i] as number) - centre);
      const slot = slotOf[((x - min) * scale) | 0] as number;
      if (slot === 0) continue;
      const at = gatherEnds[slot - 1] as number;
      gathered[at] = x;
      gatherEnds[slot - 1] = at + 1;
    }
  }

  /** A constant sample or one whose range cannot be bucketed: sort it all. */
  private sortAll(values: ArrayLike<number>, positions: readonly number[], out: number[], centre: number | undefined): void {
    const n = values.length;
    this.ensure(n, 1);
    const all = this.gathered.subarray(0, n);
    for (let i = 0; i < n; i++) all[i] = centre === undefined ? (values[i] as number) : Math.abs((values[i] as number) - centre);
    this.sorter.sort(all);
    for (let p = 0; p < positions.length; p++) out[p] = all[positions[p] as number] as number;
  }

  private ensure(n: number, buckets: number): void {
    if (this.gathered.length < n) this.gathered = new Float64Array(Math.max(n, 2 * this.gathered.length));
    if (this.slotOf.length < buckets) {
      const size = Math.max(buckets, 2 * this.slotOf.length);
      this.counts = new Int32Array(2 * size);
      this.slotOf = new Int32Array(size);
    }
  }
}
