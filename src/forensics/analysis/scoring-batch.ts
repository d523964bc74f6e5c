import type { SummaryStatistics } from '../statistics/summary-statistics.js';
import type { PreparedSeries } from './prepare-series.js';
import type { SeriesScoring } from './score-series.js';

/** Numbers one series' scoring takes in a batch's results: six scores and seven statistics per side. */
const RESULT_STRIDE = 20;
/** Numbers per series in the index: offset of its values, their count, the window split, rated (0/1). */
const INDEX_STRIDE = 4;

/** Where a batch is: queued for a thread, claimed by the thread that scores it (either side), scored. */
const QUEUED = 0;
const CLAIMED = 1;
const SCORED = 2;

/** What crosses to a scoring thread: every buffer is shared memory, so posting it copies nothing. */
export interface ScoringBatchMemory {
  /** [0]: the batch's {@link BatchState}. */
  readonly control: Int32Array;
  readonly index: Int32Array;
  /** Times then values of each series, back to back. */
  readonly data: Float64Array;
  readonly results: Float64Array;
  readonly count: number;
}

/**
 * Prepared series packed into shared memory to be scored on another thread, with room for their results.
 * Filled on one thread, scored on another, read back on the first; reused from one batch to the next.
 */
export class ScoringBatch {
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly index: Int32Array;
  private readonly data: Float64Array;
  private readonly results: Float64Array;
  private used = 0;
  /** Number of series packed. */
  count = 0;

  constructor(
    readonly maxSeries: number,
    readonly maxNumbers: number,
  ) {
    this.index = new Int32Array(new SharedArrayBuffer(maxSeries * INDEX_STRIDE * 4));
    this.data = new Float64Array(new SharedArrayBuffer(maxNumbers * 8));
    this.results = new Float64Array(new SharedArrayBuffer(maxSeries * RESULT_STRIDE * 8));
  }

  /** Packs a copy of the series; false when it does not fit (the batch is full). */
  add(series: PreparedSeries): boolean {
    const n = series.v.length;
    if (this.count === this.maxSeries || this.used + 2 * n > this.maxNumbers) return false;
    const at = this.count * INDEX_STRIDE;
    this.index[at] = this.used;
    this.index[at + 1] = n;
    this.index[at + 2] = series.split;
    this.index[at + 3] = series.rated ? 1 : 0;
    this.data.set(series.t, this.used);
    this.data.set(series.v, this.used + n);
    this.used += 2 * n;
    this.count++;
    return true;
  }

  /** The shared buffers, to post to a scoring thread; marks the batch as queued. */
  memory(): ScoringBatchMemory {
    Atomics.store(this.control, 0, QUEUED);
    return this.view();
  }

  /**
   * Takes a queued batch back to score it on this thread; false when its scoring thread got to it first.
   * Once scored here, {@link markScoredHere} tells the pool its thread is free of it.
   */
  claimBack(): ScoringBatchMemory | undefined {
    return claim(this.view()) ? this.view() : undefined;
  }

  /** Marks a batch taken back with {@link claimBack} as scored. */
  markScoredHere(): void {
    Atomics.store(this.control, 0, SCORED);
  }

  /** True once every result is written, by the scoring thread or after a claim back. */
  get scored(): boolean {
    return Atomics.load(this.control, 0) === SCORED;
  }

  private view(): ScoringBatchMemory {
    return { control: this.control, index: this.index, data: this.data, results: this.results, count: this.count };
  }

  /** The scoring of series i, once {@link scored}. */
  scoring(i: number): SeriesScoring {
    return readScoring(this.results, i);
  }

  /** Empties the batch for reuse. */
  clear(): void {
    this.used = 0;
    this.count = 0;
  }
}

/** Series i of a batch's memory, as views (no copy). */
export function batchSeries(memory: ScoringBatchMemory, i: number): PreparedSeries {
  const at = i * INDEX_STRIDE;
  const offset = memory.index[at] as number;
  const n = memory.index[at + 1] as number;
  return {
    t: memory.data.subarray(offset, offset + n),
    v: memory.data.subarray(offset + n, offset + 2 * n),
    split: memory.index[at + 2] as number,
    rated: memory.index[at + 3] === 1,
  };
}

/** Writes the scoring of series i and, after the last one, marks the batch scored. */
export function writeScoring(memory: ScoringBatchMemory, i: number, scoring: SeriesScoring): void {
  const r = memory.results;
  let at = i * RESULT_STRIDE;
  const { scores } = scoring;
  r[at++] = scores.ks;
  r[at++] = scores.ksStatistic;
  r[at++] = scores.volume;
  r[at++] = scores.relativeChange;
  r[at++] = scores.levelShift;
  r[at++] = scores.effectSize;
  for (const stats of [scoring.baselineStats, scoring.windowStats]) {
    r[at++] = stats.count;
    r[at++] = stats.mean;
    r[at++] = stats.median;
    r[at++] = stats.p95;
    r[at++] = stats.min;
    r[at++] = stats.max;
    r[at++] = stats.stddev;
  }
}

/** Claims a queued batch for scoring; false when the other side claimed it first. */
export function claim(memory: ScoringBatchMemory): boolean {
  return Atomics.compareExchange(memory.control, 0, QUEUED, CLAIMED) === QUEUED;
}

/** Marks a claimed batch's memory as scored, its results all written. */
export function markScored(memory: ScoringBatchMemory): void {
  Atomics.store(memory.control, 0, SCORED);
}

function readScoring(r: Float64Array, i: number): SeriesScoring {
  let at = i * RESULT_STRIDE;
  const scores = {
    ks: r[at++] as number,
    ksStatistic: r[at++] as number,
    volume: r[at++] as number,
    relativeChange: r[at++] as number,
    levelShift: r[at++] as number,
    effectSize: r[at++] as number,
  };
  const stats = (): SummaryStatistics => ({
    count: r[at++] as number,
    mean: r[at++] as number,
    median: r[at++] as number,
    p95: r[at++] as number,
    min: r[at++] as number,
    max: r[at++] as number,
    stddev: r[at++] as number,
  });
  const baselineStats = stats();
  const windowStats = stats();
  return { scores, baselineStats, windowStats };
}
