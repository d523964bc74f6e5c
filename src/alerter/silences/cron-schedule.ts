import { createTask, parse } from 'node-cron';
import { NocError, offsetsBetween, zoneOffsets } from '../../core/index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The instants at which a five-field cron expression fires in one time zone. */
export interface CronSchedule {
  readonly expression: string;
  readonly timeZone: string;
  /** Firing instants t with from <= t < to, ascending. */
  occurrences(from: number, to: number): number[];
}

const mod = (n: number, m: number): number => ((n % m) + m) % m;

/** node-cron's field matcher for `expression`, evaluated on the wall clock of `timeZone`. */
function matcherOf(expression: string, timeZone: string): (instant: number) => boolean {
  // createTask is node-cron's only public way to a matcher; the task is never started, and destroying it
  // at once takes it out of node-cron's global registry so that calendars built on reloads do not pile up.
  const task = createTask(expression, () => undefined, { timezone: timeZone });
  void task.destroy();
  return (instant) => task.match(new Date(instant));
}

/**
 * Occurrences of `expression` in `timeZone`, with node-cron deciding which wall-clock times match.
 * node-cron 4 only looks forward from the current wall-clock time (`getNextRuns`) and has no previous-run
 * query, so occurrences come from walking whole minutes and asking its `match`: a cheap hour/minute test on
 * the zone's wall clock first, so node-cron (an Intl call per question) is asked only about candidates.
 * Daylight-saving changes follow Vixie cron: a time the clock skips fires at the transition, and a time the
 * clock repeats fires once, on its first pass, unless the expression fires every hour.
 * Throws NocError('invalid_config') for an expression node-cron rejects.
 */
export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  let fields: ReturnType<typeof parse>;
  let zoneMatch: (instant: number) => boolean;
  let wallMatch: (wall: number) => boolean;
  try {
    fields = parse(expression);
    zoneMatch = matcherOf(expression, timeZone);
    // A wall-clock time written as if it were UTC, matched in UTC: the way to ask about a time the clock skips.
    wallMatch = matcherOf(expression, 'UTC');
  } catch (error) {
    throw new NocError('invalid_config', `cron "${expression}" in ${timeZone}: ${(error as Error).message}`, undefined, { cause: error });
  }
  const minutes = new Set(fields.minute);
  const hours = new Set(fields.hour);
  const everyHour = hours.size === 24;
  const zone = zoneOffsets(timeZone);

  return {
    expression,
    timeZone,
    occurrences(from, to) {
      const out: number[] = [];
      const push = (t: number): void => {
        if (t >= from && out.at(-1) !== t) out.push(t);
      };
      // The walk starts a day early so that a range starting inside a repeated hour knows it is the second pass.
      let t = Math.ceil((from - DAY) / MINUTE) * MINUTE;
      let previousOffset = zone.offsetAt(t - MINUTE);
      // During a fall-back change, instants before this show wall-clock times that were already shown.
      let repeatedUntil = -Infinity;
      while (t < to) {
        // offsetsBetween assumes at most one transition per span, which a day always satisfies.
        const spanEnd = Math.min(to, t + DAY);
        const offsetAt = offsetsBetween(zone, t, spanEnd);
        for (; t < spanEnd; t += MINUTE) {
          const offset = offsetAt(t);
          if (offset > previousOffset) {
            // Spring forward: the wall clock jumped from t + previousOffset to t + offset.
            for (let wall = t + previousOffset; wall < t + offset; wall += MINUTE) {
              if (wallMatch(wall)) {
                push(t);
                break;
              }
            }
          } else if (offset < previousOffset) {
            repeatedUntil = t + (previousOffset - offset);
          }
          previousOffset = offset;
          if (t < repeatedUntil && !everyHour) continue;
          if (t < from) continue;
          const wall = t + offset;
          if (!minutes.has(mod(Math.floor(wall / MINUTE), 60)) || !hours.has(mod(Math.floor(wall / HOUR), 24))) continue;
          if (zoneMatch(t)) push(t);
        }
      }
      return out;
    },
  };
}
