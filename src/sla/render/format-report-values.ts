import { formatCents, toCents } from '../penalties/money.js';
import { NocError } from '../../core/index.js';

/** What a report prints where a value is null (nothing measured, clock still running). */
export const NO_VALUE = '—';

/**
 * `value` with at most `maxDecimals` decimals, trailing zeros dropped, '.' as the decimal mark and no
 * grouping: the same text in every locale, readable by any spreadsheet or script.
 */
export function plainNumber(value: number, maxDecimals: number): string {
  const text = fixedDecimals(value, maxDecimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** `value` with exactly `decimals` decimals and no grouping ("1250.00"); a rounded -0 prints unsigned. */
export function fixedDecimals(value: number, decimals: number): string {
  if (!Number.isFinite(value)) throw new NocError('internal', `number to print must be finite, got ${value}`);
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A duration for people, precise where it matters and short where it does not: "0.25 s", "19.2 s",
 * "4 min 19.2 s", "3 h 05 min", "2 d 4 h"; negative (an overspent budget) with a leading '-'.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return NO_VALUE;
  if (!Number.isFinite(seconds)) throw new NocError('internal', `duration must be a finite number of seconds, got ${seconds}`);
  const size = Math.abs(seconds);
  // Each unit is chosen after rounding, so 59.96 s prints as "1 min 0 s", not "60 s".
  const millis = Math.round(size * 1000);
  if (millis === 0) return '0 s';
  const sign = seconds < 0 ? '-' : '';
  if (millis < 1000) return `${sign}${plainNumber(millis / 1000, 3)} s`;
  const tenths = Math.round(size * 10);
  if (tenths < 600) return `${sign}${plainNumber(tenths / 10, 1)} s`;
  if (tenths < 36_000) return `${sign}${Math.floor(tenths / 600)} min ${plainNumber((tenths % 600) / 10, 1)} s`;
  const minutes = Math.round(size / 60);
  if (minutes < 1440) return `${sign}${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
  const hours = Math.round(size / 3600);
  return `${sign}${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A percentage with 4 decimals ("99.9512 %"): 99.99 % leaves 0.01 %, so 2 decimals would hide a miss. */
export function formatPercent(percent: number | null): string {
  if (percent === null) return NO_VALUE;
  return `${fixedDecimals(percent, 4)} %`;
}

/** An amount of money with 2 decimals and its currency code ("1250.00 USD"), as the penalties' reasons print it. */
export function formatMoney(amount: number, currency: string): string {
  return formatCents(toCents(amount), currency);
}

/** "GMT-03:00" → "-03", "GMT+05:30" → "+05:30", "GMT" → "+00". */
function shortOffset(zoneName: string): string {
  const match = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(zoneName);
  if (match === null) return '+00';
  const [, sign, hours = '0', minutes] = match;
  return `${sign}${hours.padStart(2, '0')}${minutes === undefined || minutes === '00' ? '' : `:${minutes}`}`;
}

/**
 * A printer of ISO instants as wall-clock time in `timeZone` with its offset ("2026-04-03 14:05:00 -03"),
 * so the hour a DST change repeats still reads unambiguously. Build one per report: a DateTimeFormat is
 * costly to construct. Throws NocError('bad_request') for an unknown zone.
 */
export function instantFormatter(timeZone: string): (iso: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
  } catch (error) {
    throw new NocError('bad_request', `period.timeZone must be an IANA time zone, got ${JSON.stringify(timeZone)}`, undefined, { cause: error });
  }
  return (iso) => {
    const at = Date.parse(iso);
    if (Number.isNaN(at)) throw new NocError('bad_request', `instant must be ISO-8601, got ${JSON.stringify(iso)}`);
    const parts = new Map(format.formatToParts(at).map((part) => [part.type, part.value]));
    const part = (type: Intl.DateTimeFormatPartTypes): string => parts.get(type) ?? '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${shortOffset(part('timeZoneName'))}`;
  };
}

/** One instant as wall-clock time in `timeZone` (see instantFormatter); null prints as NO_VALUE. */
export function formatInstant(iso: string | null, timeZone: string): string {
  return iso === null ? NO_VALUE : instantFormatter(timeZone)(iso);
}
