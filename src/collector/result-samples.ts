import type { TargetConfig } from '../config/index.js';
import { type Labels, type Sample, type SeriesKey, seriesKey } from '../core/index.js';
import type { Measurement, ProbeResult } from './probe.js';

/** The labels every series of a probe carries: who it is about and which probe measured it. */
export function probeLabels(target: TargetConfig, probe: string): Labels {
  return { ...target.labels, target: target.id, probe, role: target.role, site: target.site };
}

/** Keys kept per probe at most: enough for any probe's own series, bounded for a scrape of thousands. */
const MAX_CACHED_KEYS = 256;

/**
 * The series keys of one probe's samples, built once instead of per run: a key sorts and escapes every
 * label, which cost more than the rest of turning a fast probe's run into samples. Valid for one set of
 * base labels; keys of measurements with labels of their own are cached up to a bound.
 */
export class SeriesKeyCache {
  /** The key of `up` with the base labels. */
  readonly up: SeriesKey;
  /** The key of `probe_duration_seconds` with the base labels. */
  readonly duration: SeriesKey;
  private readonly keys = new Map<string, SeriesKey>();

  constructor(private readonly base: Labels) {
    this.up = seriesKey('up', base);
    this.duration = seriesKey('probe_duration_seconds', base);
  }

  /** The key of measurement `m` on top of the base labels (or under them, with `honorLabels`). */
  of(m: Measurement, honorLabels: boolean): SeriesKey {
    const id = cacheId(m, honorLabels);
    const cached = this.keys.get(id);
    if (cached !== undefined) return cached;
    const key = seriesKey(m.metric, measurementLabels(m, this.base, honorLabels));
    if (this.keys.size < MAX_CACHED_KEYS) this.keys.set(id, key);
    return key;
  }
}

/**
 * Turns one run into samples at time `t`: `up` and `probe_duration_seconds` (as Prometheus writes per
 * scrape) plus every measurement, each with the probe's labels on top of its own. `keys`, when given,
 * must have been built for the same `base`.
 */
export function resultSamples(result: ProbeResult, base: Labels, t: number, durationMs: number, keys?: SeriesKeyCache): Sample[] {
  const honor = result.honorLabels ?? false;
  const samples: Sample[] = [
    { series: keys?.up ?? seriesKey('up', base), t, v: result.up ? 1 : 0 },
    { series: keys?.duration ?? seriesKey('probe_duration_seconds', base), t, v: durationMs / 1000 },
  ];
  for (const m of result.measurements) {
    samples.push({ series: keys === undefined ? seriesKey(m.metric, measurementLabels(m, base, honor)) : keys.of(m, honor), t, v: m.value });
  }
  return samples;
}

function measurementLabels(m: Measurement, base: Labels, honorLabels: boolean): Labels {
  if (m.labels === undefined) return base;
  return honorLabels ? { ...base, ...m.labels } : { ...m.labels, ...base };
}

/**
 * A string that is the same exactly when the measurement's series key is: its metric, whether its labels
 * win, and its own labels in order (another order only makes another cache entry for the same key). A NUL
 * (never in a metric name) starts the labels; each name and value is length-prefixed, so no value can
 * pass for another label.
 */
function cacheId(m: Measurement, honorLabels: boolean): string {
  if (m.labels === undefined) return m.metric;
  let id = `${m.metric}\u0000${honorLabels ? 'h' : 'b'}`;
  for (const [name, value] of Object.entries(m.labels)) id += `${name.length}:${name}${value.length}:${value}`;
  return id;
}
