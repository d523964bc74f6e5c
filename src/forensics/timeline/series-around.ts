import type { SeriesInfo, SeriesQuerier, SeriesSelector } from '../../core/index.js';
import type { TimelineWindow } from './timeline-event.js';

/** One point of a series. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** A series' points in a window and the last point before it, which tells whether the first one is a change. */
export interface SeriesAround extends SeriesInfo {
  /** The last sample before `from`, if one is within the look-back. */
  readonly before?: Point;
  /** Samples in [from, to], ascending. */
  readonly t: Float64Array;
  readonly v: Float64Array;
}

const EMPTY = new Float64Array(0);

/**
 * Every series matching `selector` with samples in the window or within `lookbackMs` before it, by key.
 * Two queries whatever the number of series: the latest sample before `from`, then the window's samples.
 * Times are whole milliseconds, so "before `from`" is "at or before `from - 1`".
 */
export async function readAround(querier: SeriesQuerier, selector: SeriesSelector, window: TimelineWindow, lookbackMs: number): Promise<SeriesAround[]> {
  const [previous, inWindow] = await Promise.all([
    querier.latest(selector, { at: window.from - 1, lookback: Math.max(0, lookbackMs - 1) }),
    querier.range(selector, window),
  ]);
  const byKey = new Map<string, SeriesAround>();
  for (const p of previous) {
    // A store may answer `latest` with a sample inside the window when `at` rounds; only earlier ones count.
    if (p.t >= window.from) continue;
    byKey.set(p.key, { key: p.key, metric: p.metric, labels: p.labels, before: { t: p.t, v: p.v }, t: EMPTY, v: EMPTY });
  }
  for (const s of inWindow) {
    const earlier = byKey.get(s.key)?.before;
    byKey.set(s.key, { key: s.key, metric: s.metric, labels: s.labels, ...(earlier === undefined ? {} : { before: earlier }), t: s.t, v: s.v });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
