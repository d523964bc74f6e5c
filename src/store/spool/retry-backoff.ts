/** Limits of the retry delays while the remote store is down. */
export interface RetryLimits {
  /** Delay after the first failure (default 500 ms). */
  readonly initialDelayMs?: number;
  /** Longest delay between attempts (default 30 s). */
  readonly maxDelayMs?: number;
}

/**
 * Exponential back-off with jitter: the n-th consecutive failure waits a random time in [d/2, d] with
 * d = min(max, initial · 2ⁿ⁻¹). The jitter keeps collectors that lost the same store from retrying in step.
 */
export class RetryBackoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(
    limits: RetryLimits = {},
    private readonly random: () => number = Math.random,
  ) {
    this.initialMs = limits.initialDelayMs ?? 500;
    this.maxMs = Math.max(this.initialMs, limits.maxDelayMs ?? 30_000);
  }

  /** Consecutive failures since the last success. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  nextDelay(): number {
    this.failures++;
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures - 1, 52));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** Records a success: the next failure starts from the initial delay again. */
  reset(): void {
    this.failures = 0;
  }
}
