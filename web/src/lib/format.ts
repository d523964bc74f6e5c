/** `1h 05m`, `4m 12s`, `12s`: a span for a countdown, sign dropped. */
export function formatSpan(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${two(h)}h`;
  if (h > 0) return `${h}h ${two(m)}m`;
  if (m > 0) return `${m}m ${two(s)}s`;
  return `${s}s`;
}

/** A value with its unit in a readable magnitude: seconds as ms below 1 s, big counts with separators. */
export function formatValue(value: number | undefined, unit: 'seconds' | 'count' | 'plain', locale: string): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  if (unit === 'seconds') {
    if (Math.abs(value) < 1) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value * 1000)} ms`;
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} s`;
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 'count' ? 0 : 2 }).format(value);
}

/** A date-time in the viewer's zone, to the second. */
export function formatTime(iso: string | number | undefined, locale: string): string {
  if (iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A stable key for a series from its metric and labels (label order does not matter). */
export function seriesId(metric: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  return `${metric}{${names.map((name) => `${name}=${JSON.stringify(labels[name])}`).join(',')}}`;
}

/** A PromQL selector text from a metric and equality matchers. */
export function selector(metric: string, labels: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
}
