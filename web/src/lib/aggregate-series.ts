import type { QueryRangeView, StreamSample } from './types.js';
import { numberOf } from './types.js';

/** How a headline folds many series into its lines. */
export type Fold = 'sum' | 'avg-max';

/** Lines of a folded chart: x in Unix seconds, then one y array per line. */
export type Folded = [number[], ...(number | null)[][]];

/** Per-instant fold of the values present at that instant. */
function fold(values: readonly number[], how: Fold): number[] {
  if (how === 'sum') return [values.reduce((a, b) => a + b, 0)];
  const max = Math.max(...values);
  return [values.reduce((a, b) => a + b, 0) / values.length, max];
}

/** The number of lines a fold draws. */
export function lineCount(how: Fold): number {
  return how === 'sum' ? 1 : 2;
}

/**
 * A headline chart's data: seeded from a stepped query_range (series aligned on step buckets), then fed
 * from the live stream by keeping each series' latest value and folding them into one point per batch.
 * The window is bounded, so a wall left on for months holds the same few hundred points.
 */
export class AggregateSeries {
  private xs: number[] = [];
  private ys: (number | null)[][];
  private readonly latest = new Map<string, { t: number; v: number }>();
  private liveSince: number | undefined;

  constructor(
    private readonly how: Fold,
    private readonly windowSeconds: number,
    /** Series whose latest value is older than this no longer count (a target that stopped reporting). */
    private readonly freshSeconds = 90,
    /** Live points closer together than this replace the previous one. */
    private readonly minGapSeconds = 10,
  ) {
    this.ys = Array.from({ length: lineCount(how) }, () => []);
  }

  /** Replaces the data with a query_range answer. */
  seed(answer: QueryRangeView): void {
    const byT = new Map<number, number[]>();
    this.latest.clear();
    this.liveSince = undefined;
    for (const series of answer.series) {
      for (const [t, raw] of series.points) {
        const v = numberOf(raw);
        if (!Number.isFinite(v)) continue;
        const bucket = byT.get(t);
        if (bucket) bucket.push(v);
        else byT.set(t, [v]);
      }
      const last = series.points.at(-1);
      if (last) this.latest.set(labelsKey(series.labels), { t: last[0], v: numberOf(last[1]) });
    }
    const times = [...byT.keys()].sort((a, b) => a - b);
    // The newest bucket is still filling: with fewer series in it than the one before, a sum would dip.
    const [beforeLast, newest] = [times.at(-2), times.at(-1)];
    if (beforeLast !== undefined && newest !== undefined && (byT.get(newest)?.length ?? 0) < (byT.get(beforeLast)?.length ?? 0)) times.pop();
    this.xs = times.map((t) => t / 1000);
    this.ys = Array.from({ length: lineCount(this.how) }, (_, line) => times.map((t) => fold(byT.get(t) as number[], this.how)[line] ?? null));
  }

  /** Takes the samples of one stream batch that belong to this chart; true when the data changed. */
  ingest(samples: readonly StreamSample[]): boolean {
    let newest = 0;
    for (const sample of samples) {
      const v = numberOf(sample.v);
      if (!Number.isFinite(v)) continue;
      this.latest.set(labelsKey(sample.labels), { t: sample.t, v });
      newest = Math.max(newest, sample.t);
    }
    if (newest === 0) return false;
    const values = [...this.latest.values()].filter((p) => newest - p.t <= this.freshSeconds * 1000).map((p) => p.v);
    if (values.length === 0) return false;
    const folded = fold(values, this.how);
    const x = newest / 1000;
    const lastX = this.xs.at(-1);
    if (lastX !== undefined && x < lastX) return false;
    // A live point stands for the latest values until minGapSeconds after it was opened.
    const replace = this.liveSince !== undefined && x - this.liveSince < this.minGapSeconds;
    if (!replace) this.liveSince = x;
    if (replace) {
      this.xs[this.xs.length - 1] = x;
      this.ys.forEach((line, i) => (line[line.length - 1] = folded[i] ?? null));
    } else {
      this.xs.push(x);
      this.ys.forEach((line, i) => line.push(folded[i] ?? null));
    }
    const cut = this.xs.findIndex((t) => t >= x - this.windowSeconds);
    if (cut > 0) {
      this.xs = this.xs.slice(cut);
      this.ys = this.ys.map((line) => line.slice(cut));
    }
    return true;
  }

  /** The chart data (new arrays, so a component sees the change). */
  data(): Folded {
    return [this.xs.slice(), ...this.ys.map((line) => line.slice())];
  }
}

/** Labels with their keys sorted, so the same series from the API and the stream share one key. */
function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The same key for labels from the API as from the stream. */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(sortedLabels(labels));
}
