import type { SlaClock } from './types.js';

/** How an SLA clock looks: running with time to spare, running low (< 25 % left), breached, or stopped in time. */
export type CountdownState = 'ok' | 'warn' | 'breached' | 'met';

/** One SLA clock at an instant. */
export interface Countdown {
  readonly state: CountdownState;
  /** Time left until the deadline (negative once breached). */
  readonly leftMs: number;
}

/**
 * The state of an SLA clock at `now`. `clock` is what the API says (`met` or `breached` once the clock
 * stopped); a running clock turns amber when less than a quarter of its span (`start` → `due`) is left,
 * and red once the deadline passed, even before the server notices.
 */
export function countdown(clock: SlaClock, startMs: number, dueMs: number, now: number): Countdown {
  const leftMs = dueMs - now;
  if (clock === 'met') return { state: 'met', leftMs };
  if (clock === 'breached' || leftMs <= 0) return { state: 'breached', leftMs };
  const span = Math.max(1, dueMs - startMs);
  return { state: leftMs < span * 0.25 ? 'warn' : 'ok', leftMs };
}

/** Incidents in the order a NOC works them: most severe first, then the nearest deadline. */
export function byUrgency<T extends { severity: string; attentionDue: string; solutionDue: string; acknowledgedAt?: string }>(a: T, b: T): number {
  if (a.severity !== b.severity) return a.severity < b.severity ? -1 : 1;
  const due = (i: T) => Date.parse(i.acknowledgedAt === undefined ? i.attentionDue : i.solutionDue);
  return due(a) - due(b);
}
