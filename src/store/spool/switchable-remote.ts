import {
  type Aggregation,
  type AppendResult,
  type LatestSample,
  NocError,
  type Sample,
  type SampleAppender,
  type SeriesInfo,
  type SeriesPoints,
  type SeriesQuerier,
  type SeriesSelector,
  type TimeRange,
} from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';

/**
 * A stand-in for a remote store in tests: an in-memory store that can be switched down (every call rejects
 * as a refused connection would) and up, and that records the batches it accepted, in order.
 */
export class SwitchableRemote implements SampleAppender, SeriesQuerier {
  /** Batches accepted, in arrival order. */
  readonly batches: Sample[][] = [];
  /** Calls to append, successful or not. */
  appendCalls = 0;
  private up = true;
  private gate: Promise<void> | undefined;

  constructor(
    readonly store: MemorySeriesStore = new MemorySeriesStore(),
    /** A batch for which this returns true is refused as bad data (NocError 'bad_request'). */
    private readonly refuse: (samples: readonly Sample[]) => boolean = () => false,
  ) {}

  /** Switches the server on or off. */
  setUp(up: boolean): void {
    this.up = up;
  }

  /** Holds every append (as a slow server would) until the returned function is called. */
  pause(): () => void {
    let release = (): void => undefined;
    this.gate = new Promise((resolve) => {
      release = () => {
        this.gate = undefined;
        resolve();
      };
    });
    return release;
  }

  /** Every accepted sample, in arrival order. */
  received(): Sample[] {
    return this.batches.flat();
  }

  async append(samples: readonly Sample[]): Promise<AppendResult> {
    this.appendCalls++;
    if (this.gate !== undefined) await this.gate;
    if (!this.up) return this.down();
    if (this.refuse(samples)) throw new NocError('bad_request', 'remote refused the batch: bad value');
    this.batches.push([...samples]);
    return this.store.append(samples);
  }

  series(selector: SeriesSelector, range?: TimeRange): Promise<SeriesInfo[]> {
    return this.up ? this.store.series(selector, range) : this.down();
  }

  latest(selector: SeriesSelector, options?: { at?: number; lookback?: number }): Promise<LatestSample[]> {
    return this.up ? this.store.latest(selector, options) : this.down();
  }

  range(selector: SeriesSelector, range: TimeRange): Promise<SeriesPoints[]> {
    return this.up ? this.store.range(selector, range) : this.down();
  }

  aggregate(selector: SeriesSelector, range: TimeRange, step: number, fn: Aggregation): Promise<SeriesPoints[]> {
    return this.up ? this.store.aggregate(selector, range, step, fn) : this.down();
  }

  private down(): Promise<never> {
    return Promise.reject(new NocError('unavailable', 'connect ECONNREFUSED 127.0.0.1:8428'));
  }
}
