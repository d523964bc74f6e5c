/** Label set of a series: name → value. Names follow Prometheus: [a-zA-Z_][a-zA-Z0-9_]*. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Canonical identity of a series: `metric{a="1",b="2"}` with label names sorted and values escaped as in
 * the Prometheus text format. Build it once per series (collectors cache it) — it is the hot-path map key.
 */
export type SeriesKey = string & { readonly __brand: 'SeriesKey' };

/** A series' metric name with its labels. */
export interface SeriesId {
  readonly metric: string;
  readonly labels: Labels;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True when `name` is a valid metric name. */
export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** True when `name` is a valid label name. */
export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The canonical key of `metric` with `labels`; empty-valued labels are dropped, as Prometheus does. */
export function seriesKey(metric: string, labels: Labels = {}): SeriesKey {
  const names = Object.keys(labels)
    .filter((name) => labels[name] !== '')
    .sort();
  if (names.length === 0) return metric as SeriesKey;
  const parts = names.map((name) => `${name}="${escapeLabelValue(labels[name] as string)}"`);
  return `${metric}{${parts.join(',')}}` as SeriesKey;
}

/** Inverse of {@link seriesKey}. Throws on text that is not a canonical key. */
export function parseSeriesKey(key: string): SeriesId {
  const brace = key.indexOf('{');
  if (brace < 0) return { metric: key, labels: {} };
  if (!key.endsWith('}')) throw new Error(`not a series key: ${key}`);
  const metric = key.slice(0, brace);
  const labels: Record<string, string> = {};
  let i = brace + 1;
  const end = key.length - 1;
  while (i < end) {
    const eq = key.indexOf('="', i);
    if (eq < 0) throw new Error(`not a series key: ${key}`);
    const name = key.slice(i, eq);
    let value = '';
    let j = eq + 2;
    for (; j < end && key[j] !== '"'; j++) {
      if (key[j] === '\\') {
        j++;
        value += key[j] === 'n' ? '\n' : key[j];
      } else {
        value += key[j];
      }
    }
    labels[name] = value;
    i = j + 1;
    if (key[i] === ',') i++;
  }
  return { metric, labels };
}
