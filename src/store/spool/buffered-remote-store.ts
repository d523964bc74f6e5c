import {
  type Aggregation,
  type AppendResult,
  type Clock,
  isNocError,
  type LatestSample,
  type Logger,
  MAX_POINTS_PER_SERIES,
  NocError,
  type Sample,
  type SampleAppender,
  type SeriesInfo,
  type SeriesPoints,
  type SeriesQuerier,
  type SeriesSelector,
  silentLogger,
  type StoreHealth,
  type StoreStats,
  systemClock,
  type TimeRange,
} from '../../core/index.js';
import { DiskSpool } from './disk-spool.js';
import { HotWindow } from './hot-window.js';
import { mergeLatest, mergePoints, unionSeries } from './merge-answers.js';
import { RetryBackoff, type RetryLimits } from './retry-backoff.js';
import { SpoolFlusher } from './spool-flusher.js';
import { systemTimers, type TimerScheduler } from './timer-scheduler.js';

const DEFAULT_LOOKBACK_MS = 5 * 60_000;

/** How a {@link BufferedRemoteStore} is opened. */
export interface BufferedRemoteStoreOptions {
  /** The remote store; its append must reject when the server is unreachable or refuses. */
  readonly remote: SampleAppender & SeriesQuerier;
  /** Names the remote in logs and errors, e.g. `victoriametrics at http://10.0.0.5:8428`. */
  readonly name: string;
  /** Spool directory (config `buffer.path`). */
  readonly directory: string;
  /** Spool bound in bytes (config `buffer.max_size`). */
  readonly maxBytes: number;
  /** How much recent data stays in memory, in ms (config `buffer.hot_window`). */
  readonly hotWindowMs: number;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Timers of the flusher's back-off and of the final flush (default: real, unref'd timers). */
  readonly timers?: TimerScheduler;
  /** Source of the back-off jitter, in [0, 1). */
  readonly random?: () => number;
  readonly retry?: RetryLimits;
  /** fsync the spool before an append resolves (default true). */
  readonly fsync?: boolean;
  /** Most samples per write to the remote (default 5000). */
  readonly maxSamplesPerWrite?: number;
  /** How long the flusher gathers appends before a write to the remote (default 200 ms; 0: one write per append). */
  readonly batchDelayMs?: number;
  /** Bound on the last flush attempt of `close` (default 5 s). */
  readonly closeTimeoutMs?: number;
  /**
   * Whether memory may answer recent reads (default true). False when other processes write the same store
   * (sharded collectors, an alerter or dashboard process): memory then holds only this process's samples, so
   * every read goes to the remote, merged with what this process has not sent yet.
   */
  readonly answerFromMemory?: boolean;
}

/** The store's counters: the StoreStats of every store plus the spool's and the remote's. */
export interface BufferedStoreStats extends StoreStats {
  /** Samples lost: evicted past the spool bound, refused by the remote as bad data (noc_store_dropped_samples_total). */
  readonly droppedSamples: number;
  readonly spoolBytes: number;
  readonly spoolRecords: number;
  readonly spoolSamples: number;
  /** Age of the oldest sample batch not yet sent (0 when none). */
  readonly oldestUnsentAgeMs: number;
  readonly remoteReachable: boolean;
  /** Samples the remote accepted. */
  readonly flushedSamples: number;
  /** Samples the remote turned down as repeated or out of order. */
  readonly remoteRejectedSamples: number;
}

/**
 * A remote time-series store that never loses an acknowledged sample to an outage: appends are checked for
 * order, kept in the in-memory hot window and written durably to a bounded disk spool, from which a
 * background flusher replays them to the remote in order (with back-off while it is down). Queries whose
 * range starts inside the hot window are answered from memory, so the alerter works while the remote is
 * away and sees samples not yet flushed; older ranges go to the remote, merged with the window's samples.
 */
export class BufferedRemoteStore implements SampleAppender, SeriesQuerier, StoreHealth {
  private appended = 0;
  private rejected = 0;
  private open = true;

  private constructor(
    private readonly options: BufferedRemoteStoreOptions,
    private readonly spool: DiskSpool,
    private readonly hot: HotWindow,
    private readonly flusher: SpoolFlusher,
    private readonly clock: Clock,
  ) {}

  /** Opens the spool (finding what a previous run left unsent), loads its recent part into memory, starts replay. */
  static open(options: BufferedRemoteStoreOptions): BufferedRemoteStore {
    const clock = options.clock ?? systemClock;
    const log = (options.log ?? silentLogger).child({ component: 'store-spool' });
    const spool = DiskSpool.open({ directory: options.directory, maxBytes: options.maxBytes, clock, log, ...(options.fsync === undefined ? {} : { fsync: options.fsync }) });
    const hot = new HotWindow(options.hotWindowMs, clock);
    for (const batch of spool.pendingSince(clock.now() - options.hotWindowMs)) hot.insert(hot.check(batch).accepted);
    const flusher = new SpoolFlusher({
      spool,
      remote: options.remote,
      name: options.name,
      clock,
      timers: options.timers ?? systemTimers,
      backoff: new RetryBackoff(options.retry, options.random),
      log,
      maxSamplesPerWrite: options.maxSamplesPerWrite ?? 5000,
      batchDelayMs: options.batchDelayMs ?? 200,
    });
    const { pendingSamples } = spool.stats();
    if (pendingSamples > 0) {
      log.info({ pendingSamples }, `spool holds samples a previous run did not send to ${options.name}; replaying`);
      flusher.kick();
    }
    return new BufferedRemoteStore(options, spool, hot, flusher, clock);
  }

  /** Resolves once the accepted samples are in the hot window and durable in the spool (not yet in the remote). */
  async append(samples: readonly Sample[]): Promise<AppendResult> {
    if (!this.open) throw new NocError('unavailable', `store ${this.options.name} is closed`);
    const { accepted, rejected } = this.hot.check(samples);
    this.rejected += rejected;
    if (accepted.length > 0) {
      // Check, spool write and window insert happen in one synchronous step, so concurrent appends stay in order.
      this.spool.append(accepted);
      this.hot.insert(accepted);
      this.appended += accepted.length;
      this.flusher.kick();
      await this.spool.sync();
    }
    return { accepted: accepted.length, rejected };
  }

  async series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    const recent = await this.hot.series(selector, range);
    if (range !== undefined && range.from >= this.coveredSince()) return recent;
    return unionSeries(await this.remoteRead('series', () => this.options.remote.series(selector, range)), recent);
  }

  async latest(selector: SeriesSelector, options: { at?: number; lookback?: number } = {}): Promise<LatestSample[]> {
    const at = options.at ?? this.clock.now();
    const lookback = options.lookback ?? DEFAULT_LOOKBACK_MS;
    const recent = await this.hot.latest(selector, { at, lookback });
    if (at - lookback >= this.coveredSince()) return recent;
    return mergeLatest(await this.remoteRead('latest', () => this.options.remote.latest(selector, { at, lookback })), recent);
  }

  async range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    const recent = await this.hot.range(selector, range);
    if (range.from >= this.coveredSince()) return recent;
    return mergePoints(await this.remoteRead('range', () => this.options.remote.range(selector, range)), recent);
  }

  /**
   * Buckets starting inside the hot window come from memory, older ones from the remote (which lacks the
   * samples still in the spool until they are replayed); a range starting inside the window is all memory.
   */
  async aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]> {
    const first = Math.floor(range.from / step) * step;
    const last = Math.floor(range.to / step) * step;
    const buckets = (last - first) / step + 1;
    if (buckets > MAX_POINTS_PER_SERIES) {
      throw new NocError('bad_request', `step ${step} ms over this range gives ${buckets} points; at most ${MAX_POINTS_PER_SERIES} per series`);
    }
    const covered = this.coveredSince();
    if (range.from >= covered) return this.hot.aggregate(selector, range, step, fn);
    const split = Math.ceil(covered / step) * step;
    if (split > last) return this.remoteRead('aggregate', () => this.options.remote.aggregate(selector, range, step, fn));
    const older = await this.remoteRead('aggregate', () => this.options.remote.aggregate(selector, { from: range.from, to: split - 1 }, step, fn));
    return mergePoints(older, await this.hot.aggregate(selector, { from: split, to: range.to }, step, fn));
  }

  /** Sends everything in the spool to the remote now; rejects with NocError('unavailable') when it fails. */
  flush(): Promise<void> {
    return this.flusher.drain();
  }

  /** Resolves when no replay pass is running (for tests and orderly shutdown). */
  idle(): Promise<void> {
    return this.flusher.idle();
  }

  stats(): BufferedStoreStats {
    const spool = this.spool.stats();
    const flusher = this.flusher.stats();
    const oldestUnsentAgeMs = spool.oldestPushedAt === undefined ? 0 : Math.max(0, this.clock.now() - spool.oldestPushedAt);
    return {
      series: this.hot.seriesCount,
      samplesAppended: this.appended,
      samplesRejected: this.rejected,
      chunksWritten: 0,
      chunkBytesWritten: 0,
      headLogBytesWritten: spool.bytesWritten,
      sealBacklog: 0,
      memoryPoints: this.hot.points,
      diskBytes: spool.diskBytes,
      droppedSamples: spool.droppedSamples,
      spoolBytes: spool.pendingBytes,
      spoolRecords: spool.pendingRecords,
      spoolSamples: spool.pendingSamples,
      oldestUnsentAgeMs,
      remoteReachable: flusher.reachable,
      spool: {
        droppedSamples: spool.droppedSamples,
        pendingSamples: spool.pendingSamples,
        pendingBytes: spool.pendingBytes,
        oldestPendingAgeSeconds: oldestUnsentAgeMs / 1000,
        remoteUp: flusher.reachable,
      },
      flushedSamples: flusher.flushedSamples,
      remoteRejectedSamples: flusher.remoteRejectedSamples,
    };
  }

  ready(): boolean {
    return this.open;
  }

  /** Refuses further appends, makes one bounded attempt to flush the spool, and closes it (the remote stays open). */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.flusher.close(this.options.closeTimeoutMs ?? 5000);
    await this.spool.close();
  }

  private coveredSince(): number {
    return this.options.answerFromMemory === false ? Number.POSITIVE_INFINITY : this.hot.coveredSince(this.clock.now());
  }

  private memoryCoverage(): string {
    const covered = this.coveredSince();
    return Number.isFinite(covered)
      ? `only ranges from ${new Date(covered).toISOString()} on are answered from memory`
      : 'other processes write this store, so memory answers no read';
  }

  /** Reads from the remote; fails fast while it is known to be down, naming it and what memory covers. */
  private async remoteRead<T>(what: string, read: () => Promise<T>): Promise<T> {
    const { name } = this.options;
    if (!this.flusher.remoteReachable) {
      const { downSince, lastError } = this.flusher.stats();
      const since = downSince === undefined ? '' : ` since ${new Date(downSince).toISOString()}`;
      throw new NocError(
        'unavailable',
        `${name} is unreachable${since} (${lastError ?? 'write failed'}); ${this.memoryCoverage()}`,
      );
    }
    try {
      return await read();
    } catch (error) {
      if (isNocError(error) && error.code !== 'unavailable' && error.code !== 'timeout' && error.code !== 'internal') throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new NocError('unavailable', `${name}: ${what} query failed: ${reason}`, undefined, { cause: error });
    }
  }
}
