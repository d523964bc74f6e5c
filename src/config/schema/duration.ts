import { z } from 'zod';
import { parseDuration } from '../../core/index.js';

/** The message every bad duration gets, so users learn the syntax from the first mistake. */
export const DURATION_HINT = 'expected a duration such as 10s, 5m or 1h30m';

/** Milliseconds of a duration as written in YAML (`0` alone is allowed), or undefined when it is not one. */
export function durationMs(value: unknown): number | undefined {
  if (value === 0 || value === '0') return 0;
  return typeof value === 'string' ? parseDuration(value.trim()) : undefined;
}

/** A Prometheus-style duration (`500ms`, `10s`, `1h30m`; `0` alone is allowed) parsed into milliseconds. */
export const Duration = z
  .custom<string | number>((value) => typeof value === 'string' || typeof value === 'number', {
    // undefined falls through to the loader's "missing required key" message.
    error: (issue) => (issue.input === undefined ? undefined : DURATION_HINT),
  })
  .transform((value, ctx): number => {
    const ms = durationMs(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${DURATION_HINT}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ms;
  });
/** Milliseconds, after parsing. */
export type Duration = z.infer<typeof Duration>;

/** A duration that must be longer than zero (intervals, timeouts). */
export const PositiveDuration = Duration.refine((ms) => ms > 0, { message: 'must be longer than 0s' });
/** Milliseconds, greater than zero. */
export type PositiveDuration = z.infer<typeof PositiveDuration>;
