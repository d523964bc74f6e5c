const INITIAL_CAPACITY = 16;
/** Runs of at most this many values are copied by a loop rather than by set(). */
const SHORT_COPY = 256;

/**
 * The recent points of one series in memory, ascending in time: the hot window that dashboards, alert
 * evaluation and forensics read, and the not-yet-sealed tail that chunks are cut from. Times are kept as
 * int32 ms offsets from a per-buffer base (12 bytes a point instead of 16), rebased on compaction.
 * Points are addressed by sequence number (`seq`): the count of points ever pushed, which survives compaction.
 */
export class SeriesBuffer {
  private base = 0;
  private values: Float64Array;
  private offsets: Int32Array;
  private head = 0; // array index of the oldest retained point
  private tail = 0; // array index one past the newest point
  /** Sequence number of the oldest retained point. */
  firstSeq = 0;

  constructor() {
    [this.values, this.offsets] = columns(INITIAL_CAPACITY);
  }

  /** Number of retained points. */
  get length(): number {
    return this.tail - this.head;
  }

  /** Sequence number one past the newest point. */
  get endSeq(): number {
    return this.firstSeq + this.length;
  }

  /**
   * Reads the oldest and newest time offsets and the newest value (their sum, 0 when empty): a cheap read of
   * the memory a window query reads next, made ahead of it (see SqliteSeriesStore's planRange).
   */
  touch(): number {
    const last = this.tail - 1;
    if (last < this.head) return 0;
    return (this.offsets[this.head] as number) + (this.offsets[last] as number) + (this.values[last] as number);
  }

  /** Time of the point with sequence number `seq` (must be retained). */
  timeAt(seq: number): number {
    return this.base + (this.offsets[this.head + seq - this.firstSeq] as number);
  }

  /** Value of the point with sequence number `seq` (must be retained). */
  valueAt(seq: number): number {
    return this.values[this.head + seq - this.firstSeq] as number;
  }

  /**
   * Appends a point. When the arrays are full, first drops points older than `dropBefore` whose sequence
   * number is below `keepFromSeq` (they are sealed and out of the hot window), then grows if still needed.
   * Returns the time of the newest dropped point, or undefined when none was dropped.
   */
  push(t: number, v: number, dropBefore: number, keepFromSeq: number): number | undefined {
    let dropped: number | undefined;
    if (this.length === 0) this.base = t;
    if (this.tail === this.offsets.length || t - this.base > 0x7fffffff) dropped = this.makeRoom(dropBefore, keepFromSeq, t);
    this.offsets[this.tail] = t - this.base;
    this.values[this.tail] = v;
    this.tail++;
    return dropped;
  }

  /**
   * Sequence number of the first point with time ≥ `t` (endSeq when none). A series is polled at a steady
   * interval, so the position is first guessed from the times of the oldest and newest points and checked
   * against its neighbours: a window's start is found with three or four reads of the times instead of a
   * bisection's ten scattered ones (each a cache miss when a cycle walks 100,000 series). Irregular series
   * fall back to bisection.
   */
  seqAtOrAfter(t: number): number {
    const offsets = this.offsets;
    const head = this.head;
    const last = this.tail - 1;
    const target = t - this.base;
    if (last < head || (offsets[head] as number) >= target) return this.firstSeq;
    const newest = offsets[last] as number;
    if (newest < target) return this.firstSeq + last + 1 - head;
    // Here offsets[head] < target ≤ newest: the answer lies in (head, last].
    const oldest = offsets[head] as number;
    const guess = head + Math.ceil(((last - head) * (target - oldest)) / (newest - oldest));
    const at = this.probe(guess, target, head + 1, last);
    return this.firstSeq + at - head;
  }

  /** The first index in [lo, hi] whose time is ≥ `target` (offsets[hi] is), starting a few steps around `guess`. */
  private probe(guess: number, target: number, lo: number, hi: number): number {
    const offsets = this.offsets;
    let i = Math.min(hi, Math.max(lo, guess));
    for (let step = 0; step < 4; step++) {
      if ((offsets[i] as number) < target) {
        if (i === hi) break;
        i++;
      } else if (i > lo && (offsets[i - 1] as number) >= target) {
        i--;
      } else {
        return i;
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((offsets[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Copies points [fromSeq, toSeq) into new arrays. */
  slice(fromSeq: number, toSeq: number): { t: Float64Array; v: Float64Array } {
    const n = Math.max(0, toSeq - fromSeq);
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    this.copyTo(fromSeq, toSeq, t, v, 0);
    return { t, v };
  }

  /** Copies points [fromSeq, toSeq) into `t`/`v` from index `at`; returns the index after the last one. */
  copyTo(fromSeq: number, toSeq: number, t: Float64Array, v: Float64Array, at: number): number {
    const start = this.head + fromSeq - this.firstSeq;
    const n = Math.max(0, toSeq - fromSeq);
    const offsets = this.offsets;
    const base = this.base;
    const values = this.values;
    for (let i = 0; i < n; i++) t[at + i] = base + (offsets[start + i] as number);
    // A short run by a loop: a view per copy was most of what a rule's scan of 50 short windows allocated.
    // A long one (forensics reads hours) by set(), a block copy several times faster than the loop.
    if (n <= SHORT_COPY) for (let i = 0; i < n; i++) v[at + i] = values[start + i] as number;
    else v.set(values.subarray(start, start + n), at);
    return at + n;
  }

  /** Prepends older points (loaded from disk at start-up) to an empty buffer. */
  load(t: ArrayLike<number>, v: ArrayLike<number>): void {
    if (this.length !== 0) throw new Error('SeriesBuffer.load needs an empty buffer');
    for (let i = 0; i < t.length; i++) this.push(t[i] as number, v[i] as number, -Infinity, 0);
  }

  /** Bytes held by the arrays. */
  get byteSize(): number {
    return this.offsets.byteLength + this.values.byteLength;
  }

  private makeRoom(dropBefore: number, keepFromSeq: number, incoming: number): number | undefined {
    let keep = this.head;
    const limitByTime = dropBefore - this.base;
    const limitBySeq = this.head + keepFromSeq - this.firstSeq;
    while (keep < this.tail && keep < limitBySeq && (this.offsets[keep] as number) < limitByTime) keep++;
    const dropped = keep > this.head ? this.base + (this.offsets[keep - 1] as number) : undefined;
    const retained = this.tail - keep;
    const newBase = retained > 0 ? this.base + (this.offsets[keep] as number) : incoming;
    // While the buffer is still filling (nothing could be dropped) double, so a new series reallocates a few
    // times only. Once it drops points it is at its steady size: keep a quarter of slack (compaction then
    // copies about four points per push) and shrink arrays left large by the filling phase or a burst.
    const wanted = retained + 1 + Math.max(8, Math.ceil(retained / 4));
    const current = this.offsets.length;
    let capacity = current;
    if (dropped === undefined) capacity = Math.max(wanted, current < wanted ? current * 2 : current);
    else if (current < wanted || current > 1.5 * wanted) capacity = wanted;
    let values = this.values;
    let offsets = this.offsets;
    if (capacity !== offsets.length) [values, offsets] = columns(capacity);
    const shift = newBase - this.base;
    for (let i = 0; i < retained; i++) offsets[i] = (this.offsets[keep + i] as number) - shift;
    if (values === this.values) values.copyWithin(0, keep, this.tail);
    else values.set(this.values.subarray(keep, this.tail));
    this.firstSeq += keep - this.head;
    this.offsets = offsets;
    this.values = values;
    this.base = newBase;
    this.head = 0;
    this.tail = retained;
    return dropped;
  }
}

/**
 * Values and time offsets for `capacity` points in one allocation, values first: a read of a series' window
 * touches one block of memory instead of two allocated apart (with 100,000 series, each a page-table and
 * cache miss).
 */
function columns(capacity: number): [Float64Array, Int32Array] {
  const memory = new ArrayBuffer(capacity * 12);
  return [new Float64Array(memory, 0, capacity), new Int32Array(memory, capacity * 8, capacity)];
}
