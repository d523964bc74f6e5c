import { type Labels, NocError, seriesKey, type SeriesInfo, type SeriesPoints } from '../../core/index.js';
import { decodeSampleValue } from '../remote/line-protocol.js';
import { splitVmName, type VmField } from './metricsql-selector.js';

/** A VictoriaMetrics series identity mapped back to the metric and labels this store wrote. */
export interface VmSeriesIdentity {
  readonly info: SeriesInfo;
  readonly field: VmField;
}

/** One series of a `query_range` (matrix) or `query` (vector) answer: times in ms, values as numbers. */
export interface VmResultSeries extends VmSeriesIdentity {
  readonly t: number[];
  readonly v: number[];
}

function malformed(what: string): NocError {
  return new NocError('unavailable', `VictoriaMetrics answered with ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The metric and labels behind a VictoriaMetrics label set (`__name__` = `metric_field`); undefined for series
 * this store did not write.
 */
export function identityOf(metric: unknown): VmSeriesIdentity | undefined {
  if (!isRecord(metric)) throw malformed('a series without a label set');
  const name = metric.__name__;
  if (typeof name !== 'string') return undefined;
  const split = splitVmName(name);
  if (split === undefined) return undefined;
  const labels: Record<string, string> = {};
  for (const [label, value] of Object.entries(metric)) {
    if (label === '__name__' || typeof value !== 'string' || value === '') continue;
    labels[label] = value;
  }
  return { info: { key: seriesKey(split.metric, labels), metric: split.metric, labels: labels as Labels }, field: split.field };
}

/** Ascending by series key, the order the embedded store lists series in. */
export function byKey<T extends SeriesInfo>(series: T[]): T[] {
  return series.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A stored number of `field` as the sample value it encodes (`special` codes → NaN/±Inf). */
function sampleValue(field: VmField, stored: number): number | undefined {
  return field === 'value' ? stored : decodeSampleValue(undefined, stored);
}

/**
 * Parses `/api/v1/export` NDJSON into raw series: the `_value` and `_special` series of one metric and label
 * set merged into one, ascending in time. VictoriaMetrics may split one series over several lines.
 */
export function parseExport(text: string): SeriesPoints[] {
  const merged = new Map<string, { info: SeriesInfo; t: number[]; v: number[]; sorted: boolean }>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw malformed(`an export line that is not JSON: ${line.slice(0, 120)}`);
    }
    if (!isRecord(row) || !Array.isArray(row.values) || !Array.isArray(row.timestamps) || row.values.length !== row.timestamps.length) {
      throw malformed(`an export line without parallel values and timestamps: ${line.slice(0, 120)}`);
    }
    const identity = identityOf(row.metric);
    if (identity === undefined) continue;
    const values: unknown[] = row.values;
    const entry = merged.get(identity.info.key) ?? { info: identity.info, t: [], v: [], sorted: true };
    merged.set(identity.info.key, entry);
    row.timestamps.forEach((time, i) => {
      const value = sampleValue(identity.field, Number(values[i]));
      if (typeof time !== 'number' || value === undefined) return;
      if (entry.t.length > 0 && time < (entry.t.at(-1) as number)) entry.sorted = false;
      entry.t.push(time);
      entry.v.push(value);
    });
  }
  const out: SeriesPoints[] = [];
  for (const { info, t, v, sorted } of merged.values()) {
    if (t.length === 0) continue;
    const order = t.map((_, i) => i);
    if (!sorted) order.sort((a, b) => (t[a] as number) - (t[b] as number));
    out.push({ ...info, t: Float64Array.from(order, (i) => t[i] as number), v: Float64Array.from(order, (i) => v[i] as number) });
  }
  return byKey(out);
}

function pointsOf(pairs: unknown[]): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'number') throw malformed('a point that is not [time, "value"]');
    t.push(Math.round(pair[0] * 1000));
    v.push(Number(pair[1]));
  }
  return { t, v };
}

/**
 * The series of a Prometheus API answer (`resultType` matrix or vector) with times in ms; series this store
 * did not write are skipped. An error answer becomes a NocError naming the server's message.
 */
export function parseQueryAnswer(body: unknown): VmResultSeries[] {
  if (!isRecord(body)) throw malformed('a body that is not a JSON object');
  if (body.status !== 'success') throw new NocError('bad_request', `VictoriaMetrics refused the query: ${String(body.error ?? body.status)}`);
  const data = body.data;
  if (!isRecord(data) || !Array.isArray(data.result)) throw malformed('no data.result');
  const out: VmResultSeries[] = [];
  for (const series of data.result) {
    if (!isRecord(series)) throw malformed('a result that is not an object');
    const identity = identityOf(series.metric);
    if (identity === undefined) continue;
    const pairs = Array.isArray(series.values) ? series.values : Array.isArray(series.value) ? [series.value] : undefined;
    if (pairs === undefined) throw malformed('a result without values');
    out.push({ ...identity, ...pointsOf(pairs) });
  }
  return out;
}
