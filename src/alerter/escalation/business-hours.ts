import { NocError, zoneOffsets } from '../../core/index.js';
import type { WeeklyHours } from '../../config/index.js';
import type { BusinessHours } from '../../config/schema/business-hours.js';
import { wallClockOf } from './local-time.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The weekly hours `hours` stands for: its own, or those of the `sla.calendars` entry it names. */
export function resolveBusinessHours(hours: BusinessHours, calendars: Readonly<Record<string, WeeklyHours>> | undefined): WeeklyHours {
  if (hours.calendar === undefined) return hours;
  const named = calendars?.[hours.calendar];
  // The config check refuses unknown calendars at load; this guards a config built by hand.
  if (named === undefined) throw new NocError('invalid_config', `business hours: unknown calendar "${hours.calendar}"`);
  return named;
}

/**
 * True when `at` falls within `hours` on the local wall clock of `timeZone`: a range covers [from, to), so
 * 06:00-21:00 includes 06:00 and ends just before 21:00, whatever the day's UTC offset.
 */
export function isBusinessHours(hours: WeeklyHours, timeZone: string, at: number): boolean {
  const wall = wallClockOf(at, zoneOffsets(timeZone));
  const weekday = WEEKDAYS[new Date(wall).getUTCDay()] as (typeof WEEKDAYS)[number];
  const minute = Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
  return hours[weekday].some((range) => range.from <= minute && minute < range.to);
}
