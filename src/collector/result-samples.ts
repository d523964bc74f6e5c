import type { TargetConfig } from '../config/index.js';
import { type Labels, type Sample, seriesKey } from '../core/index.js';
import type { ProbeResult } from './probe.js';

/** The labels every series of a probe carries: who it is about and which probe measured it. */
export function probeLabels(target: TargetConfig, probe: string): Labels {
  return { ...target.labels, target: target.id, probe, role: target.role, site: target.site };
}

/**
 * Turns one run into samples at time `t`: `up` and `probe_duration_seconds` (as Prometheus writes per
 * scrape) plus every measurement, each with the probe's labels on top of its own.
 */
export function resultSamples(result: ProbeResult, base: Labels, t: number, durationMs: number): Sample[] {
  const samples: Sample[] = [
    { series: seriesKey('up', base), t, v: result.up ? 1 : 0 },
    { series: seriesKey('probe_duration_seconds', base), t, v: durationMs / 1000 },
  ];
  for (const m of result.measurements) {
    const labels = m.labels === undefined ? base : result.honorLabels ? { ...base, ...m.labels } : { ...m.labels, ...base };
    samples.push({ series: seriesKey(m.metric, labels), t, v: m.value });
  }
  return samples;
}
