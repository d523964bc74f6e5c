// Answers of the remote store and of the hot window combined per series. The window holds the samples not
// yet flushed, so on a time both have, the window's sample is the one to keep.
import type { LatestSample, SeriesInfo, SeriesPoints } from '../../core/index.js';

/** Series listed by either answer, each once (the remote's first). */
export function unionSeries(remote: readonly SeriesInfo[], recent: readonly SeriesInfo[]): SeriesInfo[] {
  const out = [...remote];
  const known = new Set(remote.map((series) => series.key));
  for (const series of recent) if (!known.has(series.key)) out.push(series);
  return out;
}

/** Per series, the later of the two latest samples (the window's on a tie). */
export function mergeLatest(remote: readonly LatestSample[], recent: readonly LatestSample[]): LatestSample[] {
  const byKey = new Map(remote.map((sample) => [sample.key, sample]));
  for (const sample of recent) {
    const other = byKey.get(sample.key);
    if (other === undefined || sample.t >= other.t) byKey.set(sample.key, sample);
  }
  return [...byKey.values()];
}

/** Per series, the points of both answers in time order; on a time both have, the window's value. */
export function mergePoints(remote: readonly SeriesPoints[], recent: readonly SeriesPoints[]): SeriesPoints[] {
  const byKey = new Map(remote.map((series) => [series.key, series]));
  for (const series of recent) {
    const other = byKey.get(series.key);
    byKey.set(series.key, other === undefined ? series : { ...series, ...mergeSorted(other, series) });
  }
  return [...byKey.values()];
}

function mergeSorted(a: SeriesPoints, b: SeriesPoints): { t: Float64Array; v: Float64Array } {
  const t = new Float64Array(a.t.length + b.t.length);
  const v = new Float64Array(t.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.t.length || j < b.t.length) {
    const ta = i < a.t.length ? (a.t[i] as number) : Infinity;
    const tb = j < b.t.length ? (b.t[j] as number) : Infinity;
    if (tb <= ta) {
      t[n] = tb;
      v[n++] = b.v[j++] as number;
      if (ta === tb) i++;
    } else {
      t[n] = ta;
      v[n++] = a.v[i++] as number;
    }
  }
  return { t: t.slice(0, n), v: v.slice(0, n) };
}
