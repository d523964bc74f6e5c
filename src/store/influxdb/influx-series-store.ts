import {
  type Aggregation,
  type AppendResult,
  type Clock,
  compileSelector,
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
import { decodeSampleValue, SPECIAL_FIELD, VALUE_FIELD } from '../remote/line-protocol.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../remote/retry-with-backoff.js';
import { aggregateBuckets } from './influx-aggregate.js';
import { fromClause, labelConditions, quoteIdentifier, timeConditions, whereClause } from './influxql.js';
import { InfluxQueryClient, type InfluxResultSeries } from './influx-query-client.js';
import { byKey, columnIndex, numberCell, seriesInfoOf } from './influx-result.js';
import { InfluxV1Writer, InfluxV2Writer, type LineWriter } from './influx-writer.js';

/** How to reach an InfluxDB server (the `store` config of kind influxdb, secrets resolved). */
export interface InfluxSeriesStoreOptions {
  readonly url: string;
  /** 1: `/write` of 1.x; 2: the v2 write API (2.x, 3.x, 1.8+). Reads use InfluxQL `/query` in both. */
  readonly version: 1 | 2;
  readonly token?: string | undefined;
  /** Version 2 only. */
  readonly org?: string | undefined;
  /** Version 2 only: where writes go. */
  readonly bucket?: string | undefined;
  /** The database InfluxQL reads (1.x database; on 2.x the DBRP-mapped name, default: the bucket). */
  readonly database?: string | undefined;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Per request, default 10 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Lines per write request, default 5000. */
  readonly batchLines?: number;
  /** Bodies above this many bytes are gzipped, default 1000. */
  readonly gzipThreshold?: number;
  /**
   * Read each measurement's newest times from the server before its first write, so samples older than what
   * an earlier process wrote are refused too (default true).
   */
  readonly seedFromServer?: boolean;
}

const DEFAULT_LOOKBACK_MS = 5 * 60_000;
const SELECT_FIELDS = `${quoteIdentifier(VALUE_FIELD)}, ${quoteIdentifier(SPECIAL_FIELD)}`;

/**
 * The time-series store on InfluxDB: metric → measurement, labels → tags, field `value` (`special` for
 * NaN/±Inf). Appends resolve once the server acknowledged them; reads are InfluxQL over `/query`.
 */
export class InfluxSeriesStore implements SampleAppender, SeriesQuerier, StoreHealth {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly writer: LineWriter;
  private readonly reader: InfluxQueryClient;
  private readonly appender: LineAppender;
  private closed = false;

  constructor(options: InfluxSeriesStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? silentLogger).child({ component: 'influx-store' });
    const batchLines = options.batchLines ?? 5000;
    const database = options.database ?? (options.version === 2 ? options.bucket : undefined);
    if (database === undefined || database === '') {
      throw new NocError('invalid_config', `store.database: InfluxDB version ${options.version} needs the database InfluxQL reads`);
    }
    const now = (): number => this.clock.now();
    const common = { url: options.url, token: options.token, timeoutMs: options.timeoutMs ?? 10_000, gzipThreshold: options.gzipThreshold ?? 1000, now };
    let writer: LineWriter;
    if (options.version === 1) {
      writer = new InfluxV1Writer(common, database);
    } else {
      if (options.org === undefined || options.bucket === undefined) {
        throw new NocError('invalid_config', 'store.org and store.bucket: InfluxDB version 2 writes need both');
      }
      writer = new InfluxV2Writer(common, options.org, options.bucket, batchLines);
    }
    this.reader = new InfluxQueryClient({ url: options.url, database, token: options.token, timeoutMs: common.timeoutMs, now });
    this.writer = writer;
    this.appender = new LineAppender({
      server: 'InfluxDB',
      write: (lines) => writer.write(lines),
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      batchLines,
      ...(options.seedFromServer === false ? {} : { newestOnServer: (measurements) => this.newestOnServer(measurements) }),
      log: this.log,
    });
  }

  /** Writes the batch (out-of-order samples refused and counted); resolves once InfluxDB acknowledged it. */
  async append(samples: readonly Sample[]): Promise<AppendResult> {
    this.assertOpen();
    return this.appender.append(samples);
  }

  /** Series matching `selector`, with `range` only those with samples in it. */
  async series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    const rows = await this.newestRows(selector, range === undefined ? [] : timeConditions(range));
    return byKey(rows.map(({ info }) => info));
  }

  /** The newest sample in [at - lookback, at] of each matching series. */
  async latest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}): Promise<LatestSample[]> {
    const at = options.at ?? this.clock.now();
    const lookback = options.lookback ?? DEFAULT_LOOKBACK_MS;
    const rows = await this.newestRows(selector, timeConditions({ from: at - lookback, to: at }));
    return byKey(rows.map(({ info, t, v }) => ({ ...info, t, v })));
  }

  /** Raw samples in [from, to], ascending. */
  async range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    const measurements = await this.measurements(selector);
    if (measurements.length === 0) return [];
    const where = whereClause([...labelConditions(selector), ...timeConditions(range)]);
    const results = await this.reader.query(`SELECT ${SELECT_FIELDS}${fromClause(measurements)}${where} GROUP BY *`);
    const out: SeriesPoints[] = [];
    for (const result of results) {
      const [vi, si] = [columnIndex(result, VALUE_FIELD), columnIndex(result, SPECIAL_FIELD)];
      const t: number[] = [];
      const v: number[] = [];
      for (const row of result.values) {
        const value = decodeSampleValue(numberCell(row, vi), numberCell(row, si));
        const time = numberCell(row, 0);
        if (value === undefined || time === undefined) continue;
        t.push(time);
        v.push(value);
      }
      if (t.length > 0) out.push({ ...seriesInfoOf(result), t: Float64Array.from(t), v: Float64Array.from(v) });
    }
    return byKey(out);
  }

  /** `fn` per step bucket aligned to multiples of `step` since the epoch, for buckets with samples. */
  async aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]> {
    const many = await this.aggregateMany(selector, range, step, [fn]);
    return many.map(({ key, metric, labels, t, values }) => ({ key, metric, labels, t, v: values[fn] as Float64Array }));
  }

  /** Several aggregations over the same buckets in one InfluxQL query. */
  async aggregateMany(selector: SeriesSelector, range: TimeRange, step: number, fns: readonly Aggregation[]): Promise<SeriesAggregates[]> {
    if (!(step > 0) || !Number.isInteger(step)) throw new NocError('bad_request', `step must be a positive whole number of ms, got ${step}`);
    const first = Math.floor(range.from / step) * step;
    const buckets = (Math.floor(range.to / step) * step - first) / step + 1;
    if (buckets > MAX_POINTS_PER_SERIES) {
      throw new NocError('bad_request', `step ${step} ms over this range gives ${buckets} points; at most ${MAX_POINTS_PER_SERIES} per series`);
    }
    const measurements = await this.measurements(selector);
    const wanted = [...new Set(fns)];
    if (measurements.length === 0 || wanted.length === 0) return [];
    return aggregateBuckets(this.reader, { measurements, selector, first, buckets, step, fns: wanted });
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

  private assertOpen(): void {
    if (this.closed) throw new NocError('unavailable', 'the InfluxDB store is closed');
  }

  /** The measurements `selector` names: its metric, or those of the database its `__name__` matchers accept. */
  private async measurements(selector: SeriesSelector): Promise<string[]> {
    const nameMatchers = selector.matchers.filter((m) => m.name === '__name__');
    const test = compileSelector({ ...(selector.metric === undefined ? {} : { metric: selector.metric }), matchers: nameMatchers });
    if (selector.metric !== undefined) return test.matches(selector.metric, {}) ? [selector.metric] : [];
    const results = await this.reader.query('SHOW MEASUREMENTS');
    const names = results.flatMap((result) => result.values.map((row) => row[0])).filter((name): name is string => typeof name === 'string');
    return names.filter((name) => test.matches(name, {}));
  }

  /** The newest sample of each matching series under `conditions`: ORDER BY time DESC LIMIT 1 applies per series. */
  private async newestRows(selector: SeriesSelector, conditions: readonly string[]): Promise<Array<{ info: SeriesInfo; t: number; v: number }>> {
    const measurements = await this.measurements(selector);
    if (measurements.length === 0) return [];
    const where = whereClause([...labelConditions(selector), ...conditions]);
    return newestOf(await this.reader.query(`SELECT ${SELECT_FIELDS}${fromClause(measurements)}${where} GROUP BY * ORDER BY time DESC LIMIT 1`));
  }

  /** The newest time InfluxDB holds for each series of these measurements. */
  private async newestOnServer(measurements: readonly string[]): Promise<Array<{ key: SeriesKey; t: number }>> {
    const results = await this.reader.query(`SELECT ${SELECT_FIELDS}${fromClause(measurements)} GROUP BY * ORDER BY time DESC LIMIT 1`);
    return newestOf(results).map(({ info, t }) => ({ key: info.key, t }));
  }

}

function newestOf(results: readonly InfluxResultSeries[]): Array<{ info: SeriesInfo; t: number; v: number }> {
  const out: Array<{ info: SeriesInfo; t: number; v: number }> = [];
  for (const result of results) {
    const row = result.values[0];
    if (row === undefined) continue;
    const v = decodeSampleValue(numberCell(row, columnIndex(result, VALUE_FIELD)), numberCell(row, columnIndex(result, SPECIAL_FIELD)));
    const t = numberCell(row, 0);
    if (v !== undefined && t !== undefined) out.push({ info: seriesInfoOf(result), t, v });
  }
  return out;
}
