// Pure helpers of the forensics page: time fields, value units, correlation wording, event tones, chart data.
import { formatValue } from '../../lib/format.js';
import type { TextKey } from '../../lib/i18n.js';
import type { Tone } from '../../lib/status-icon.js';
import type { FocusCorrelationView, MaybeNumber, RankedSeriesView } from '../../lib/types.js';

/** A series sampled for drawing: times in ms, null where there is no value. */
export interface SeriesLine {
  readonly t: readonly number[];
  readonly v: readonly (number | null)[];
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The API's form of a time field: a local date-time without a zone (`2026-05-01 10:00`, as the field shows
 * a dragged window) becomes ISO-8601 in UTC; `now`, `-2h`, ISO with a zone and Unix seconds pass as typed.
 */
export function toApiTime(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const local = LOCAL_TIME.exec(trimmed);
  if (local === null) return trimmed;
  const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
  return new Date(y as number, (mo as number) - 1, d, h, mi, Number.isNaN(s) ? 0 : s).toISOString();
}

/** A time in ms as the fields show it: local `YYYY-MM-DD HH:mm:ss`. */
export function toFieldTime(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** How a metric's values read: seconds by name, plain numbers otherwise. */
export function unitOf(metric: string): 'seconds' | 'plain' {
  return /_seconds(_total)?$/.test(metric) ? 'seconds' : 'plain';
}

/** A value of a ranked series with its unit (rates carry `/s`). */
export function formatSeriesValue(value: MaybeNumber | undefined, entry: Pick<RankedSeriesView, 'metric' | 'rated'>, locale: string): string {
  if (value === null || value === undefined) return '—';
  return `${formatValue(value, unitOf(entry.metric), locale)}${entry.rated ? '/s' : ''}`;
}

/** A lag for people: `40s`, `1m30s`, `2h`. */
export function formatLag(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 || total === 0 ? `${s}s` : ''].join('');
}

/** "leads by 40s, inversely (r 0.93)" in the page's language, from the correlation's lag, sign and r. */
export function describeCorrelation(correlation: FocusCorrelationView, t: (key: TextKey) => string): string {
  if (correlation.r === null || correlation.sign === 0) return t('corr.none');
  const r = ` (r\u00a0${correlation.r.toFixed(2)})`;
  if (correlation.lag === 0) return `${t(correlation.sign < 0 ? 'corr.against' : 'corr.with')}${r}`;
  const inversely = correlation.sign < 0 ? `, ${t('corr.inversely')}` : '';
  return `${t(correlation.lag > 0 ? 'corr.leads' : 'corr.follows')} ${formatLag(correlation.lagMs)}${inversely}${r}`;
}

/** The tone (icon shape and colour) of a timeline event kind. */
export function toneOfKind(kind: string): Tone {
  if (/^(alert_firing|target_down|incident_opened|incident_reopened|incident_notification_failed|config_reload_failed)$/.test(kind)) return 'down';
  if (/^(alert_pending|incident_escalated|ssl_grade_changed|certificate_changed|incident_ongoing)$/.test(kind)) return 'warn';
  if (/^(alert_resolved|alert_inactive|target_up|incident_resolved|incident_closed|config_reloaded|incident_acknowledged)$/.test(kind)) return 'up';
  if (kind.startsWith('maintenance_')) return 'maint';
  return 'unknown';
}

/** Labels of a series as `name=value` chips, the metric's own name left out. */
export function labelPairs(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name] as string}`);
}

/** Per-second rates of a counter sampled per bucket; a reset (a drop) leaves a gap. */
export function counterRates(line: SeriesLine): SeriesLine {
  const v: (number | null)[] = line.v.map(() => null);
  let previous = -1;
  for (let i = 0; i < line.t.length; i++) {
    if (line.v[i] === null) continue;
    if (previous >= 0) {
      const delta = (line.v[i] as number) - (line.v[previous] as number);
      const dt = ((line.t[i] as number) - (line.t[previous] as number)) / 1000;
      v[i] = delta >= 0 && dt > 0 ? delta / dt : null;
    }
    previous = i;
  }
  return { t: line.t, v };
}

/** Lines put on one x axis (Unix seconds, the union of their times) as uPlot wants them. */
export function alignLines(lines: readonly SeriesLine[]): [number[], ...(number | null)[][]] {
  const xs = [...new Set(lines.flatMap((line) => line.t))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = lines.map((line) => {
    const out = new Array<number | null>(xs.length).fill(null);
    line.t.forEach((time, i) => (out[index.get(time) as number] = line.v[i] ?? null));
    return out;
  });
  return [xs.map((x) => x / 1000), ...ys];
}

/** A date-time on the 24-hour clock the charts use, the date left out when `withDate` is false. */
export function formatWhen(iso: string | number, locale: string, withDate = true): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(locale, {
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

const SPECIAL_NUMBERS: ReadonlySet<unknown> = new Set(['NaN', '+Inf', '-Inf']);
/** Keys whose values are text, never numbers: their "NaN" is a label value, not a missing number. */
const TEXT_KEYS: ReadonlySet<string> = new Set(['labels', 'key', 'metric', 'title', 'details', 'description']);

/**
 * The API writes NaN and ±Inf as the strings "NaN", "+Inf", "-Inf" (JSON has no such numbers); the page
 * shows them as missing. Text fields (labels, keys, titles) are left as they are.
 */
export function withoutSpecialNumbers<T>(value: T): T {
  if (SPECIAL_NUMBERS.has(value)) return null as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutSpecialNumbers(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, TEXT_KEYS.has(key) ? item : withoutSpecialNumbers(item)]),
    ) as T;
  }
  return value;
}
