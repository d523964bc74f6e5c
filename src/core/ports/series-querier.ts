import type { Labels, SeriesKey } from '../labels.js';
import type { SeriesSelector } from '../selector.js';

/** A closed time interval [from, to] in ms since the Unix epoch. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** A series known to a store. */
export interface SeriesInfo {
  readonly key: SeriesKey;
  readonly metric: string;
  readonly labels: Labels;
}

/** Points of one series: parallel arrays of times (ms) and values, ascending in time. */
export interface SeriesPoints extends SeriesInfo {
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/**
 * Receives the points of one series during a scan. `t` and `v` are valid only during the call: the store
 * reuses them for the next series, so a visitor copies what it keeps.
 */
export type SeriesPointsVisitor = (series: SeriesInfo, t: Float64Array, v: Float64Array) => void;

/** Receives the latest sample of one series during a scan; `series` may be shared by the store, not a copy. */
export type LatestSampleVisitor = (series: SeriesInfo, t: number, v: number) => void;

/** The latest sample of one series. */
export interface LatestSample extends SeriesInfo {
  readonly t: number;
  readonly v: number;
}

/** Aggregations a range query can apply per step bucket. */
export type Aggregation = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last';

/** All aggregations. */
export const AGGREGATIONS: readonly Aggregation[] = ['avg', 'min', 'max', 'sum', 'count', 'last'];

/** Most buckets one aggregate query may return per series (as Prometheus' 11,000-point limit). */
export const MAX_POINTS_PER_SERIES = 11_000;

/** Several aggregations of the same buckets of one series: `values[fn]` parallel to `t` for each asked `fn`. */
export interface SeriesAggregates extends SeriesInfo {
  readonly t: Float64Array;
  readonly values: Readonly<Partial<Record<Aggregation, Float64Array>>>;
}

/** Read side of a time-series store. */
export interface SeriesQuerier {
  /** Series matching `selector`; with `range`, only those with samples in it. */
  series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]>;
  /**
   * The latest sample at or before `at` (default: now) of each matching series, ignoring samples older
   * than `lookback` ms before `at` (default: 5 minutes) — a series that went silent is not "current".
   */
  latest(selector: SeriesSelector, options?: { at?: number; lookback?: number }): Promise<LatestSample[]>;
  /** Raw samples in [from, to] of each matching series that has any. */
  range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]>;
  /**
   * `fn` of the samples in each `step`-ms bucket (aligned to multiples of step since the epoch; `t` is the
   * bucket start), for buckets with samples. Uses rollups when the step allows. Rejects with
   * NocError('bad_request') when the range holds more than {@link MAX_POINTS_PER_SERIES} buckets.
   */
  aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]>;
  /**
   * As {@link aggregate} for several functions over the same buckets, in one read of the data. Optional: a
   * store without it is asked once per function (see {@link aggregateEach}).
   */
  aggregateMany?(selector: SeriesSelector, range: TimeRange, step: number, fns: readonly Aggregation[]): Promise<SeriesAggregates[]>;
  /**
   * As {@link range}, but hands each series with points to `visit` in turn (same series, points and order)
   * instead of returning them all, so a reader that consumes one series at a time holds no copy of the
   * range. Optional: a store without it is read with `range` (see {@link scanRange}).
   */
  scanRange?(selector: SeriesSelector, range: TimeRange, visit: SeriesPointsVisitor): Promise<void>;
  /**
   * As {@link latest}, but hands each series' latest sample to `visit` in turn (same series, samples and
   * order) instead of returning them as objects. Optional: a store without it is read with `latest` (see
   * {@link scanLatest}).
   */
  scanLatest?(selector: SeriesSelector, options: { at?: number; lookback?: number } | undefined, visit: LatestSampleVisitor): Promise<void>;
  /**
   * Every label name that a series of `metric` known to the store carries (a set that only grows, at least
   * as long as the store runs), or undefined when the store cannot tell. Optional: a hint that lets a reader
   * rule out a label on all of a metric's series without reading theirs.
   */
  labelNames?(metric: string): ReadonlySet<string> | undefined;
}

/** Several aggregations of each matching series: in one read when the store can, else one query per function. */
export async function aggregateEach(
  querier: SeriesQuerier,
  selector: SeriesSelector,
  range: TimeRange,
  step: number,
  fns: readonly Aggregation[],
): Promise<SeriesAggregates[]> {
  if (querier.aggregateMany !== undefined) return querier.aggregateMany(selector, range, step, fns);
  const byKey = new Map<string, { info: SeriesInfo; t: Float64Array; values: Partial<Record<Aggregation, Float64Array>> }>();
  for (const fn of fns) {
    for (const series of await querier.aggregate(selector, range, step, fn)) {
      const entry = byKey.get(series.key) ?? { info: series, t: series.t, values: {} };
      entry.values[fn] = series.v;
      byKey.set(series.key, entry);
    }
  }
  return [...byKey.values()].map(({ info: { key, metric, labels }, t, values }) => ({ key, metric, labels, t, values }));
}

/** Visits the latest sample of each matching series: streamed when the store can, else from one `latest` query. */
export async function scanLatest(querier: SeriesQuerier, selector: SeriesSelector, options: { at?: number; lookback?: number } | undefined, visit: LatestSampleVisitor): Promise<void> {
  if (querier.scanLatest !== undefined) return querier.scanLatest(selector, options, visit);
  for (const sample of await querier.latest(selector, options)) visit(sample, sample.t, sample.v);
}

/** Visits the raw points of each matching series: streamed when the store can, else from one `range` query. */
export async function scanRange(querier: SeriesQuerier, selector: SeriesSelector, range: TimeRange, visit: SeriesPointsVisitor): Promise<void> {
  if (querier.scanRange !== undefined) return querier.scanRange(selector, range, visit);
  for (const series of await querier.range(selector, range)) {
    const { key, metric, labels } = series;
    visit({ key, metric, labels }, series.t, series.v);
  }
}
