import { NocError, zoneOffsets, type ZoneOffsets } from '../../core/index.js';
import type { ClockRange, WeeklyHours } from '../../config/index.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
// A calendar with any service hour reaches any contractual time within a few years; past this the
// calendar is empty or the duration absurd, and looping on would only hang the caller.
const MAX_DAYS = 5 * 366;

/** Sorted, overlap-free ranges, so hours listed twice are not counted twice. */
function merged(ranges: readonly ClockRange[]): ClockRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last !== undefined && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else out.push({ from: range.from, to: range.to });
  }
  return out;
}

/** The UTC instant of a local wall-clock time; the second pass settles days with a DST change. */
function utcOf(wall: number, zone: ZoneOffsets): number {
  const guess = wall - zone.offsetAt(wall);
  return wall - zone.offsetAt(guess);
}

/**
 * The instant at which `duration` ms of service time have passed since `start`, counting only the
 * `hours` of each weekday in `timeZone` (an SLA clock that stops outside business hours). A start outside
 * service hours waits for the next opening.
 */
export function addServiceTime(start: number, duration: number, hours: WeeklyHours, timeZone: string): number {
  if (duration <= 0) return start;
  const zone = zoneOffsets(timeZone);
  const days = Object.fromEntries(WEEKDAYS.map((day) => [day, merged(hours[day])])) as Record<(typeof WEEKDAYS)[number], ClockRange[]>;
  let remaining = duration;
  // Local midnight of the start's day, as "wall-clock ms" (UTC fields read as local time).
  let midnight = Math.floor((start + zone.offsetAt(start)) / DAY) * DAY;
  for (let i = 0; i < MAX_DAYS; i++, midnight += DAY) {
    const weekday = WEEKDAYS[new Date(midnight).getUTCDay()] as (typeof WEEKDAYS)[number];
    for (const range of days[weekday]) {
      const opens = Math.max(utcOf(midnight + range.from * MINUTE, zone), start);
      const closes = utcOf(midnight + range.to * MINUTE, zone);
      if (closes <= opens) continue;
      if (remaining <= closes - opens) return opens + remaining;
      remaining -= closes - opens;
    }
  }
  throw new NocError('invalid_config', `the SLA calendar has too few service hours to count ${duration} ms`);
}
