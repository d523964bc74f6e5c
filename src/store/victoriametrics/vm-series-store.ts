import {
  type Aggregation,
  type AppendResult,
  type Clock,
  type LatestSample,
  type Logger,
  MAX_POINTS_PER_SERIES,
  NocError,
  type Sample,
  type SampleAppender,
  type SeriesAggregates,
  type SeriesInfo,
  type SeriesKey,
  type SeriesPoints,
  type SeriesQuerier,
  type SeriesSelector,
  type StoreHealth,
  type StoreStats,
  silentLogger,
  systemClock,
  type TimeRange,
} from '../../core/index.js';
import { LineAppender } from '../remote/line-appender.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../remote/retry-with-backoff.js';
import { aggregateBuckets, type BucketAggregates } from './bucket-aggregate.js';
import { escapeRegex, vmNamesSelector, vmSeriesSelector } from './metricsql-selector.js';
import { byKey } from './vm-result.js';
import { VmSelectClient } from './vm-select-client.js';
import { VmWriter } from './vm-writer.js';

/** How to reach VictoriaMetrics: a single node gives the same URL twice; a cluster vminsert's and vmselect's. */
export interface VictoriaMetricsSeriesStoreOptions {
  /** Writes go to `${insertUrl}/api/v2/write` (single node: its URL; cluster: `http://vminsert:8480/insert/0/influx`). */
  readonly insertUrl: string;
  /** Reads go to `${selectUrl}/api/v1/…` (single node: its URL; cluster: `http://vmselect:8481/select/0/prometheus`). */
  readonly selectUrl: string;
  /** "Now" of the callers (default time of `latest`). */
  readonly clock?: Clock;
  /** The server's real time, which decides the recent buckets it may still adjust (default: the system clock). */
  readonly serverClock?: Clock;
  readonly log?: Logger;
  /** Per request, default 10 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Lines per write request, default 5000. */
  readonly batchLines?: number;
  /** Bodies above this many bytes are gzipped, default 1000. */
  readonly gzipThreshold?: number;
  /** Read each metric's newest times from the server before its first write (default true). */
  readonly seedFromServer?: boolean;
  /**
   * Aggregate buckets starting less than this long before the server's now are computed from raw samples:
   * `query_range` rewrites points within `-search.latencyOffset` of now (default 5 minutes).
   */
  readonly recentMarginMs?: number;
  /**
   * Aggregates spanning at most this long are computed from raw samples in one export, which measured faster
   * than a range query per function up to about a day of minute data (default 6 hours; 0: always the server).
   */
  readonly rawAggregateSpanMs?: number;
}

const DEFAULT_LOOKBACK_MS = 5 * 60_000;
const DAY = 86_400_000;
/** The window in which the newest sample of a metric is looked up before its first write. */
const SEED_WINDOW_MS = 3650 * DAY;
const ROLLUP: Record<Aggregation, string> = {
  avg: 'avg_over_time',
  min: 'min_over_time',
  max: 'max_over_time',
  sum: 'sum_over_time',
  count: 'count_over_time',
  last: 'last_over_time',
};

/**
 * The time-series store on VictoriaMetrics. Writes are line protocol (metric → measurement, labels → tags,
 * field `value`, or `special` for NaN/±Inf), so VictoriaMetrics names the series `metric_value` and
 * `metric_special`; reads map them back. Raw reads use `/api/v1/export`; aggregates use `query_range` with
 * `*_over_time(m[step] offset -(step-1)ms)` evaluated at bucket starts, which covers exactly [b, b + step),
 * except for series holding NaN/±Inf and for recent buckets, computed from raw samples.
 * VictoriaMetrics keeps about 12 significant digits and no sign of zero.
 */
export class VictoriaMetricsSeriesStore implements SampleAppender, SeriesQuerier, StoreHealth {
  private readonly clock: Clock;
  private readonly serverClock: Clock;
  private readonly log: Logger;
  private readonly recentMarginMs: number;
  private readonly rawAggregateSpanMs: number;
  private readonly writer: VmWriter;
  private readonly reader: VmSelectClient;
  private readonly appender: LineAppender;
  private closed = false;

  constructor(options: VictoriaMetricsSeriesStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.serverClock = options.serverClock ?? systemClock;
    this.log = (options.log ?? silentLogger).child({ component: 'victoriametrics-store' });
    const batchLines = options.batchLines ?? 5000;
    this.recentMarginMs = options.recentMarginMs ?? 5 * 60_000;
    this.rawAggregateSpanMs = options.rawAggregateSpanMs ?? 6 * 3_600_000;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const now = (): number => this.clock.now();
    this.writer = new VmWriter({ insertUrl: options.insertUrl, timeoutMs, gzipThreshold: options.gzipThreshold ?? 1000, batchLines, now });
    this.reader = new VmSelectClient({ selectUrl: options.selectUrl, timeoutMs, now });
    this.appender = new LineAppender({
      server: 'VictoriaMetrics',
      write: (lines) => this.writer.write(lines),
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      batchLines,
      ...(options.seedFromServer === false ? {} : { newestOnServer: (metrics) => this.newestOnServer(metrics) }),
      log: this.log,
    });
  }

  /** Writes the batch (out-of-order samples refused and counted); resolves once VictoriaMetrics answered 204. */
  async append(samples: readonly Sample[]): Promise<AppendResult> {
    if (this.closed) throw new NocError('unavailable', 'the VictoriaMetrics store is closed');
    return this.appender.append(samples);
  }

  /** Series matching `selector`; with `range`, only those with samples in it (counted by the server). */
  async series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    const match = vmSeriesSelector(selector);
    const found =
      range === undefined
        ? (await this.reader.series(match, 1000, Math.max(this.clock.now(), this.serverClock.now()) + DAY)).map(({ info }) => info)
        : (await this.reader.query(`count_over_time(${match}[${range.to - range.from + 1}ms]) keep_metric_names`, range.to)).map(({ info }) => info);
    return byKey([...new Map(found.map((info) => [info.key, info])).values()]);
  }

  /** The newest sample in [at - lookback, at] of each matching series. */
  async latest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}): Promise<LatestSample[]> {
    const at = options.at ?? this.clock.now();
    const points = await this.reader.export(vmSeriesSelector(selector), at - (options.lookback ?? DEFAULT_LOOKBACK_MS), at);
    return points.map(({ key, metric, labels, t, v }) => ({ key, metric, labels, t: t[t.length - 1] as number, v: v[v.length - 1] as number }));
  }

  /** Raw samples in [from, to], ascending. */
  async range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    return this.reader.export(vmSeriesSelector(selector), range.from, range.to);
  }

  /** `fn` per step bucket aligned to multiples of `step` since the epoch, for buckets with samples. */
  async aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]> {
    const many = await this.aggregateMany(selector, range, step, [fn]);
    return many.map(({ key, metric, labels, t, values }) => ({ key, metric, labels, t, v: values[fn] as Float64Array }));
  }

  /**
   * Several aggregations over the same buckets: short spans and recent buckets from one raw export, the rest
   * with one range query per function, run in parallel.
   */
  async aggregateMany(selector: SeriesSelector, range: TimeRange, step: number, fns: readonly Aggregation[]): Promise<SeriesAggregates[]> {
    if (!(step > 0) || !Number.isInteger(step)) throw new NocError('bad_request', `step must be a positive whole number of ms, got ${step}`);
    const first = Math.floor(range.from / step) * step;
    const lastBucket = Math.floor(range.to / step) * step;
    const buckets = (lastBucket - first) / step + 1;
    if (buckets > MAX_POINTS_PER_SERIES) {
      throw new NocError('bad_request', `step ${step} ms over this range gives ${buckets} points; at most ${MAX_POINTS_PER_SERIES} per series`);
    }
    const wanted = [...new Set(fns)];
    if (wanted.length === 0) return [];
    const end = lastBucket + step;
    const recent = Math.floor((this.serverClock.now() - this.recentMarginMs) / step) * step;
    const recentFrom = end - first <= this.rawAggregateSpanMs ? first : Math.max(first, Math.min(end, recent));
    const [server, raw] = await Promise.all([
      recentFrom > first ? this.serverBuckets(selector, first, recentFrom, step, wanted) : new Map<string, SeriesBuckets>(),
      recentFrom < end ? this.clientBuckets(selector, recentFrom, end, step, wanted) : new Map<string, SeriesBuckets>(),
    ]);
    const out: SeriesAggregates[] = [];
    for (const key of new Set([...server.keys(), ...raw.keys()])) {
      const parts = [server.get(key), raw.get(key)].filter((part): part is SeriesBuckets => part !== undefined);
      const info = (parts[0] as SeriesBuckets).info;
      const values: Partial<Record<Aggregation, Float64Array>> = {};
      for (const fn of wanted) values[fn] = Float64Array.from(parts.flatMap((part) => part.buckets.values[fn] ?? []));
      out.push({ ...info, t: Float64Array.from(parts.flatMap((part) => part.buckets.t)), values });
    }
    return byKey(out);
  }

  /** Counters of this process's writes (chunk and disk figures are the server's, reported as 0). */
  stats(): StoreStats {
    return this.appender.stats();
  }

  /** True until close. */
  ready(): boolean {
    return !this.closed;
  }

  /** Stops writing; pending appends have already resolved or rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close();
  }

  /** Buckets in [first, end) from `query_range`, with series holding NaN/±Inf there redone from raw samples. */
  private async serverBuckets(selector: SeriesSelector, first: number, end: number, step: number, fns: readonly Aggregation[]): Promise<Map<string, SeriesBuckets>> {
    const values = vmSeriesSelector(selector, ['value']);
    const offset = step > 1 ? ` offset -${step - 1}ms` : '';
    const [specials, ...answers] = await Promise.all([
      this.reader.export(vmSeriesSelector(selector, ['special']), first, end - 1),
      ...fns.map((fn) => this.reader.queryRange(`${ROLLUP[fn]}(${values}[${step}ms]${offset}) keep_metric_names`, first, end - step, step)),
    ]);
    const out = new Map<string, SeriesBuckets>();
    fns.forEach((fn, i) => {
      for (const series of answers[i] ?? []) {
        const entry = out.get(series.info.key) ?? { info: series.info, buckets: { t: series.t, values: {} } };
        entry.buckets.values[fn] = series.v;
        out.set(series.info.key, entry);
      }
    });
    if (specials.length > 0) {
      const metrics = [...new Set(specials.map((series) => series.metric))].map(escapeRegex).join('|');
      const narrowed: SeriesSelector = { ...selector, matchers: [...selector.matchers, { name: '__name__', op: '=~', value: metrics }] };
      const exact = await this.clientBuckets(narrowed, first, end, step, fns);
      for (const { key } of specials) {
        const redone = exact.get(key);
        if (redone !== undefined) out.set(key, redone);
      }
    }
    return out;
  }

  /** Buckets in [first, end) computed here from the raw samples of `/api/v1/export`. */
  private async clientBuckets(selector: SeriesSelector, first: number, end: number, step: number, fns: readonly Aggregation[]): Promise<Map<string, SeriesBuckets>> {
    const out = new Map<string, SeriesBuckets>();
    for (const series of await this.reader.export(vmSeriesSelector(selector), first, end - 1)) {
      const buckets = aggregateBuckets(series.t, series.v, first, end, step, fns);
      if (buckets.t.length > 0) out.set(series.key, { info: { key: series.key, metric: series.metric, labels: series.labels }, buckets });
    }
    return out;
  }

  /** The newest time VictoriaMetrics holds for each series of these metrics. */
  private async newestOnServer(metrics: readonly string[]): Promise<Array<{ key: SeriesKey; t: number }>> {
    const at = Math.max(this.clock.now(), this.serverClock.now()) + DAY;
    const newest = await this.reader.query(`tlast_over_time(${vmNamesSelector(metrics)}[${SEED_WINDOW_MS}ms]) keep_metric_names`, at);
    return newest.flatMap(({ info, v }) => (v[0] === undefined ? [] : [{ key: info.key, t: Math.round((v[0] as number) * 1000) }]));
  }

}

/** One series' buckets with its identity. */
interface SeriesBuckets {
  readonly info: SeriesInfo;
  readonly buckets: BucketAggregates;
}
