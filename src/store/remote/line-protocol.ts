import { Point } from '@influxdata/influxdb-client';
import { type Labels, parseSeriesKey, type Sample, type SeriesKey } from '../../core/index.js';

/** The field holding a sample's finite value. */
export const VALUE_FIELD = 'value';
/** The field holding a value InfluxDB cannot store as a float: 0 = NaN, 1 = +Inf, -1 = -Inf. */
export const SPECIAL_FIELD = 'special';

/**
 * A float as line protocol text that parses back to the same double: JavaScript's shortest round-trip
 * form, except -0, which `String` prints as "0" and would lose its sign.
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`line protocol cannot carry ${value}: use the '${SPECIAL_FIELD}' field`);
  return Object.is(value, -0) ? '-0' : String(value);
}

/** The `special` code of a non-finite value, undefined for a finite one. */
export function specialCode(value: number): number | undefined {
  if (Number.isNaN(value)) return 0;
  if (value === Infinity) return 1;
  if (value === -Infinity) return -1;
  return undefined;
}

/**
 * A sample's value from the `value` and `special` fields of a stored point (null/undefined when absent);
 * undefined when the point has neither or an unknown special code.
 */
export function decodeSampleValue(value: number | null | undefined, special: number | null | undefined): number | undefined {
  if (typeof value === 'number') return value;
  switch (special) {
    case 0:
      return NaN;
    case 1:
      return Infinity;
    case -1:
      return -Infinity;
    default:
      return undefined;
  }
}

/**
 * Line protocol cannot carry a newline in a tag (it ends the line) nor a tag value ending in a backslash
 * (the backslash would escape the separator after it): such labels are refused rather than stored altered.
 */
export function unencodableLabel(labels: Labels): string | undefined {
  for (const [name, value] of Object.entries(labels)) {
    if (/[\n\r]/.test(value) || value.endsWith('\\')) return name;
  }
  return undefined;
}

/** The point of one sample: metric → measurement, labels → tags (empty ones dropped), ms timestamp. */
export function samplePoint(metric: string, labels: Labels, t: number, v: number): Point {
  const point = new Point(metric);
  for (const [name, value] of Object.entries(labels)) if (value !== '') point.tag(name, value);
  const special = specialCode(v);
  // Set the escaped field text directly: Point.floatField refuses ±Inf/NaN and prints -0 as 0.
  if (special === undefined) point.fields[VALUE_FIELD] = formatFloat(v);
  else point.fields[SPECIAL_FIELD] = String(special);
  return point.timestamp(String(Math.trunc(t)));
}

/**
 * Encodes samples as line protocol with millisecond timestamps (write with precision=ms). Caches each
 * series' escaped `measurement,tags` prefix, as series keys repeat every poll.
 */
export class LineProtocolEncoder {
  private readonly prefixes = new Map<SeriesKey, string>();

  constructor(private readonly maxCachedSeries = 100_000) {}

  /** One line per sample, in order. Throws RangeError for a label line protocol cannot carry. */
  encode(samples: readonly Sample[]): string[] {
    return samples.map((sample) => this.line(sample));
  }

  /** The line of one sample. */
  line(sample: Sample): string {
    const special = specialCode(sample.v);
    const field = special === undefined ? `${VALUE_FIELD}=${formatFloat(sample.v)}` : `${SPECIAL_FIELD}=${special}`;
    return `${this.prefix(sample.series)} ${field} ${Math.trunc(sample.t)}`;
  }

  private prefix(key: SeriesKey): string {
    const cached = this.prefixes.get(key);
    if (cached !== undefined) return cached;
    const { metric, labels } = parseSeriesKey(key);
    const bad = unencodableLabel(labels);
    if (bad !== undefined) throw new RangeError(`label '${bad}' of ${key}: InfluxDB line protocol cannot carry a newline or a trailing backslash in a tag value`);
    const line = samplePoint(metric, labels, 0, 0).toLineProtocol({ convertTime: () => undefined }) as string;
    const prefix = line.slice(0, line.lastIndexOf(` ${VALUE_FIELD}=`));
    if (this.prefixes.size >= this.maxCachedSeries) this.prefixes.clear();
    this.prefixes.set(key, prefix);
    return prefix;
  }
}
