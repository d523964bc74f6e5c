import type { TargetStatus } from '../../core/index.js';
import type { LiveAlert, LiveIncident, LiveSample } from './live-feed.js';

/** JSON has no NaN or infinities: those values travel as the strings "NaN", "+Inf" and "-Inf". */
export function jsonValue(v: number): number | string {
  if (Number.isFinite(v)) return v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? '+Inf' : '-Inf';
}

/** A target status as one item of `GET /api/v1/targets` data (times as ISO-8601). */
export function targetView(status: TargetStatus): Record<string, unknown> {
  return {
    ...status,
    probes: status.probes.map((p) => ({
      ...p,
      ...(p.lastRunAt === undefined ? {} : { lastRunAt: new Date(p.lastRunAt).toISOString() }),
    })),
  };
}

/** One sample of a `samples` frame, serialized: built once per published sample, shared by every client. */
export function sampleJson(sample: LiveSample): string {
  return JSON.stringify({ series: sample.series, metric: sample.metric, labels: sample.labels, t: sample.t, v: jsonValue(sample.v) });
}

/** The frame sent on connect. */
export function helloFrame(serverTime: number, role: string): string {
  return JSON.stringify({ type: 'hello', serverTime, role });
}

/** A `samples` frame from already serialized samples. */
export function samplesFrame(samples: readonly string[]): string {
  return `{"type":"samples","samples":[${samples.join(',')}]}`;
}

/** A `target` frame. */
export function targetFrame(view: Record<string, unknown>): string {
  return JSON.stringify({ type: 'target', target: view });
}

/** An `alert` frame. */
export function alertFrame(view: LiveAlert): string {
  return JSON.stringify({ type: 'alert', alert: view });
}

/** An `incident` frame. */
export function incidentFrame(view: LiveIncident): string {
  return JSON.stringify({ type: 'incident', incident: view });
}

/** An `error` frame: the client's last message was refused. */
export function errorFrame(message: string): string {
  return JSON.stringify({ type: 'error', message });
}
