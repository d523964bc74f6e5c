import { queryRange } from '../../lib/api.js';
import { selector } from '../../lib/format.js';
import { numberOf } from '../../lib/types.js';
import { counterRates, type SeriesLine } from './forensics-logic.js';

/** The series to load: its identity, and whether it is a counter to be drawn as a rate. */
export interface SeriesRef {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rated?: boolean;
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([name, value]) => b[name] === value);

/**
 * Loads series over a range as about `points` buckets for sparklines and charts, a few requests at a time
 * (a ranking has dozens of entries), each answer kept for the life of the page.
 */
export class SeriesLoader {
  private readonly cache = new Map<string, Promise<SeriesLine>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;

  constructor(private readonly parallel = 4) {}

  /** The series (or the first series a selector text matches) over [from, to] (ms); empty when it has no data there. */
  load(ref: SeriesRef | string, from: number, to: number, points: number): Promise<SeriesLine> {
    const match = typeof ref === 'string' ? ref : selector(ref.metric, ref.labels);
    const key = `${match}|${from}|${to}|${points}|${typeof ref !== 'string' && ref.rated === true}`;
    let line = this.cache.get(key);
    if (line === undefined) {
      line = this.queued(() => this.fetch(ref, match, from, to, points));
      // A failure is not kept: the next look tries again.
      line.catch(() => this.cache.delete(key));
      this.cache.set(key, line);
    }
    return line;
  }

  private async fetch(ref: SeriesRef | string, match: string, from: number, to: number, points: number): Promise<SeriesLine> {
    const rated = typeof ref !== 'string' && ref.rated === true;
    const stepSeconds = Math.max(1, Math.ceil((to - from) / points / 1000));
    const answer = await queryRange(match, {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      step: `${stepSeconds}s`,
      fn: rated ? 'last' : 'avg',
    });
    // The selector also matches series with more labels: prefer the exact one.
    const series = (typeof ref === 'string' ? undefined : answer.series.find((s) => sameLabels(s.labels, ref.labels))) ?? answer.series[0];
    if (series === undefined) return { t: [], v: [] };
    const line: SeriesLine = {
      t: series.points.map((p) => p[0]),
      v: series.points.map((p) => {
        const value = numberOf(p[1]);
        return Number.isFinite(value) ? value : null;
      }),
    };
    return rated ? counterRates(line) : line;
  }

  private async queued<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.parallel) await new Promise<void>((go) => this.waiting.push(go));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
