import { type Labels, seriesKey, type SeriesInfo } from '../../core/index.js';
import type { InfluxResultSeries } from './influx-query-client.js';

/** The series identity of an answer's series: measurement → metric, non-empty tags → labels. */
export function seriesInfoOf(result: InfluxResultSeries): SeriesInfo {
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.tags ?? {})) if (value !== '') labels[name] = value;
  return { key: seriesKey(result.name, labels), metric: result.name, labels: labels as Labels };
}

/** Column positions of an answer, by name; rejects an answer missing one (a server we do not understand). */
export function columnIndex(result: InfluxResultSeries, name: string): number {
  return result.columns.indexOf(name);
}

/** A cell as a number, or undefined for null/absent/non-numeric cells. */
export function numberCell(row: ReadonlyArray<number | string | boolean | null>, index: number): number | undefined {
  if (index < 0) return undefined;
  const cell = row[index];
  return typeof cell === 'number' ? cell : undefined;
}

/** Ascending by series key, the order the embedded store lists series in. */
export function byKey<T extends SeriesInfo>(series: T[]): T[] {
  return series.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
