import { countIntoBuckets } from './bucket-counts.js';
import { fillIfTwoValued, Float64Sorter, INSERTION_MAX, insertionSort } from './float64-sorter.js';
import { ksStatisticOfWalk, ksStatisticSorted, walkSortedRuns } from './ks-two-sample.js';

/**
 * The two-sample Kolmogorov–Smirnov statistic D of unsorted samples, the same float as
 * {@link ksStatisticSorted} of their sorted copies, mostly without sorting.
 *
 * Both samples are counted into buckets over their common [min, max] (a monotone map, so buckets are
 * ordered). After the last value of a bucket the walk of the sorted samples stands at the bucket's
 * cumulative counts, so those points of the walk are known from the counts alone. Inside a bucket that holds
 * values of both samples the walk can go no higher than (a's count through the bucket) − (b's count before
 * it), nor lower than the converse; only buckets whose bounds pass the extremes found so far are placed
 * where a full sort would put them, sorted (tied values, common in polled data, cost one comparison each)
 * and walked. A bucket holding one sample only moves monotonically between its ends, which are known.
 * Holds its scratch buffers: one per thread of work.
 */
export class KsStatisticCounter {
  private countsA = new Int32Array(0);
  private countsB = new Int32Array(0);
  private cursorA = new Int32Array(0);
  private cursorB = new Int32Array(0);
  private wanted = new Uint8Array(0);
  private sortedA = new Float64Array(0);
  private sortedB = new Float64Array(0);
  private readonly sorter = new Float64Sorter();

  private differencesA = new Float64Array(0);
  private differencesB = new Float64Array(0);

  /** D = sup |F_a − F_b| of two non-empty samples, in any order (the samples are not modified). */
  statistic(a: Float64Array, b: Float64Array): number {
    const span = { min: Infinity, max: -Infinity, sum: 0 };
    widenSpan(a, span);
    widenSpan(b, span);
    return this.counted(a, b, span.min, span.max, span.sum);
  }

  /**
   * D of the first differences of `a` and of `b` (each at least two values), as {@link statistic} of
   * firstDifferences(a) and firstDifferences(b), with the differences and their span taken in one pass.
   */
  ofFirstDifferences(a: Float64Array, b: Float64Array): number {
    if (this.differencesA.length < a.length) this.differencesA = new Float64Array(Math.max(a.length, 2 * this.differencesA.length));
    if (this.differencesB.length < b.length) this.differencesB = new Float64Array(Math.max(b.length, 2 * this.differencesB.length));
    const da = this.differencesA.subarray(0, a.length - 1);
    const db = this.differencesB.subarray(0, b.length - 1);
    const span = { min: Infinity, max: -Infinity, sum: 0 };
    differencesWithSpan(a, da, span);
    differencesWithSpan(b, db, span);
    return this.counted(da, db, span.min, span.max, span.sum);
  }

  /** D of `a` and `b`, whose values lie in [min, max] and add up to `sum` (not finite when one is not). */
  private counted(a: Float64Array, b: Float64Array, min: number, max: number, sum: number): number {
    const n1 = a.length;
    const n2 = b.length;
    // Samples with NaN or ±Infinity (or sums too large to bucket) take the sorted walk.
    if (!Number.isFinite(sum) || !Number.isFinite(max - min)) return this.sortedStatistic(a, b);
    // One value in both samples: the walk's only point is 1 − 1.
    if (min === max) return 0;
    // About eight values a bucket, as measured best on polled series: few buckets to walk, few wanted.
    const buckets = Math.max(2, (n1 + n2) >> 3);
    const scale = (buckets - 1) / (max - min);
    if (!Number.isFinite(scale)) return this.sortedStatistic(a, b);
    this.ensure(n1, n2, buckets);
    const { countsA, countsB, wanted } = this;
    countIntoBuckets(a, min, scale, buckets, countsA);
    countIntoBuckets(b, min, scale, buckets, countsB);

    // The walk at each bucket's end; the counts become each bucket's start (exclusive prefix sums).
    let maxS = -Infinity;
    let minS = Infinity;
    let i = 0;
    let j = 0;
    for (let k = 0; k < buckets; k++) {
      const ca = countsA[k] as number;
      const cb = countsB[k] as number;
      countsA[k] = i;
      countsB[k] = j;
      if (ca + cb === 0) continue;
      i += ca;
      j += cb;
      const diff = i / n1 - j / n2;
      if (diff > maxS) maxS = diff;
      if (diff < minS) minS = diff;
    }

    // Buckets holding both samples whose inside might pass an extreme.
    let anyWanted = false;
    for (let k = 0; k < buckets; k++) {
      const startA = countsA[k] as number;
      const startB = countsB[k] as number;
      const endA = k + 1 < buckets ? (countsA[k + 1] as number) : n1;
      const endB = k + 1 < buckets ? (countsB[k + 1] as number) : n2;
      const inside = endA > startA && endB > startB && (endA / n1 - startB / n2 > maxS || startA / n1 - endB / n2 < minS);
      wanted[k] = inside ? 1 : 0;
      anyWanted ||= inside;
    }
    if (!anyWanted) return ksStatisticOfWalk({ max: maxS, min: minS });

    // The wanted buckets' values go where a full sort would put them; then each bucket is sorted and walked.
    const { cursorA, cursorB, sortedA, sortedB } = this;
    cursorA.set(countsA.subarray(0, buckets));
    cursorB.set(countsB.subarray(0, buckets));
    scatter(a, min, scale, wanted, cursorA, sortedA);
    scatter(b, min, scale, wanted, cursorB, sortedB);
    const extremes = { max: maxS, min: minS };
    for (let k = 0; k < buckets; k++) {
      if (wanted[k] === 0) continue;
      const startA = countsA[k] as number;
      const startB = countsB[k] as number;
      const endA = cursorA[k] as number;
      const endB = cursorB[k] as number;
      this.sortRange(sortedA, startA, endA);
      this.sortRange(sortedB, startB, endB);
      walkSortedRuns(sortedA, startA, endA, sortedB, startB, endB, n1, n2, extremes);
    }
    return ksStatisticOfWalk(extremes);
  }

  /**
   * Sorts a[lo..hi) for the walk (which compares values, so −0 and 0 may stay in any order): by insertion
   * when short; a long range of one or two distinct values (a tie, or two floats an ulp apart, as differences
   * of values with two decimals often are) by counting them; else by the bucket sort.
   */
  private sortRange(a: Float64Array, lo: number, hi: number): void {
    if (hi - lo <= INSERTION_MAX) {
      insertionSort(a, lo, hi);
      return;
    }
    let min = a[lo] as number;
    let max = min;
    for (let i = lo + 1; i < hi; i++) {
      const v = a[i] as number;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    if (min !== max && !fillIfTwoValued(a, lo, hi, min, max)) this.sorter.sort(a.subarray(lo, hi));
  }

  private sortedStatistic(a: Float64Array, b: Float64Array): number {
    this.ensure(a.length, b.length, 0);
    const sa = this.sortedA.subarray(0, a.length);
    const sb = this.sortedB.subarray(0, b.length);
    sa.set(a);
    sb.set(b);
    return ksStatisticSorted(this.sorter.sort(sa), this.sorter.sort(sb));
  }

  private ensure(n1: number, n2: number, buckets: number): void {
    if (this.sortedA.length < n1) this.sortedA = new Float64Array(Math.max(n1, 2 * this.sortedA.length));
    if (this.sortedB.length < n2) this.sortedB = new Float64Array(Math.max(n2, 2 * this.sortedB.length));
    if (this.wanted.length < buckets) {
      const size = Math.max(buckets, 2 * this.wanted.length);
      this.countsA = new Int32Array(2 * size);
      this.countsB = new Int32Array(2 * size);
      this.cursorA = new Int32Array(size);
      this.cursorB = new Int32Array(size);
      this.wanted = new Uint8Array(size);
    }
  }
}

/** Smallest and largest value of samples, and their sum (not finite when a value is not). */
interface Span {
  min: number;
  max: number;
  sum: number;
}

function widenSpan(sample: Float64Array, span: Span): void {
  let { min, max, sum } = span;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  span.min = min;
  span.max = max;
  span.sum = sum;
}

/** Writes the first differences of `values` into `out` (length n − 1), widening `span` with them. */
function differencesWithSpan(values: Float64Array, out: Float64Array, span: Span): void {
  let { min, max, sum } = span;
  for (let i = 0; i < out.length; i++) {
    const d = (values[i + 1] as number) - (values[i] as number);
    out[i] = d;
    sum += d;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  span.min = min;
  span.max = max;
  span.sum = sum;
}

/** Puts the values of wanted buckets at their bucket's next free position of `into`. */
function scatter(sample: Float64Array, min: number, scale: number, wanted: Uint8Array, cursors: Int32Array, into: Float64Array): void {
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i] as number;
    const k = ((v - min) * scale) | 0;
    if (wanted[k] === 0) continue;
    const at = cursors[k] as number;
    into[at] = v;
    cursors[k] = at + 1;
  }
}
