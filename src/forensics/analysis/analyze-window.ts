import { parseSeriesKey, type SeriesKey } from '../../core/labels.js';
import { NocError } from '../../core/noc-error.js';
import { MAX_POINTS_PER_SERIES, scanRange, type SeriesInfo, type SeriesPoints, type SeriesQuerier, type TimeRange } from '../../core/ports/series-querier.js';
import type { LabelMatcher, SeriesSelector } from '../../core/selector.js';
import type { KsMethod } from '../statistics/ks-two-sample.js';
import type { LagResult } from '../statistics/lag-search.js';
import { analysisWindows, DEFAULT_BASELINE_FACTOR } from './analysis-window.js';
import { combineScores, compareRanked } from './combined-ranking.js';
import { FocusCorrelator } from './focus-correlation.js';
import { type CounterDetection, prepareSeries, type PreparedSeries } from './prepare-series.js';
import { ParallelScorer } from './parallel-scorer.js';
import { ScoringScratch, type SeriesScoring } from './score-series.js';
import { ScoringPool } from './scoring-pool.js';
import type { FocusSummary, RankedSeries, WindowAnalysis } from './window-analysis.js';

/** What to analyse: a window (for an incident, see incidentWindow), optionally narrowed and focused. */
export interface WindowAnalysisRequest extends TimeRange {
  /** Only series matching this selector are scored; all series when absent. */
  readonly filter?: SeriesSelector;
  /** A series to correlate every candidate with, to find leading indicators. */
  readonly focus?: SeriesKey;
}

/** Tuning of {@link analyzeWindow}; every field has a default. */
export interface WindowAnalysisOptions {
  /** Baseline length as a multiple of the window's. Default 4. */
  readonly baselineFactor?: number;
  /** Default `name-or-shape`. */
  readonly counters?: CounterDetection;
  /** Fewest values baseline and window must each hold. Default 3. */
  readonly minSamples?: number;
  /** p-value method of the KS test. Default `limit`. */
  readonly ksMethod?: KsMethod;
  /** Lags searched against the focus, in grid steps either way. Default 30. */
  readonly maxLag?: number;
  /** The correlation grid has at most this many points over the window. Default 500. */
  readonly maxGridPoints?: number;
  /** Spearman is computed for this many series with the strongest Pearson |r|. Default 100. */
  readonly spearmanLimit?: number;
  /** Series read per store query. Default 1,000, or 10,000 from a store that streams (scanRange). */
  readonly batchSize?: number;
  /**
   * When set, series are read as per-step buckets (`avg` for gauges, `last` for `_total` counters) rather
   * than raw samples: bounded cost over dense or long ranges. Raised if the range would exceed
   * MAX_POINTS_PER_SERIES buckets. Default: raw samples.
   */
  readonly stepMs?: number;
  /** Keep only the best this many entries. Default: all. */
  readonly limit?: number;
  /**
   * Threads that score alongside the calling one: default the process-wide {@link ScoringPool.shared};
   * null scores every series on the calling thread.
   */
  readonly scoringPool?: ScoringPool | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A series to rank, with its gridded values while Spearman may still need them. */
interface Candidate {
  readonly info: Pick<RankedSeries, 'key' | 'metric' | 'labels' | 'rated'>;
  gridded?: Float64Array;
  pearson?: LagResult;
  correlation?: RankedSeries['correlation'];
}

/** The step actually used for aggregate reads: at least the requested one, within the store's bucket limit. */
export function readStep(range: TimeRange, requested: number): number {
  const floor = Math.ceil((range.to - range.from) / (MAX_POINTS_PER_SERIES - 1) / 1000) * 1000;
  return Math.max(requested, floor);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Series per store query when the store returns arrays, and when it streams (scanRange). */
const ARRAY_BATCH = 1_000;
const STREAMED_BATCH = 10_000;

/** Selectors reading `metrics` (with the filter's matchers) in groups of about batchSize series. */
function batchSelectors(counts: Map<string, number>, filter: SeriesSelector, batchSize: number): SeriesSelector[] {
  const out: SeriesSelector[] = [];
  let names: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (names.length === 1) out.push({ metric: names[0] as string, matchers: filter.matchers });
    else if (names.length > 1) {
      const byName: LabelMatcher = { name: '__name__', op: '=~', value: names.map(escapeRegex).join('|') };
      out.push({ matchers: [...filter.matchers, byName] });
    }
    names = [];
    size = 0;
  };
  for (const [metric, count] of counts) {
    if (size > 0 && size + count > batchSize) flush();
    names.push(metric);
    size += count;
  }
  flush();
  return out;
}

/**
 * Ranks every series matching the filter by how differently it behaved in the window [from, to] than in the
 * baseline before it (four times as long): counters as rates, constant and empty series skipped and
 * counted, the rest scored by KS on first differences, volume and level shift and ordered by the combined
 * score (combined-ranking.ts). With a focus series, each entry also reports its best-lag correlation with
 * it. Series are streamed from stores that can (scanRange: no copy of the range is held), else read batch by
 * batch, the next batch's read overlapping the scoring of the current one; scoring runs on the calling thread
 * and the scoring pool's threads at once.
 * Rejects with NocError('bad_request') for a bad window and NocError('not_found') for an unknown focus.
 */
export async function analyzeWindow(querier: SeriesQuerier, request: WindowAnalysisRequest, options: WindowAnalysisOptions = {}): Promise<WindowAnalysis> {
  const { window, baseline } = analysisWindows(request, options.baselineFactor ?? DEFAULT_BASELINE_FACTOR);
  const span: TimeRange = { from: baseline.from, to: window.to };
  const filter: SeriesSelector = request.filter ?? { matchers: [] };
  const prepareOptions = { counters: options.counters ?? 'name-or-shape', minSamples: options.minSamples ?? 3 } as const;
  const step = options.stepMs === undefined ? undefined : readStep(span, options.stepMs);
  const read = (selector: SeriesSelector): Promise<SeriesPoints[]> => {
    if (step === undefined) return querier.range(selector, span);
    // One query per aggregation: counters keep their last value per bucket so that their rate stays exact.
    const counters: SeriesSelector = { ...selector, matchers: [...selector.matchers, { name: '__name__', op: '=~', value: '.*_total' }] };
    const gauges: SeriesSelector = { ...selector, matchers: [...selector.matchers, { name: '__name__', op: '!~', value: '.*_total' }] };
    return Promise.all([querier.aggregate(counters, span, step, 'last'), querier.aggregate(gauges, span, step, 'avg')]).then(([a, b]) => [...a, ...b]);
  };

  let correlator: FocusCorrelator | undefined;
  let focus: FocusSummary | undefined;
  if (request.focus !== undefined) {
    const focusKey = request.focus;
    const { metric, labels } = parseSeriesKey(focusKey);
    const matchers = Object.entries(labels).map(([name, value]): LabelMatcher => ({ name, op: '=', value }));
    const found = (await read({ metric, matchers })).find((points) => points.key === focusKey);
    const prepared = found === undefined ? undefined : prepareSeries(found.metric, found.t, found.v, window.from, { ...prepareOptions, minSamples: 2 });
    if (found === undefined || prepared === undefined || prepared.kind === 'empty') {
      throw new NocError('not_found', `the focus series ${focusKey} has no samples around the window`);
    }
    const values: PreparedSeries | undefined = prepared.kind === 'ok' ? prepared.series : undefined;
    correlator = new FocusCorrelator(values?.t ?? found.t, values?.v ?? found.v, window, {
      ...(options.maxLag === undefined ? {} : { maxLag: options.maxLag }),
      ...(options.maxGridPoints === undefined ? {} : { maxGridPoints: options.maxGridPoints }),
    });
    focus = { key: focusKey, metric: found.metric, labels: found.labels, rated: values?.rated ?? false, grid: correlator.grid, maxLag: correlator.maxLag };
  }

  const listed = await querier.series(filter, span);
  const counts = new Map<string, number>();
  for (const info of listed) counts.set(info.metric, (counts.get(info.metric) ?? 0) + 1);
  const streamed = step === undefined && querier.scanRange !== undefined;
  // A streamed read holds no copy of the points, only the chunks it decodes: wider batches cost little
  // memory, and each batch of a store's wide read scans every series' chunks of its hours once.
  const selectors = batchSelectors(counts, filter, Math.max(1, options.batchSize ?? (streamed ? STREAMED_BATCH : ARRAY_BATCH)));

  const scorer = new ParallelScorer(options.scoringPool === undefined ? ScoringPool.shared() : (options.scoringPool ?? undefined), new ScoringScratch(), options.ksMethod === undefined ? {} : { ksMethod: options.ksMethod });
  const rateBuffers = { t: new Float64Array(0), v: new Float64Array(0) };
  const prepareWithBuffers = { ...prepareOptions, rateBuffers };
  const candidates: Candidate[] = [];
  const seen = new Set<SeriesKey>();
  let empty = 0;
  let constant = 0;
  // The points may be the store's reused buffers (scanRange): scoring copies or consumes them, and the
  // correlator resamples them, before the next series is read.
  const visit = ({ key, metric, labels }: SeriesInfo, t: Float64Array, v: Float64Array): void => {
    if (seen.has(key)) return;
    seen.add(key);
    if (rateBuffers.t.length < t.length) {
      rateBuffers.t = new Float64Array(2 * t.length);
      rateBuffers.v = new Float64Array(2 * t.length);
    }
    const prepared = prepareSeries(metric, t, v, window.from, prepareWithBuffers);
    if (prepared.kind === 'empty') empty++;
    else if (prepared.kind === 'constant') constant++;
    if (prepared.kind !== 'ok') return;
    scorer.add(prepared.series);
    const candidate: Candidate = { info: { key, metric, labels, rated: prepared.series.rated } };
    if (correlator !== undefined && key !== request.focus) {
      const gridded = correlator.pearson(prepared.series.t, prepared.series.v);
      candidate.gridded = gridded.values;
      candidate.pearson = gridded.pearson;
    }
    candidates.push(candidate);
  };
  if (streamed) {
    for (const selector of selectors) await scanRange(querier, selector, span, visit);
  } else {
    // Arrays from the store: the next batch's read overlaps the scoring of the current one.
    let next = selectors.length > 0 ? read(selectors[0] as SeriesSelector) : undefined;
    for (let b = 0; next !== undefined; b++) {
      const batch = await next;
      next = b + 1 < selectors.length ? read(selectors[b + 1] as SeriesSelector) : undefined;
      for (const points of batch) visit(points, points.t, points.v);
    }
  }

  if (correlator !== undefined) {
    const byPearson = candidates.filter((c) => c.pearson !== undefined && !Number.isNaN(c.pearson.r));
    byPearson.sort((a, b) => Math.abs((b.pearson as LagResult).r) - Math.abs((a.pearson as LagResult).r));
    const withSpearman = new Set(byPearson.slice(0, Math.max(0, options.spearmanLimit ?? 100)));
    for (const candidate of candidates) {
      if (candidate.pearson === undefined) continue;
      const spearman = withSpearman.has(candidate) ? correlator.spearman(candidate.gridded as Float64Array) : undefined;
      candidate.correlation = correlator.correlation(candidate.pearson, spearman);
      delete candidate.gridded;
    }
  }

  const scorings = await scorer.finish();
  // Built field by field (rank last, once known): spreading five objects per entry showed in profiles.
  const ranked = candidates
    .map(({ info, correlation }, i): Mutable<RankedSeries> => {
      const { scores, baselineStats, windowStats } = scorings[i] as SeriesScoring;
      const { normalised, combined, rankedBy } = combineScores(scores);
      const { key, metric, labels, rated } = info;
      const entry: Mutable<RankedSeries> = { key, metric, labels, rated, scores, baselineStats, windowStats, normalised, combined, rankedBy } as Mutable<RankedSeries>;
      if (correlation !== undefined) entry.correlation = correlation;
      return entry;
    })
    .sort(compareRanked);
  const kept = options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, options.limit));
  kept.forEach((entry, i) => (entry.rank = i + 1));
  return {
    window,
    baseline,
    ...(request.filter === undefined ? {} : { filter: request.filter }),
    ...(focus === undefined ? {} : { focus }),
    considered: seen.size,
    scored: candidates.length,
    skipped: { empty, constant },
    entries: kept,
  };
}
