import { parseDuration } from './duration.js';

/**
 * Parses a time given by a person or a script: `now`, a relative duration back from now (`-2h`, `-1h30m`,
 * also `now-2h`), an ISO-8601 date-time (`2026-11-02T10:00:00Z`), or Unix seconds (`1793613600`, as the
 * Prometheus API takes). Returns ms since the epoch, or undefined when it is none of these.
 */
export function parseTime(text: string, now: number): number | undefined {
  const value = text.trim();
  if (value === 'now') return now;
  const relative = /^(?:now)?-(.+)$/.exec(value);
  if (relative) {
    const back = parseDuration(relative[1] as string);
    return back === undefined ? undefined : now - back;
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
