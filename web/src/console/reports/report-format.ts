// How the reports page prints the reports' numbers: durations to the second, percentages never rounded up
// (an availability of 99.98996 % must not read as a met 99.99 %), money in the contract's currency.

const MINUS = '\u2212';

/** `0s`, `4m 23s`, `2h 05m 10s`, `30d 01h`: a duration in whole seconds, trailing zero units dropped; negative with a minus sign. */
export function formatDuration(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  if (total === 0) return '0s';
  const parts: Array<[number, string]> = [
    [Math.floor(total / 86_400), 'd'],
    [Math.floor((total % 86_400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  let last = parts.length - 1;
  while (last > first && parts[last]?.[0] === 0) last--;
  const text = parts
    .slice(first, last + 1)
    .map(([n, unit], i) => `${i === 0 ? n : String(n).padStart(2, '0')}${unit}`)
    .join(' ');
  return seconds < 0 && total > 0 ? `${MINUS}${text}` : text;
}

/** A percentage truncated (never rounded up) to `digits` decimals and at least `minDigits`; `—` for null. */
export function formatPercent(value: number | null, locale: string, digits: number, minDigits = 0): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const scale = 10 ** digits;
  // Binary noise first (99.99 is 99.98999…), then the cut: 99.98996 must read 99.9899, never a met 99.99.
  const truncated = Math.trunc(Math.round(value * scale * 1e6) / 1e6) / scale;
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: minDigits, maximumFractionDigits: digits }).format(truncated / 100);
}

/** An availability percentage: up to four decimals, at least two (`99.9514%`, `100.00%`). */
export const formatAvailability = (value: number | null, locale: string): string => formatPercent(value, locale, 4, 2);

/** A compliance percentage: up to two decimals (`71.42%`, `98%`). */
export const formatCompliance = (value: number | null, locale: string): string => formatPercent(value, locale, 2);

/** An amount in the contract's currency (`$1,200.00`). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // not an ISO 4217 code: the number with the code after it
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
  }
}

/** `April 2026` / `abril de 2026` for `2026-04`; the text itself when it is not a month. */
export function formatMonth(month: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

/** `2026-04-14 22:10` in `timeZone`: the report's own zone, so times read as the month they belong to. */
export function formatZoned(iso: string | null, timeZone: string): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  } catch {
    return iso;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The month before the one that contains `now` (local time), as `YYYY-MM`: the last complete month. */
export function previousMonthOf(now: Date): string {
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${first.getFullYear()}-${String(first.getMonth() + 1).padStart(2, '0')}`;
}

/** The month that contains `now` (local time), as `YYYY-MM`. */
export function monthOf(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** Which report a download is of. */
export type ReportKind = 'availability' | 'sla';

/** The URL of a report file: CSV or printable HTML of a month (the SLA report's CSV may be its penalties table). */
export function reportFileHref(kind: ReportKind, month: string, format: 'csv' | 'html', table?: 'penalties'): string {
  const params = new URLSearchParams({ month, format });
  if (table !== undefined) params.set('table', table);
  return `/api/v1/reports/${kind}?${params.toString()}`;
}
