import type { ManualClock } from '../../core/index.js';
import type { TimerScheduler } from './timer-scheduler.js';

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/**
 * Timers driven by a ManualClock, for tests: `advance` moves the clock to each due timer in turn, runs it and
 * lets the work it started settle before going on, so back-off schedules play out without sleeping.
 */
export class ManualTimers implements TimerScheduler {
  private pending: Pending[] = [];
  private seq = 0;

  constructor(
    private readonly clock: ManualClock,
    /** Awaited after each timer runs (e.g. until the store is idle); by default one turn of the event loop. */
    private readonly settle: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ) {}

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.clock.monotonic() + ms, seq: this.seq++, run };
    this.pending.push(timer);
    return () => {
      this.pending = this.pending.filter((p) => p !== timer);
    };
  }

  /** Timers waiting to run. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Moves the clock forward by `ms`, running the timers that fall due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.clock.monotonic() + ms;
    await this.settle();
    for (;;) {
      const next = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.pending = this.pending.filter((p) => p !== next);
      if (next.at > this.clock.monotonic()) this.clock.advance(next.at - this.clock.monotonic());
      next.run();
      await this.settle();
    }
    if (end > this.clock.monotonic()) this.clock.advance(end - this.clock.monotonic());
  }
}
