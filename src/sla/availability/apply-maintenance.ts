import type { MaintenanceSpan } from '../report-model.js';
import { appendSpan, type TimeRange } from './combine-states.js';
import type { StateSpan, StateTimeline } from './state-timeline.js';

/** A stretch [start, end) in ms since the epoch. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** A maintenance window of one target as config or the API declared it, in ms since the epoch. */
export interface MaintenanceWindow extends Interval {
  readonly target: string;
  readonly name: string;
  readonly source: 'config' | 'api';
}

/** `intervals` as disjoint, sorted intervals covering the same time; empty ones are dropped. */
function unionOf(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.end > interval.start).sort((a, b) => a.start - b.start);
  const union: Interval[] = [];
  for (const interval of sorted) {
    const last = union.at(-1);
    if (last !== undefined && interval.start <= last.end) {
      union[union.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    } else {
      union.push({ start: interval.start, end: interval.end });
    }
  }
  return union;
}

/**
 * `timeline` with the time inside any of `intervals` turned into maintenance whatever its state, so an
 * outage during maintenance does not count. Intervals may overlap, be unsorted or reach past the timeline.
 */
export function applyMaintenance(timeline: StateTimeline, intervals: readonly Interval[]): StateTimeline {
  const windows = unionOf(intervals);
  const spans: StateSpan[] = [];
  let next = 0;
  for (const span of timeline) {
    let at = span.start;
    while (at < span.end) {
      while ((windows[next]?.end ?? Infinity) <= at) next += 1;
      const window = windows[next];
      if (window === undefined || window.start >= span.end) {
        appendSpan(spans, at, span.end, span.state);
        break;
      }
      appendSpan(spans, at, window.start, span.state);
      const end = Math.min(window.end, span.end);
      appendSpan(spans, Math.max(at, window.start), end, 'maintenance');
      at = end;
    }
  }
  return spans;
}

/**
 * The maintenance windows' parts inside `range`, as a report lists them: each window with its own clipped
 * span even where windows overlap (the excluded seconds come from the timeline, counted once), by start.
 */
export function maintenanceSpans(windows: readonly MaintenanceWindow[], range: TimeRange): MaintenanceSpan[] {
  return windows
    .map((window) => ({ window, start: Math.max(window.start, range.from), end: Math.min(window.end, range.to) }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start || a.end - b.end || compareText(a.window.name, b.window.name))
    .map(({ window, start, end }) => ({
      name: window.name,
      source: window.source,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      seconds: (end - start) / 1000,
    }));
}

/** Code-point order, the same on every machine (localeCompare is not). */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
