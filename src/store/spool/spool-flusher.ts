import { type Clock, isNocError, type Logger, NocError, type SampleAppender } from '../../core/index.js';
import type { DiskSpool } from './disk-spool.js';
import type { RetryBackoff } from './retry-backoff.js';
import type { TimerScheduler } from './timer-scheduler.js';

/** What a {@link SpoolFlusher} works with. */
export interface SpoolFlusherDeps {
  readonly spool: DiskSpool;
  readonly remote: SampleAppender;
  /** Names the remote store in logs and errors. */
  readonly name: string;
  readonly clock: Clock;
  readonly timers: TimerScheduler;
  readonly backoff: RetryBackoff;
  readonly log: Logger;
  /** Most samples sent in one write to the remote. */
  readonly maxSamplesPerWrite: number;
  /** How long a kick waits so that the appends of that moment go out in one write (0: at once). */
  readonly batchDelayMs: number;
}

/** A flusher's counters. */
export interface FlusherStats {
  /** False from a failed write to the remote until the next one that succeeds. */
  readonly reachable: boolean;
  /** When the current outage began (ms since the epoch). */
  readonly downSince: number | undefined;
  readonly lastError: string | undefined;
  readonly consecutiveFailures: number;
  /** Samples the remote accepted from the spool. */
  readonly flushedSamples: number;
  /** Samples the remote turned down as out of order or repeated (e.g. resent after a crash). */
  readonly remoteRejectedSamples: number;
  /** Samples in records the remote refused as bad data (NocError 'bad_request'): dropped, never retried. */
  readonly refusedSamples: number;
}

/**
 * Replays the spool to the remote store in push order, one pass at a time. A pass sends the oldest records,
 * acknowledges them once the remote has them, and repeats until the spool is empty; a failed write ends the
 * pass and the next one waits for the back-off. A record the remote refuses as bad data would block the
 * queue forever, so a refused batch is retried record by record and only the refused records are dropped.
 */
export class SpoolFlusher {
  private running: Promise<boolean> | undefined;
  private again = false;
  private cancelRetry: (() => void) | undefined;
  private cancelBatch: (() => void) | undefined;
  private stopped = false;
  private reachable = true;
  private downSince: number | undefined;
  private lastError: string | undefined;
  private flushed = 0;
  private remoteRejected = 0;
  private refused = 0;

  constructor(private readonly deps: SpoolFlusherDeps) {}

  /** True unless the last write to the remote failed. */
  get remoteReachable(): boolean {
    return this.reachable;
  }

  /** Asks for a pass: after the batch delay, or after the one running, or when the current back-off ends. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    if (this.cancelRetry !== undefined || this.cancelBatch !== undefined) return;
    if (this.deps.batchDelayMs <= 0) {
      void this.startPass();
      return;
    }
    this.cancelBatch = this.deps.timers.after(this.deps.batchDelayMs, () => {
      this.cancelBatch = undefined;
      if (this.running === undefined) void this.startPass();
      else this.again = true;
    });
  }

  /** Resolves when no pass is running (a back-off may be pending). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Sends everything pending now, ignoring the back-off; rejects with NocError('unavailable') when the remote fails. */
  async drain(): Promise<void> {
    for (;;) {
      await this.idle();
      this.cancelTimers();
      if (!(await this.startPass())) {
        throw new NocError('unavailable', `${this.deps.name} is unreachable: ${this.lastError ?? 'write failed'}`);
      }
      if (this.deps.spool.stats().pendingRecords === 0) return;
    }
  }

  /** One last drain, bounded by `timeoutMs`, then no more passes. */
  async close(timeoutMs: number): Promise<void> {
    let cancelTimeout: (() => void) | undefined;
    const timeout = new Promise<void>((resolve) => {
      cancelTimeout = this.deps.timers.after(timeoutMs, resolve);
    });
    const attempt = this.drain().catch((error: unknown) => {
      this.deps.log.warn({ err: error, pending: this.deps.spool.stats().pendingSamples }, `${this.deps.name}: final flush failed; the spool keeps the rest for the next start`);
    });
    await Promise.race([attempt, timeout]);
    cancelTimeout?.();
    this.stopped = true;
    this.cancelTimers();
  }

  /** The flusher's counters. */
  stats(): FlusherStats {
    return {
      reachable: this.reachable,
      downSince: this.downSince,
      lastError: this.lastError,
      consecutiveFailures: this.deps.backoff.consecutiveFailures,
      flushedSamples: this.flushed,
      remoteRejectedSamples: this.remoteRejected,
      refusedSamples: this.refused,
    };
  }

  private cancelTimers(): void {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.cancelBatch?.();
    this.cancelBatch = undefined;
  }

  private startPass(): Promise<boolean> {
    this.again = false;
    const pass = this.pass().catch((error: unknown) => {
      this.deps.log.error({ err: error }, `${this.deps.name}: spool replay failed`);
      this.markDown(error);
      return false;
    });
    this.running = pass.then((ok) => {
      this.running = undefined;
      if (this.stopped) return ok;
      if (!ok) this.scheduleRetry();
      else if (this.again) this.kick();
      return ok;
    });
    return this.running;
  }

  private async pass(): Promise<boolean> {
    const { spool, remote, log, name } = this.deps;
    let isolateUpTo = 0;
    for (;;) {
      if (this.stopped) return false;
      const batch = spool.peek(isolateUpTo > 0 ? 0 : this.deps.maxSamplesPerWrite);
      if (batch === undefined) return true;
      try {
        const result = await remote.append(batch.samples);
        spool.ack(batch.lastSeq);
        this.flushed += result.accepted;
        this.remoteRejected += result.rejected;
        this.markUp();
      } catch (error) {
        if (!isNocError(error, 'bad_request')) {
          spool.release();
          this.markDown(error);
          return false;
        }
        if (batch.records > 1) {
          spool.release();
          isolateUpTo = batch.lastSeq;
          continue;
        }
        spool.discard(batch.lastSeq);
        this.refused += batch.samples.length;
        log.error({ err: error, samples: batch.samples.length }, `${name} refused a spooled batch as bad data; dropped`);
      }
      if (batch.lastSeq >= isolateUpTo) isolateUpTo = 0;
    }
  }

  private scheduleRetry(): void {
    const delay = this.deps.backoff.nextDelay();
    this.cancelRetry = this.deps.timers.after(delay, () => {
      this.cancelRetry = undefined;
      this.kick();
    });
  }

  private markDown(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    if (!this.reachable) return;
    this.reachable = false;
    this.downSince = this.deps.clock.now();
    this.deps.log.warn({ err: error }, `${this.deps.name} unreachable; samples wait in the spool`);
  }

  private markUp(): void {
    this.deps.backoff.reset();
    if (this.reachable) return;
    const outageMs = this.deps.clock.now() - (this.downSince ?? this.deps.clock.now());
    this.reachable = true;
    this.downSince = undefined;
    this.lastError = undefined;
    this.deps.log.info({ outageMs }, `${this.deps.name} reachable again; replaying the spool`);
  }
}
