import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type Aggregation,
  type AppendResult,
  type Clock,
  type LatestSample,
  type LatestSampleVisitor,
  type Logger,
  MAX_POINTS_PER_SERIES,
  NocError,
  type Sample,
  type SampleAppender,
  type SeriesInfo,
  type SeriesKey,
  type SeriesAggregates,
  type SeriesPoints,
  type SeriesPointsVisitor,
  type SeriesQuerier,
  type SeriesSelector,
  type StoreHealth,
  type StoreStats,
  type TimeRange,
  silentLogger,
  systemClock,
} from '../../core/index.js';
import { DecodeScratch } from './chunk-codec.js';
import { ChunkReader, copyInRange, type HourFold, pointCountBound, type StoredChunk } from './chunk-reader.js';
import { ChunkSealer } from './chunk-sealer.js';
import { openSqliteDatabase, type SqliteDatabase } from './database.js';
import { Float64Slab } from './float64-slab.js';
import { HeadLog, HeadLogBatch } from './head-log.js';
import { BucketAccumulator, HOUR, MINUTE } from './rollup.js';
import { ScanScratch } from './scan-scratch.js';
import { SeriesCatalog } from './series-catalog.js';
import type { SeriesState } from './series-state.js';

/** Settings of the embedded store (from config `store`, kind sqlite). */
export interface SqliteSeriesStoreOptions {
  /** Database file; the head log lives in `<path>.head/`. */
  readonly path: string;
  /** How much recent data every series keeps in memory, ms. */
  readonly hotWindow: number;
  /** Retention per resolution, ms. */
  readonly retention: { readonly raw: number; readonly '1m': number; readonly '1h': number };
  /** fsync the head log on every append (survives power loss, not only a crash). */
  readonly fsync?: boolean;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Run periodic sealing and retention on a timer (default true). */
  readonly background?: boolean;
}

/** An open chunk whose hour ended this long ago is sealed even if its series went silent. */
const STALE_CHUNK_GRACE = 5 * MINUTE;
const SEAL_BATCH_SERIES = 1000;
const DEFAULT_LOOKBACK = 5 * MINUTE;
/**
 * A series whose memory spans more than this while chunks wait to be sealed (a backfill of weeks in one
 * append) has them sealed at once: memory holds times as int32 offsets, about 24 days at most, and only
 * sealed points can leave it.
 */
const EAGER_SEAL_SPAN = 7 * 24 * HOUR;
/** A range query needing disk data for at least this share of all series scans each hour once. */
const WIDE_QUERY_SHARE = 0.25;

/** The sealed chunks a range query reads for one series, up to `diskTo` (memory holds the rest). */
interface RangePlan {
  readonly state: SeriesState;
  readonly diskTo: number;
  disk: StoredChunk[];
}

/**
 * A planned range read: per matching series, its part in memory [seqFrom, seqTo), its disk part if any, and
 * a bound on its point count. The arrays may be longer than `states` (reused from read to read).
 */
interface RangeRead {
  readonly states: readonly SeriesState[];
  readonly seqFrom: Float64Array;
  readonly seqTo: Float64Array;
  readonly bounds: Float64Array;
  /** By index in `states`; undefined where memory holds all of the range (all undefined when there is no array). */
  readonly disk: readonly (RangePlan | undefined)[] | undefined;
}

/**
 * The embedded time-series store: a head log for durability, per-series memory for the hot window and
 * the chunk being filled, compressed hour chunks plus 1-minute and 1-hour rollups in SQLite.
 * Sealing runs in small transactions between appends, so an append never waits for an hour of work.
 */
export class SqliteSeriesStore implements SampleAppender, SeriesQuerier, StoreHealth {
  private readonly db: SqliteDatabase;
  private readonly catalog: SeriesCatalog;
  private readonly headLog: HeadLog;
  private readonly sealer: ChunkSealer;
  private readonly reader: ChunkReader;
  private readonly clock: Clock;
  private readonly log: Logger;
  private sealScheduled: NodeJS.Immediate | undefined;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private lastRetentionAt = 0;
  private appended = 0;
  private rejected = 0;
  private isOpen = false;
  private readonly logBatch = new HeadLogBatch();
  /** Decoding memory reused by every read; reads decode and copy without awaiting in between. */
  private readonly scratch = new DecodeScratch();
  private batchStates: SeriesState[] = [];
  /** The arrays of the scan under way, if any, taken by the next scan when none is. */
  private scanScratch: ScanScratch | undefined = new ScanScratch();
  /** Kept so that the reads made ahead in planRange are not optimised away. */
  private readAhead = 0;
  private batchPreviousLast = new Float64Array(1024);

  private constructor(private readonly options: SqliteSeriesStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? silentLogger).child({ component: 'store' });
    mkdirSync(dirname(options.path), { recursive: true });
    this.db = openSqliteDatabase(options.path);
    this.catalog = new SeriesCatalog(this.db);
    this.sealer = new ChunkSealer(this.db);
    this.reader = new ChunkReader(this.db);
    this.headLog = new HeadLog(`${options.path}.head`, {
      fsync: options.fsync ?? false,
      maxSegmentBytes: 64 << 20,
      maxSegmentAgeMs: HOUR,
      log: this.log,
    });
  }

  /** Opens the store: loads the catalog and hot window, replays the head log, and starts maintenance. */
  static open(options: SqliteSeriesStoreOptions): SqliteSeriesStore {
    const store = new SqliteSeriesStore(options);
    store.start();
    return store;
  }

  /** The underlying database, for the incident-side stores that share the file. */
  get database(): SqliteDatabase {
    return this.db;
  }

  async append(samples: readonly Sample[]): Promise<AppendResult> {
    return this.appendSync(samples);
  }

  /** Synchronous append (the promise form is the port); durable when it returns. */
  appendSync(samples: readonly Sample[]): AppendResult {
    this.assertOpen();
    const now = this.clock.now();
    const n = samples.length;
    const batch = this.logBatch;
    batch.reset(n);
    if (this.batchPreviousLast.length < n) this.batchPreviousLast = new Float64Array(n * 2);
    const states = this.batchStates;
    const previousLast = this.batchPreviousLast;
    states.length = 0;
    let created = false;
    for (let i = 0; i < n; i++) {
      const sample = samples[i] as Sample;
      let state = this.catalog.get(sample.series);
      if (state === undefined && !created) {
        this.createMissingSeries(samples);
        created = true;
        state = this.catalog.get(sample.series);
      }
      if (state === undefined || !(sample.t > state.lastT) || !Number.isSafeInteger(sample.t)) continue;
      previousLast[states.length] = state.lastT;
      states.push(state);
      state.lastT = sample.t;
      batch.push(state.id, sample.t, sample.v);
    }
    try {
      this.headLog.append(batch, now);
    } catch (error) {
      for (let i = states.length - 1; i >= 0; i--) (states[i] as SeriesState).lastT = previousLast[i] as number;
      throw new NocError('unavailable', `store: cannot write the head log: ${(error as Error).message}`, undefined, {
        cause: error,
      });
    }
    const segment = this.headLog.currentSegment();
    const hotCutoff = now - this.options.hotWindow;
    for (let i = 0; i < batch.length; i++) {
      const state = states[i] as SeriesState;
      const t = batch.t[i] as number;
      if (state.pending.length > 0 && t - state.buffer.timeAt(state.buffer.firstSeq) > EAGER_SEAL_SPAN) this.sealer.sealAll();
      if (state.push(t, batch.v[i] as number, segment, hotCutoff)) this.sealer.enqueue(state);
    }
    const accepted = batch.length;
    this.appended += accepted;
    this.rejected += n - accepted;
    if (this.sealer.backlog > 0) this.scheduleSeal();
    return { accepted, rejected: n - accepted };
  }

  async series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    this.assertOpen();
    return this.catalog
      .select(selector)
      .filter((s) => range === undefined || (s.firstT <= range.to && s.lastT >= range.from))
      .map((state) => state.info);
  }

  async latest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}): Promise<LatestSample[]> {
    const out: LatestSample[] = [];
    this.visitLatest(selector, options, ({ key, metric, labels }, t, v) => out.push({ key, metric, labels, t, v }));
    return out;
  }

  /** As latest, without an object per series; `visit` runs synchronously and must not write to this store. */
  async scanLatest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}, visit: LatestSampleVisitor): Promise<void> {
    this.visitLatest(selector, options, visit);
  }

  labelNames(metric: string): ReadonlySet<string> {
    return this.catalog.labelNames(metric);
  }

  private visitLatest(selector: SeriesSelector, options: { at?: number; lookback?: number }, visit: LatestSampleVisitor): void {
    this.assertOpen();
    const at = options.at ?? this.clock.now();
    const since = at - (options.lookback ?? DEFAULT_LOOKBACK);
    const { states, latest } = this.catalog.selectLatest(selector);
    if (latest !== undefined) {
      // The usual question, the newest point, is answered from the metric's columns without the series' states.
      const { columns, slots } = latest;
      const { lastT, lastV, known, infos } = columns;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i] as number;
        const t = lastT[slot] as number;
        if (known[slot] === 1 && t <= at) {
          if (t >= since) visit(infos[slot] as SeriesInfo, t, lastV[slot] as number);
          continue;
        }
        this.visitPointAtOrBefore(states[i] as SeriesState, at, since, visit);
      }
      return;
    }
    for (const state of states) {
      const { columns, slot } = state;
      const t = columns.lastT[slot] as number;
      if (columns.known[slot] === 1 && t <= at) {
        if (t >= since) visit(state.info, t, columns.lastV[slot] as number);
        continue;
      }
      this.visitPointAtOrBefore(state, at, since, visit);
    }
  }

  private visitPointAtOrBefore(state: SeriesState, at: number, since: number, visit: LatestSampleVisitor): void {
    const point = this.lastPointAtOrBefore(state, at, since);
    if (point !== undefined && point.t >= since) visit(state.info, point.t, point.v);
  }

  /** Raw points per series, carved from slabs sized to the query. */
  async range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    const read = this.planRange(selector, range);
    const states = read.states;
    // Sized from the chunk headers (an upper bound for partly covered chunks), filled in one pass.
    const bounds = read.bounds;
    let total = 0;
    for (let i = 0; i < states.length; i++) total += 2 * (bounds[i] as number);
    const out: SeriesPoints[] = [];
    const slab = new Float64Slab(total);
    for (let i = 0; i < states.length; i++) {
      const bound = bounds[i] as number;
      if (bound === 0) continue;
      const t = slab.take(bound);
      const v = slab.take(bound);
      const n = this.copyPoints(read, i, range.from, t, v);
      if (n === 0) continue;
      const { key, metric, labels } = states[i] as SeriesState;
      out.push({ key, metric, labels, t: n === bound ? t : t.subarray(0, n), v: n === bound ? v : v.subarray(0, n) });
    }
    return out;
  }

  /**
   * As range, one series at a time through two arrays sized once for the largest: the only allocations are
   * the plan's. `visit` runs synchronously and must not write to this store.
   */
  async scanRange(selector: SeriesSelector, range: TimeRange, visit: SeriesPointsVisitor): Promise<void> {
    // A visitor may start another scan: that one gets arrays of its own.
    const scratch = this.scanScratch ?? new ScanScratch();
    this.scanScratch = undefined;
    try {
      this.scanWith(scratch, selector, range, visit);
    } finally {
      // Arrays grown by an unusually wide scan (forensics over days) are not held on to.
      this.scanScratch = scratch.oversized() ? new ScanScratch() : scratch;
    }
  }

  private scanWith(scratch: ScanScratch, selector: SeriesSelector, range: TimeRange, visit: SeriesPointsVisitor): void {
    const read = this.planRange(selector, range, scratch);
    const { states, bounds } = read;
    let largest = 0;
    for (let i = 0; i < states.length; i++) largest = Math.max(largest, bounds[i] as number);
    scratch.points(largest);
    const { t, v } = scratch;
    // Views of the points, remade only when the count changes: series polled alike share one pair.
    let shownT = t;
    let shownV = v;
    for (let i = 0; i < states.length; i++) {
      if (bounds[i] === 0) continue;
      const n = this.copyPoints(read, i, range.from, t, v);
      if (n === 0) continue;
      if (shownT.length !== n) {
        shownT = new Float64Array(t.buffer, 0, n);
        shownV = new Float64Array(v.buffer, 0, n);
      }
      visit((states[i] as SeriesState).info, shownT, shownV);
    }
  }

  /**
   * Where each matching series' points in `range` are: the part in memory and (rarely: a window older than
   * the hot one) the sealed chunks before it, read from disk here. In `scratch`'s arrays when given.
   */
  private planRange(selector: SeriesSelector, range: TimeRange, scratch?: ScanScratch): RangeRead {
    this.assertOpen();
    const { from, to } = range;
    const states = this.catalog.select(selector);
    scratch?.plans(states.length);
    const seqFrom = scratch?.seqFrom ?? new Float64Array(states.length);
    const seqTo = scratch?.seqTo ?? new Float64Array(states.length);
    let disk: (RangePlan | undefined)[] | undefined;
    const needing: RangePlan[] = [];
    // First every series' state and points are touched in a loop whose steps do not depend on one another,
    // so the processor waits for many of those scattered reads at once rather than for each in turn (in the
    // loop below each read waits for the one before it): 4–8 % of a rule cycle's CPU.
    let touched = 0;
    for (let i = 0; i < states.length; i++) touched += (states[i] as SeriesState).buffer.touch();
    this.readAhead = touched;
    for (let i = 0; i < states.length; i++) {
      const state = states[i] as SeriesState;
      if (state.firstT > to || state.lastT < from) {
        seqFrom[i] = 0;
        seqTo[i] = 0;
        continue;
      }
      const memoryFrom = this.memoryFrom(state, from);
      const buffer = state.buffer;
      seqFrom[i] = buffer.seqAtOrAfter(memoryFrom);
      // A window that ends now (a rule's) holds the newest point: no need to look for its end.
      seqTo[i] = state.lastT <= to ? buffer.endSeq : buffer.seqAtOrAfter(to + 1);
      if (memoryFrom > from) {
        const plan: RangePlan = { state, diskTo: Math.min(to, memoryFrom - 1), disk: [] };
        disk ??= new Array<RangePlan | undefined>(states.length).fill(undefined);
        disk[i] = plan;
        needing.push(plan);
      }
    }
    this.readDiskParts(needing, from);
    const bounds = scratch?.bounds ?? new Float64Array(states.length);
    // Per series, at least as many points as it has in the range: its chunks' header counts plus its memory part.
    for (let i = 0; i < states.length; i++) {
      const plan = disk?.[i];
      bounds[i] = (plan === undefined ? 0 : pointCountBound(plan.disk)) + Math.max(0, (seqTo[i] as number) - (seqFrom[i] as number));
    }
    return { states, seqFrom, seqTo, bounds, disk };
  }

  /** Copies the points series `i` of `read` has from `from` on into `t`/`v` (room for its bound); returns how many. */
  private copyPoints(read: RangeRead, i: number, from: number, t: Float64Array, v: Float64Array): number {
    const plan = read.disk?.[i];
    const at = plan === undefined ? 0 : copyInRange(plan.disk, from, plan.diskTo, t, v, 0, this.scratch);
    const state = read.states[i] as SeriesState;
    return state.buffer.copyTo(read.seqFrom[i] as number, read.seqTo[i] as number, t, v, at);
  }

  async aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]> {
    const out: SeriesPoints[] = [];
    for (const { state, acc } of this.accumulate(selector, range, step, [fn])) {
      const result = acc.result(fn);
      if (result.t.length > 0) out.push({ key: state.key, metric: state.metric, labels: state.labels, t: result.t, v: result.v });
    }
    return out;
  }

  async aggregateMany(selector: SeriesSelector, range: TimeRange, step: number, fns: readonly Aggregation[]): Promise<SeriesAggregates[]> {
    const out: SeriesAggregates[] = [];
    for (const { state, acc } of this.accumulate(selector, range, step, fns)) {
      let t: Float64Array | undefined;
      const values: Partial<Record<Aggregation, Float64Array>> = {};
      for (const fn of fns) {
        const result = acc.result(fn);
        t = result.t;
        values[fn] = result.v;
      }
      if (t !== undefined && t.length > 0) out.push({ key: state.key, metric: state.metric, labels: state.labels, t, values });
    }
    return out;
  }

  /** The buckets of every matching series with data in `range`, folded from memory, rollups or chunks. */
  private accumulate(selector: SeriesSelector, range: TimeRange, step: number, fns: readonly Aggregation[]): { state: SeriesState; acc: BucketAccumulator }[] {
    this.assertOpen();
    if (!(step > 0) || !Number.isInteger(step)) throw new NocError('bad_request', `step must be a positive whole number of ms, got ${step}`);
    const first = Math.floor(range.from / step) * step;
    const buckets = (Math.floor(range.to / step) * step - first) / step + 1;
    if (buckets > MAX_POINTS_PER_SERIES) {
      throw new NocError('bad_request', `step ${step} ms over this range gives ${buckets} points; at most ${MAX_POINTS_PER_SERIES} per series`);
    }
    const lo = first;
    const hi = first + buckets * step - 1;
    const folds = this.catalog
      .select(selector)
      .filter((state) => state.firstT <= hi && state.lastT >= lo)
      .map((state) => ({ state, acc: new BucketAccumulator(first, step, buckets) }));
    if (step % HOUR === 0 && folds.length > 1 && folds.length >= this.catalog.size * WIDE_QUERY_SHARE) {
      // Many series over hours: one scan of the hourly rollups beats a seek per series and hour.
      const wanted = new Map<number, HourFold>();
      for (const { state, acc } of folds) {
        const disk = this.diskHours(state, lo, hi, step);
        if (disk !== undefined) wanted.set(state.id, { acc, ...disk });
      }
      if (wanted.size > 0) this.reader.foldHoursOfMany(wanted, lo, hi, fns);
      for (const { state, acc } of folds) this.foldMemory(state, lo, hi, acc);
    } else {
      for (const { state, acc } of folds) this.foldInto(state, lo, hi, acc);
    }
    return folds;
  }

  ready(): boolean {
    return this.isOpen;
  }

  stats(): StoreStats {
    let memoryPoints = 0;
    for (const state of this.catalog.all()) memoryPoints += state.buffer.length;
    return {
      series: this.catalog.size,
      samplesAppended: this.appended,
      samplesRejected: this.rejected,
      chunksWritten: this.sealer.chunksWritten,
      chunkBytesWritten: this.sealer.chunkBytesWritten,
      headLogBytesWritten: this.headLog.bytesWritten(),
      sealBacklog: this.sealer.backlog,
      memoryPoints,
      diskBytes: this.diskBytes(),
    };
  }

  /**
   * Periodic work at time `now`: seals chunks of series that went silent after their hour ended, writes
   * the backlog, drops head log segments fully on disk, and (hourly) applies retention.
   */
  maintain(now: number): void {
    this.assertOpen();
    const staleHour = Math.floor((now - STALE_CHUNK_GRACE) / HOUR);
    for (const state of this.catalog.all()) {
      const hour = state.openHour;
      if (hour !== undefined && hour < staleHour && state.closeOpenChunk()) this.sealer.enqueue(state);
    }
    this.sealer.sealAll();
    this.truncateHeadLog();
    if (now - this.lastRetentionAt >= HOUR) {
      this.applyRetention(now);
      this.lastRetentionAt = now;
    }
  }

  /** Writes every cut chunk to disk now. */
  flush(): void {
    this.assertOpen();
    this.sealer.sealAll();
    this.truncateHeadLog();
  }

  /** Deletes data older than each resolution's retention. */
  applyRetention(now: number): { chunks: number; minutes: number; hours: number } {
    const { retention } = this.options;
    // Whole hours only: an hour goes once all of it is older than the retention.
    const expired = (keep: number) => Math.floor((now - keep) / HOUR);
    const chunks = this.db.prepare('DELETE FROM chunks WHERE hour < ?').run(expired(retention.raw)).changes;
    const minutes = this.db.prepare('DELETE FROM rollups_1m WHERE hour < ?').run(expired(retention['1m'])).changes;
    const hours = this.db.prepare('DELETE FROM rollups_1h WHERE hour < ?').run(expired(retention['1h'])).changes;
    if (chunks + minutes + hours > 0) this.log.info({ chunks, minutes, hours }, 'retention: deleted expired data');
    return { chunks, minutes, hours };
  }

  /**
   * Stops maintenance, writes cut chunks, and closes files. Points of still-open chunks stay in the head
   * log and come back on the next open.
   */
  async close(): Promise<void> {
    if (!this.isOpen) return;
    if (this.maintenanceTimer) clearInterval(this.maintenanceTimer);
    if (this.sealScheduled) clearImmediate(this.sealScheduled);
    this.sealer.sealAll();
    this.truncateHeadLog();
    this.headLog.close();
    this.db.close();
    this.isOpen = false;
  }

  private start(): void {
    const now = this.clock.now();
    this.catalog.load();
    this.loadHotWindow(now);
    const replayed = this.replayHeadLog(now);
    this.headLog.open(now);
    this.isOpen = true;
    this.maintain(now);
    if (this.options.background ?? true) {
      this.maintenanceTimer = setInterval(() => this.runMaintenance(), MINUTE);
      this.maintenanceTimer.unref();
    }
    this.log.info({ series: this.catalog.size, replayed }, 'store open');
  }

  private runMaintenance(): void {
    try {
      this.maintain(this.clock.now());
    } catch (error) {
      this.log.error({ err: error }, 'store maintenance failed; will retry');
    }
  }

  private loadHotWindow(now: number): void {
    const cutoff = now - this.options.hotWindow;
    for (const state of this.catalog.all()) {
      const points = state.diskSealedUntil >= cutoff ? this.reader.points(state.id, cutoff, state.diskSealedUntil, this.scratch) : undefined;
      state.loadSealed(points?.t ?? [], points?.v ?? [], cutoff);
    }
  }

  private replayHeadLog(now: number): number {
    const hotCutoff = now - this.options.hotWindow;
    return this.headLog.replay((seriesId, t, v, segment) => {
      const state = this.catalog.getById(seriesId);
      if (state === undefined || !(t > state.lastT) || t <= state.diskSealedUntil) return;
      if (state.push(t, v, segment, hotCutoff)) this.sealer.enqueue(state);
    });
  }

  private createMissingSeries(samples: readonly Sample[]): void {
    let missing: Map<SeriesKey, number> | undefined;
    for (const sample of samples) {
      if (this.catalog.get(sample.series) === undefined) {
        missing ??= new Map();
        if (!missing.has(sample.series)) missing.set(sample.series, sample.t);
      }
    }
    if (missing) this.catalog.create([...missing.keys()], [...missing.values()]);
  }

  private scheduleSeal(): void {
    if (this.sealScheduled !== undefined) return;
    this.sealScheduled = setImmediate(() => {
      this.sealScheduled = undefined;
      if (!this.isOpen) return;
      try {
        this.sealer.sealSome(SEAL_BATCH_SERIES);
        if (this.sealer.backlog > 0) this.scheduleSeal();
        else this.truncateHeadLog();
      } catch (error) {
        this.log.error({ err: error }, 'store: sealing chunks failed; points stay in the head log');
      }
    });
  }

  private truncateHeadLog(): void {
    let oldest = Infinity;
    for (const state of this.catalog.all()) oldest = Math.min(oldest, state.oldestNeededSegment);
    this.headLog.truncateBefore(oldest === Infinity ? this.headLog.currentSegment() : oldest);
  }

  /**
   * Where memory takes over from disk for queries starting at `from`: memory holds every point at or after
   * `hotFrom` and every point not yet on disk (after `diskSealedUntil`), so the two never overlap or gap.
   */
  private memoryFrom(state: SeriesState, from: number): number {
    return from >= state.hotFrom ? from : Math.max(from, state.diskSealedUntil + 1);
  }

  /** Reads the sealed chunks the plans need: a scan per hour for wide queries, else a seek per series and hour. */
  private readDiskParts(needing: readonly RangePlan[], from: number): void {
    if (needing.length === 0) return;
    if (needing.length > 1 && needing.length >= this.catalog.size * WIDE_QUERY_SHARE) {
      let to = -Infinity;
      let first = Infinity;
      const wanted = new Map<number, StoredChunk[]>();
      for (const plan of needing) {
        to = Math.max(to, plan.diskTo);
        first = Math.min(first, plan.state.firstT);
        wanted.set(plan.state.id, plan.disk);
      }
      this.reader.chunksOfMany(wanted, Math.max(from, first), to);
      return;
    }
    for (const plan of needing) plan.disk = this.reader.chunks(plan.state.id, Math.max(from, plan.state.firstT), plan.diskTo);
  }

  /**
   * The part of [lo, hi] a series has on disk only, or undefined when memory holds all of it. Bounded by the
   * series' own life so that a wide range costs no empty seeks; rollup buckets stay aligned because lo and
   * the step are.
   */
  private diskHours(state: SeriesState, lo: number, hi: number, step: number): { from: number; to: number } | undefined {
    const memoryFrom = this.memoryFrom(state, lo);
    if (memoryFrom <= lo) return undefined;
    return { from: Math.max(lo, Math.floor(state.firstT / step) * step), to: Math.min(hi, memoryFrom - 1) };
  }

  private foldInto(state: SeriesState, lo: number, hi: number, acc: BucketAccumulator): void {
    const disk = this.diskHours(state, lo, hi, acc.step);
    if (disk !== undefined) {
      if (acc.step % HOUR === 0) this.reader.foldHours(state.id, disk.from, disk.to, acc);
      else if (acc.step % MINUTE === 0) this.reader.foldMinutes(state.id, disk.from, disk.to, acc);
      else this.reader.foldPoints(state.id, disk.from, disk.to, acc, this.scratch);
    }
    this.foldMemory(state, lo, hi, acc);
  }

  /** Folds the points of [lo, hi] that memory holds. */
  private foldMemory(state: SeriesState, lo: number, hi: number, acc: BucketAccumulator): void {
    const buffer = state.buffer;
    const end = buffer.seqAtOrAfter(hi + 1);
    for (let seq = buffer.seqAtOrAfter(this.memoryFrom(state, lo)); seq < end; seq++) acc.addPoint(buffer.timeAt(seq), buffer.valueAt(seq));
  }

  private lastPointAtOrBefore(state: SeriesState, at: number, since: number): { t: number; v: number } | undefined {
    const buffer = state.buffer;
    const seq = buffer.seqAtOrAfter(at + 1) - 1;
    if (seq >= buffer.firstSeq) return { t: buffer.timeAt(seq), v: buffer.valueAt(seq) };
    // Nothing in memory at or before `at`: only sealed points older than the hot window can qualify.
    if (Math.min(at, state.diskSealedUntil) < since) return undefined;
    return this.reader.lastPointBetween(state.id, Math.max(since, state.firstT), Math.min(at, state.diskSealedUntil));
  }

  private diskBytes(): number {
    let total = 0;
    for (const suffix of ['', '-wal']) {
      try {
        total += statSync(this.options.path + suffix).size;
      } catch {
        // a missing WAL file just means nothing is pending
      }
    }
    for (const segment of this.headLog.segments()) {
      try {
        total += statSync(join(`${this.options.path}.head`, `${String(segment).padStart(10, '0')}.log`)).size;
      } catch {
        // a segment removed between listing and stat
      }
    }
    return total;
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new NocError('unavailable', 'store is closed');
  }
}
