import {
  type Aggregation,
  type AppendResult,
  type Clock,
  type CompiledSelector,
  compileSelector,
  firstIndexAfter,
  firstIndexAtOrAfter,
  type LatestSample,
  MAX_POINTS_PER_SERIES,
  NocError,
  parseSeriesKey,
  type Sample,
  type SampleAppender,
  type SeriesInfo,
  type SeriesKey,
  type SeriesPoints,
  type SeriesQuerier,
  type SeriesSelector,
  type TimeRange,
} from '../../core/index.js';

const DEFAULT_LOOKBACK_MS = 5 * 60_000;

interface HotSeries extends SeriesInfo {
  t: number[];
  v: number[];
  /** Index of the first point still in the window: pruning moves it, compaction resets it. */
  start: number;
  /** Time of the newest sample ever accepted, kept after its point is pruned, for the order check. */
  newest: number;
}

/** A batch split by the order check. */
export interface CheckedBatch {
  readonly accepted: Sample[];
  readonly rejected: number;
}

/**
 * The recent samples of every series, in memory: what the alerter reads while the remote store is away, and
 * the samples not yet flushed to it. Holds the last `windowMs` of samples, pruned as the clock moves; it
 * answers for ranges starting at or after {@link coveredSince} (since it was created, at most `windowMs` back).
 */
export class HotWindow implements SampleAppender, SeriesQuerier {
  private readonly byKey = new Map<SeriesKey, HotSeries>();
  private readonly byMetric = new Map<string, HotSeries[]>();
  private readonly compiled = new WeakMap<SeriesSelector, CompiledSelector>();
  private readonly createdAt: number;
  private lastPrune: number;
  private pointCount = 0;
  private readonly pruneEveryMs: number;

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {
    if (!(windowMs > 0)) throw new NocError('bad_request', `hot window must be a positive duration in ms, got ${windowMs}`);
    this.createdAt = clock.now();
    this.lastPrune = this.createdAt;
    // Pruning walks every series; once per 1/60 of the window (at most a minute) keeps memory within ~2 %.
    this.pruneEveryMs = Math.max(1, Math.min(60_000, windowMs / 60));
  }

  /** Start of the span this window answers for in full: max(creation, now − window). */
  coveredSince(now: number = this.clock.now()): number {
    return Math.max(this.createdAt, now - this.windowMs);
  }

  /** Series held (with or without points in the window). */
  get seriesCount(): number {
    return this.byKey.size;
  }

  /** Points held. */
  get points(): number {
    return this.pointCount;
  }

  /** Splits a batch into the samples newer than their series' newest (also within the batch) and a count of the rest. */
  check(samples: readonly Sample[]): CheckedBatch {
    const accepted: Sample[] = [];
    let rejected = 0;
    const newestInBatch = new Map<SeriesKey, number>();
    for (const sample of samples) {
      const newest = newestInBatch.get(sample.series) ?? this.byKey.get(sample.series)?.newest;
      if (newest !== undefined && !(sample.t > newest)) {
        rejected++;
        continue;
      }
      newestInBatch.set(sample.series, sample.t);
      accepted.push(sample);
    }
    return { accepted, rejected };
  }

  /** Adds samples that passed {@link check}; those already older than the window only move the series' newest. */
  insert(samples: readonly Sample[]): void {
    const now = this.clock.now();
    const horizon = now - this.windowMs;
    for (const sample of samples) {
      const series = this.seriesOf(sample.series);
      series.newest = sample.t;
      if (sample.t < horizon) continue;
      series.t.push(sample.t);
      series.v.push(sample.v);
      this.pointCount++;
    }
    if (now - this.lastPrune >= this.pruneEveryMs) this.prune(now);
  }

  /** Appends with the order check of every store: a sample not newer than its series' newest is rejected. */
  append(samples: readonly Sample[]): Promise<AppendResult> {
    const { accepted, rejected } = this.check(samples);
    this.insert(accepted);
    return Promise.resolve({ accepted: accepted.length, rejected });
  }

  /** Forgets points older than `now − window`. */
  prune(now: number = this.clock.now()): void {
    this.lastPrune = now;
    const horizon = now - this.windowMs;
    for (const series of this.byKey.values()) {
      const start = firstIndexAtOrAfter(series.t, horizon);
      if (start <= series.start) continue;
      this.pointCount -= start - series.start;
      series.start = start;
      if (start >= 1024 && start * 2 >= series.t.length) {
        series.t.splice(0, start);
        series.v.splice(0, start);
        series.start = 0;
      }
    }
  }

  series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    const found = this.matching(selector).filter((series) => {
      const [from, to] = range === undefined ? [series.start, series.t.length] : this.indexRange(series, range.from, range.to);
      return to > from;
    });
    return Promise.resolve(found.map(info));
  }

  latest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}): Promise<LatestSample[]> {
    const at = options.at ?? this.clock.now();
    const lookback = options.lookback ?? DEFAULT_LOOKBACK_MS;
    const out: LatestSample[] = [];
    for (const series of this.matching(selector)) {
      const index = firstIndexAfter(series.t, at) - 1;
      if (index < series.start || (series.t[index] as number) < at - lookback) continue;
      out.push({ ...info(series), t: series.t[index] as number, v: series.v[index] as number });
    }
    return Promise.resolve(out);
  }

  range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    const out: SeriesPoints[] = [];
    for (const series of this.matching(selector)) {
      const [from, to] = this.indexRange(series, range.from, range.to);
      if (to > from) out.push({ ...info(series), t: Float64Array.from(series.t.slice(from, to)), v: Float64Array.from(series.v.slice(from, to)) });
    }
    return Promise.resolve(out);
  }

  aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]> {
    const first = Math.floor(range.from / step) * step;
    const last = Math.floor(range.to / step) * step;
    const buckets = (last - first) / step + 1;
    if (buckets > MAX_POINTS_PER_SERIES) {
      return Promise.reject(new NocError('bad_request', `step ${step} ms over this range gives ${buckets} points; at most ${MAX_POINTS_PER_SERIES} per series`));
    }
    const out: SeriesPoints[] = [];
    for (const series of this.matching(selector)) {
      // Whole buckets, as every store answers: the first and last may reach outside [from, to].
      const [from, to] = this.indexRange(series, first, last + step - 1);
      const starts: number[] = [];
      const values: number[] = [];
      let i = from;
      while (i < to) {
        const bucket = Math.floor((series.t[i] as number) / step) * step;
        let end = i + 1;
        while (end < to && Math.floor((series.t[end] as number) / step) * step === bucket) end++;
        starts.push(bucket);
        values.push(aggregateValues(series.v, i, end, fn));
        i = end;
      }
      if (starts.length > 0) out.push({ ...info(series), t: Float64Array.from(starts), v: Float64Array.from(values) });
    }
    return Promise.resolve(out);
  }

  /** Index range [from, to) of the live points of `series` with times in [fromTime, toTime]. */
  private indexRange(series: HotSeries, fromTime: number, toTime: number): [number, number] {
    return [Math.max(series.start, firstIndexAtOrAfter(series.t, fromTime)), firstIndexAfter(series.t, toTime)];
  }

  private seriesOf(key: SeriesKey): HotSeries {
    let series = this.byKey.get(key);
    if (series === undefined) {
      const { metric, labels } = parseSeriesKey(key);
      series = { key, metric, labels, t: [], v: [], start: 0, newest: -Infinity };
      this.byKey.set(key, series);
      const sameMetric = this.byMetric.get(metric);
      if (sameMetric) sameMetric.push(series);
      else this.byMetric.set(metric, [series]);
    }
    return series;
  }

  private matching(selector: SeriesSelector): HotSeries[] {
    let compiled = this.compiled.get(selector);
    if (compiled === undefined) {
      compiled = compileSelector(selector);
      this.compiled.set(selector, compiled);
    }
    const matcher = compiled;
    const candidates = selector.metric === undefined ? [...this.byKey.values()] : (this.byMetric.get(selector.metric) ?? []);
    return candidates.filter((series) => matcher.matches(series.metric, series.labels));
  }
}

function info(series: HotSeries): SeriesInfo {
  return { key: series.key, metric: series.metric, labels: series.labels };
}

/** `fn` of values[from], …, values[to − 1] (to > from), with the same arithmetic as the reference store. */
function aggregateValues(values: readonly number[], from: number, to: number, fn: Aggregation): number {
  let acc: number;
  switch (fn) {
    case 'count':
      return to - from;
    case 'last':
      return values[to - 1] as number;
    case 'min':
      acc = Infinity;
      for (let i = from; i < to; i++) acc = Math.min(acc, values[i] as number);
      return acc;
    case 'max':
      acc = -Infinity;
      for (let i = from; i < to; i++) acc = Math.max(acc, values[i] as number);
      return acc;
    case 'sum':
    case 'avg':
      acc = 0;
      for (let i = from; i < to; i++) acc += values[i] as number;
      return fn === 'sum' ? acc : acc / (to - from);
  }
}
