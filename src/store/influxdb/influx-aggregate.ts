import { type Aggregation, type SeriesAggregates, type SeriesInfo, type SeriesSelector } from '../../core/index.js';
import { foldBucket } from '../remote/fold-bucket.js';
import { decodeSampleValue, SPECIAL_FIELD, VALUE_FIELD } from '../remote/line-protocol.js';
import { fromClause, labelConditions, quoteIdentifier, whereClause } from './influxql.js';
import type { InfluxQueryClient, InfluxResultSeries } from './influx-query-client.js';
import { byKey, columnIndex, numberCell, seriesInfoOf } from './influx-result.js';

/** One aggregate query: whole buckets [first, first + buckets × step). */
export interface BucketQuery {
  readonly measurements: readonly string[];
  readonly selector: SeriesSelector;
  readonly first: number;
  readonly buckets: number;
  readonly step: number;
  readonly fns: readonly Aggregation[];
}

const INFLUX_FUNCTION: Record<Aggregation, string> = { avg: 'mean', min: 'min', max: 'max', sum: 'sum', count: 'count', last: 'last' };
const PRESENCE = '__count';

type Buckets = Map<number, Partial<Record<Aggregation, number>>>;

/**
 * Aggregates on the server with GROUP BY time(step), then refolds locally the few buckets holding NaN/±Inf
 * points: those live in the `special` field, which InfluxDB's mean/sum/min/max cannot see.
 */
export async function aggregateBuckets(reader: InfluxQueryClient, query: BucketQuery): Promise<SeriesAggregates[]> {
  const { measurements, selector, first, buckets, step, fns } = query;
  const end = first + buckets * step;
  const labels = labelConditions(selector);
  const time = [`time >= ${first}ms`, `time < ${end}ms`];
  const field = quoteIdentifier(VALUE_FIELD);
  const columns = [`count(${field}) AS ${quoteIdentifier(PRESENCE)}`, ...fns.map((fn) => `${INFLUX_FUNCTION[fn]}(${field}) AS ${quoteIdentifier(fn)}`)];
  const from = fromClause(measurements);
  const [folded, specials] = await Promise.all([
    reader.query(`SELECT ${columns.join(', ')}${from}${whereClause([...labels, ...time])} GROUP BY time(${step}ms), * fill(none)`),
    // Selecting the one field returns only the points that have it: none at all in the usual case.
    reader.query(`SELECT ${quoteIdentifier(SPECIAL_FIELD)}${from}${whereClause([...labels, ...time])} GROUP BY *`),
  ]);
  const series = new Map<string, { info: SeriesInfo; buckets: Buckets }>();
  for (const result of folded) {
    const presence = columnIndex(result, PRESENCE);
    const indexes = fns.map((fn) => [fn, columnIndex(result, fn)] as const);
    const entry = { info: seriesInfoOf(result), buckets: new Map() as Buckets };
    for (const row of result.values) {
      const t = numberCell(row, 0);
      if (t === undefined || (numberCell(row, presence) ?? 0) === 0) continue;
      entry.buckets.set(t, Object.fromEntries(indexes.map(([fn, index]) => [fn, numberCell(row, index) ?? NaN])));
    }
    series.set(entry.info.key, entry);
  }
  if (specials.length > 0) await refoldSpecialBuckets(reader, query, specials, series);
  const out: SeriesAggregates[] = [];
  for (const { info, buckets: found } of series.values()) {
    if (found.size === 0) continue;
    const starts = [...found.keys()].sort((a, b) => a - b);
    const values: Partial<Record<Aggregation, Float64Array>> = {};
    for (const fn of fns) values[fn] = Float64Array.from(starts, (t) => found.get(t)?.[fn] ?? NaN);
    out.push({ ...info, t: Float64Array.from(starts), values });
  }
  return byKey(out);
}

/** Reads the raw points of the buckets holding special values and folds them as the reference does. */
async function refoldSpecialBuckets(
  reader: InfluxQueryClient,
  query: BucketQuery,
  specials: readonly InfluxResultSeries[],
  series: Map<string, { info: SeriesInfo; buckets: Buckets }>,
): Promise<void> {
  const { selector, first, step, fns } = query;
  const bucketOf = (t: number): number => first + Math.floor((t - first) / step) * step;
  const affected = new Map<string, Set<number>>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const result of specials) {
    const starts = new Set(result.values.map((row) => bucketOf(numberCell(row, 0) ?? NaN)).filter(Number.isFinite));
    if (starts.size === 0) continue;
    affected.set(seriesInfoOf(result).key, starts);
    lo = Math.min(lo, ...starts);
    hi = Math.max(hi, ...starts);
  }
  if (affected.size === 0) return;
  const measurements = [...new Set(specials.map((s) => s.name))];
  const where = whereClause([...labelConditions(selector), `time >= ${lo}ms`, `time < ${hi + step}ms`]);
  const raw = await reader.query(`SELECT ${quoteIdentifier(VALUE_FIELD)}, ${quoteIdentifier(SPECIAL_FIELD)}${fromClause(measurements)}${where} GROUP BY *`);
  for (const result of raw) {
    const info = seriesInfoOf(result);
    const starts = affected.get(info.key);
    if (starts === undefined) continue;
    const [vi, si] = [columnIndex(result, VALUE_FIELD), columnIndex(result, SPECIAL_FIELD)];
    const points = new Map<number, number[]>();
    for (const row of result.values) {
      const t = numberCell(row, 0);
      const v = decodeSampleValue(numberCell(row, vi), numberCell(row, si));
      if (t === undefined || v === undefined || !starts.has(bucketOf(t))) continue;
      const list = points.get(bucketOf(t)) ?? [];
      list.push(v);
      points.set(bucketOf(t), list);
    }
    const entry = series.get(info.key) ?? { info, buckets: new Map() as Buckets };
    for (const [start, values] of points) entry.buckets.set(start, Object.fromEntries(fns.map((fn) => [fn, foldBucket(values, fn)])));
    series.set(info.key, entry);
  }
}
