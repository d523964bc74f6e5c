import type { ApiFailureKind } from './ssllabs-client.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** How long to wait before retrying after one kind of failure, and how many times to retry. */
export interface BackOffRule {
  readonly retries: number;
  /** `attempt` counts this kind's failures in the current assessment, from 1; `random` is in [0, 1). */
  delayMs(attempt: number, random: number): number;
}

/**
 * The waits SSL Labs asks clients for: 429 a minute or more, 503 about 15 minutes, 529 about 30 minutes,
 * randomised so that clients turned away together do not all come back together. Wrong requests (4xx,
 * an unregistered email) are not retried: the same request would fail again.
 */
export const BACK_OFF: Readonly<Record<ApiFailureKind, BackOffRule | undefined>> = {
  // 1–2 min, doubling up to 8–16 min while the service stays full.
  rate_limited: { retries: 8, delayMs: (attempt, random) => MINUTE * Math.min(2 ** (attempt - 1), 8) * (1 + random) },
  // 12–18 min.
  unavailable: { retries: 4, delayMs: (_attempt, random) => 15 * MINUTE * (0.8 + 0.4 * random) },
  // 24–36 min.
  overloaded: { retries: 4, delayMs: (_attempt, random) => 30 * MINUTE * (0.8 + 0.4 * random) },
  // 10–15 s, 20–30 s, 40–60 s.
  server: { retries: 3, delayMs: (attempt, random) => 10 * SECOND * 2 ** (attempt - 1) * (1 + 0.5 * random) },
  network: { retries: 3, delayMs: (attempt, random) => 10 * SECOND * 2 ** (attempt - 1) * (1 + 0.5 * random) },
  unregistered: undefined,
  refused: undefined,
};

/** The wait before retry number `attempt` after a failure of `kind`, or undefined to give up. */
export function backOffDelay(kind: ApiFailureKind, attempt: number, random: number): number | undefined {
  const rule = BACK_OFF[kind];
  if (rule === undefined || attempt > rule.retries) return undefined;
  return Math.round(rule.delayMs(attempt, random));
}
