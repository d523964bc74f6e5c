/** Back-off between delivery attempts, in ms. */
export interface RetrySettings {
  /** Ceiling of the wait after the first failure. */
  readonly initial: number;
  /** Growth of the ceiling per further failure. */
  readonly factor: number;
  /** The ceiling never grows past this. */
  readonly max: number;
}

/** The ceiling of the wait after `failures` failed attempts (1 for the first): `initial·factor^(failures−1)`, capped. */
export function backoffCeiling(failures: number, retry: RetrySettings): number {
  const exponent = Math.max(0, failures - 1);
  // factor^exponent overflows to Infinity for a message retried for long enough; the cap absorbs it.
  return Math.min(retry.max, retry.initial * retry.factor ** exponent);
}

/**
 * The wait before the next attempt after `failures` failed ones: uniform between 0 and the ceiling ("full
 * jitter"), so the messages of a channel that failed together do not all come back at the same instant.
 * `random` returns values in [0, 1), as Math.random does.
 */
export function retryDelay(failures: number, retry: RetrySettings, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(r * backoffCeiling(failures, retry));
}
