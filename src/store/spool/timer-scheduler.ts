/** Runs a callback after a delay; injected so tests move time by hand instead of sleeping. */
export interface TimerScheduler {
  /** Calls `run` after `ms` milliseconds; the returned function cancels it. */
  after(ms: number, run: () => void): () => void;
}

/** Real timers, which do not keep the process alive on their own. */
export const systemTimers: TimerScheduler = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
