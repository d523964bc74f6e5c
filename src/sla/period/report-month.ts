import { NocError, zoneOffsets, type ZoneOffsets } from '../../core/index.js';
import type { ReportPeriod } from '../report-model.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month in a time zone, as instants: [from, to) in ms since the epoch. */
export interface MonthSpan {
  readonly month: string;
  readonly timeZone: string;
  readonly from: number;
  readonly to: number;
}

/** The instant of local wall-clock time `wall`; a time in a spring-forward gap lands just after the gap. */
function instantOfWall(wall: number, zone: ZoneOffsets): number {
  return wall - zone.offsetAt(wall - zone.offsetAt(wall));
}

function monthLabel(year: number, monthIndex: number): string {
  const date = new Date(Date.UTC(year, monthIndex, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * Month `YYYY-MM` in `timeZone`: from local midnight on the 1st to local midnight on the 1st of the next
 * month. Throws NocError('bad_request') for a malformed month or an unknown zone.
 */
export function reportMonth(month: string, timeZone: string): MonthSpan {
  const match = MONTH.exec(month);
  if (match === null) throw new NocError('bad_request', `month must be YYYY-MM (e.g. 2026-03), got ${JSON.stringify(month)}`);
  let zone: ZoneOffsets;
  try {
    zone = zoneOffsets(timeZone);
  } catch (error) {
    throw new NocError('bad_request', `unknown time zone ${JSON.stringify(timeZone)}`, undefined, { cause: error });
  }
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return {
    month,
    timeZone,
    from: instantOfWall(Date.UTC(year, monthIndex, 1), zone),
    to: instantOfWall(Date.UTC(year, monthIndex + 1, 1), zone),
  };
}

/** The month before the local month that contains instant `at`: what a job on the 1st reports on. */
export function previousMonth(at: number, timeZone: string): MonthSpan {
  const local = new Date(at + zoneOffsets(timeZone).offsetAt(at));
  return reportMonth(monthLabel(local.getUTCFullYear(), local.getUTCMonth() - 1), timeZone);
}

/** The local month that contains instant `at`. */
export function monthContaining(at: number, timeZone: string): MonthSpan {
  const local = new Date(at + zoneOffsets(timeZone).offsetAt(at));
  return reportMonth(monthLabel(local.getUTCFullYear(), local.getUTCMonth()), timeZone);
}

/** The end of what can be measured of `span` at instant `now`: the month's end, or now while it runs. */
export function measuredEnd(span: MonthSpan, now: number): number {
  return Math.max(span.from, Math.min(span.to, now));
}

/** A month span as the reports print it, measured up to `measuredTo` (default: the month's end). */
export function periodOf(span: MonthSpan, measuredTo: number = span.to): ReportPeriod {
  return {
    month: span.month,
    timeZone: span.timeZone,
    from: new Date(span.from).toISOString(),
    to: new Date(span.to).toISOString(),
    seconds: (span.to - span.from) / 1000,
    measuredTo: new Date(measuredTo).toISOString(),
  };
}
