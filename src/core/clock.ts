/** Source of time, injected so evaluation and tests control it. */
export interface Clock {
  /** Wall-clock time in ms since the Unix epoch (UTC). */
  now(): number;
  /** Monotonic time in ms, for measuring durations. */
  monotonic(): number;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock that moves only when told: for tests and deterministic replays. */
export class ManualClock implements Clock {
  private wall: number;
  private mono = 0;

  constructor(start: number) {
    this.wall = start;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  /** Moves both clocks forward by `ms`. */
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }

  /** Sets the wall clock (the monotonic clock moves by the same amount when going forward). */
  set(wall: number): void {
    if (wall > this.wall) this.mono += wall - this.wall;
    this.wall = wall;
  }
}
