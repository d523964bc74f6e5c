import { type Labels, parseSeriesKey, type SeriesKey } from './labels.js';
import type { Sample } from './sample.js';
import type { AppendResult, SampleAppender } from './ports/sample-appender.js';
import { NocError } from './noc-error.js';
import { type Aggregation, type LatestSample, MAX_POINTS_PER_SERIES, type SeriesInfo, type SeriesPoints, type SeriesQuerier, type TimeRange } from './ports/series-querier.js';
import { type CompiledSelector, compileSelector, type SeriesSelector } from './selector.js';

const DEFAULT_LOOKBACK_MS = 5 * 60_000;

interface MemorySeries extends SeriesInfo {
  readonly t: number[];
  readonly v: number[];
}

/** Index of the first time `>= at` (or `> at` when not `inclusive`) in ascending `t`; `t.length` when none. */
function firstFrom(t: readonly number[], at: number, inclusive = true): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const time = t[mid] as number;
    if (time < at || (!inclusive && time === at)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function aggregateValues(values: readonly number[], fn: Aggregation): number {
  switch (fn) {
    case 'avg':
      return values.reduce((sum, x) => sum + x, 0) / values.length;
    case 'min':
      return values.reduce((min, x) => Math.min(min, x), Infinity);
    case 'max':
      return values.reduce((max, x) => Math.max(max, x), -Infinity);
    case 'sum':
      return values.reduce((sum, x) => sum + x, 0);
    case 'count':
      return values.length;
    case 'last':
      return values[values.length - 1] as number;
  }
}

/**
 * A series store held in plain arrays: the reference implementation of the store ports, for tests of
 * rules, forensics and reports and for `noc test-rules`. It passes the same contract suite as the real stores.
 */
export class MemorySeriesStore implements SampleAppender, SeriesQuerier {
  private readonly byKey = new Map<SeriesKey, MemorySeries>();
  /** The series of each metric, so a selector naming one (as every rule's does) looks at those only. */
  private readonly byMetric = new Map<string, MemorySeries[]>();
  private readonly compiled = new WeakMap<SeriesSelector, CompiledSelector>();

  /** Appends samples; one older than or equal to its series' newest is rejected, as in every store. */
  append(samples: readonly Sample[]): Promise<AppendResult> {
    let accepted = 0;
    let rejected = 0;
    for (const sample of samples) {
      let series = this.byKey.get(sample.series);
      if (series === undefined) {
        const { metric, labels } = parseSeriesKey(sample.series);
        series = { key: sample.series, metric, labels, t: [], v: [] };
        this.byKey.set(sample.series, series);
        const sameMetric = this.byMetric.get(metric);
        if (sameMetric) sameMetric.push(series);
        else this.byMetric.set(metric, [series]);
      }
      const newest = series.t[series.t.length - 1];
      if (newest !== undefined && sample.t <= newest) {
        rejected++;
        continue;
      }
      series.t.push(sample.t);
      series.v.push(sample.v);
      accepted++;
    }
    return Promise.resolve({ accepted, rejected });
  }

  series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    const found = this.matching(selector).filter((s) => range === undefined || (s.t[firstFrom(s.t, range.from)] ?? Infinity) <= range.to);
    return Promise.resolve(found.map(({ key, metric, labels }) => ({ key, metric, labels })));
  }

  latest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}): Promise<LatestSample[]> {
    const at = options.at ?? Date.now();
    const lookback = options.lookback ?? DEFAULT_LOOKBACK_MS;
    const out: LatestSample[] = [];
    for (const series of this.matching(selector)) {
      let index = series.t.length - 1;
      while (index >= 0 && (series.t[index] as number) > at) index--;
      if (index < 0 || (series.t[index] as number) < at - lookback) continue;
      out.push({ key: series.key, metric: series.metric, labels: series.labels, t: series.t[index] as number, v: series.v[index] as number });
    }
    return Promise.resolve(out);
  }

  range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    const out: SeriesPoints[] = [];
    for (const series of this.matching(selector)) {
      const start = firstFrom(series.t, range.from);
      const end = firstFrom(series.t, range.to, false);
      if (end > start) out.push(points(series, series.t.slice(start, end), series.v.slice(start, end)));
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
      const buckets = new Map<number, number[]>();
      series.t.forEach((time, i) => {
        const bucket = Math.floor(time / step) * step;
        if (bucket < first || bucket > last) return;
        const values = buckets.get(bucket) ?? [];
        values.push(series.v[i] as number);
        buckets.set(bucket, values);
      });
      const starts = [...buckets.keys()].sort((a, b) => a - b);
      if (starts.length > 0) out.push(points(series, starts, starts.map((start) => aggregateValues(buckets.get(start) as number[], fn))));
    }
    return Promise.resolve(out);
  }

  private matching(selector: SeriesSelector): MemorySeries[] {
    let compiled = this.compiled.get(selector);
    if (compiled === undefined) {
      compiled = compileSelector(selector);
      this.compiled.set(selector, compiled);
    }
    const candidates = selector.metric === undefined ? [...this.byKey.values()] : (this.byMetric.get(selector.metric) ?? []);
    return candidates.filter((series) => (compiled as CompiledSelector).matches(series.metric, series.labels as Labels));
  }
}

function points(series: SeriesInfo, t: number[], v: number[]): SeriesPoints {
  return { key: series.key, metric: series.metric, labels: series.labels, t: Float64Array.from(t), v: Float64Array.from(v) };
}
