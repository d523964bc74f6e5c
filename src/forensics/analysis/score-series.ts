import { firstDifferences } from '../statistics/first-differences.js';
import { Float64Sorter } from '../statistics/float64-sorter.js';
import { ksFromSorted, type KsMethod } from '../statistics/ks-two-sample.js';
import { levelShift, levelShiftSorted } from '../statistics/level-shift.js';
import { summarize, summarizeSorted, type SummaryStatistics } from '../statistics/summary-statistics.js';
import { volumeScore } from '../statistics/volume-score.js';
import type { PreparedSeries } from './prepare-series.js';
import type { SeriesScores } from './window-analysis.js';

/**
 * Buffers reused from one series to the next, so scoring thousands of series allocates almost nothing.
 * One per analysis: not shared between concurrent analyses.
 */
export class ScoringScratch {
  baselineDiffs = new Float64Array(0);
  windowDiffs = new Float64Array(0);
  sort = new Float64Array(0);
  select = new Float64Array(0);
  readonly sorter = new Float64Sorter();

  /** Makes every buffer hold at least n values. */
  ensure(n: number): void {
    if (this.select.length >= n) return;
    const size = Math.max(n, this.select.length * 2);
    this.baselineDiffs = new Float64Array(size);
    this.windowDiffs = new Float64Array(size);
    this.sort = new Float64Array(2 * size);
    this.select = new Float64Array(size);
  }
}

/** Options of {@link scoreSeries}. */
export interface ScoreOptions {
  /**
   * p-value method of the KS test. Default `limit` (Kolmogorov's limiting distribution, O(1)): ranking
   * thousands of series cannot afford the exact path's cost per series, and only the order matters.
   */
  readonly ksMethod?: KsMethod;
}

/** Scores and statistics of one prepared series. */
export interface SeriesScoring {
  readonly scores: SeriesScores;
  readonly baselineStats: SummaryStatistics;
  readonly windowStats: SummaryStatistics;
}

/**
 * Scores a prepared series, window against baseline: KS on first differences (the shape of changes, not
 * the level), the volume score and the robust level-shift z. Differences never span the window boundary,
 * so a step there shows in the level and volume scores rather than as one outlying difference.
 * Each side's differences and values are sorted once, and KS, medians, MAD, p95, minimum and maximum are
 * all read off those sorted copies (the same results as the stand-alone statistics, at a fraction of the
 * cost of sorting and selecting separately for each).
 */
export function scoreSeries(series: PreparedSeries, scratch: ScoringScratch, options: ScoreOptions = {}): SeriesScoring {
  const { t, v, split } = series;
  scratch.ensure(v.length);
  const baseline = v.subarray(0, split);
  const window = v.subarray(split);
  const sorter = scratch.sorter;
  const baselineDiffs = sorter.sort(firstDifferences(baseline, scratch.baselineDiffs));
  const windowDiffs = sorter.sort(firstDifferences(window, scratch.windowDiffs));
  const ks = ksFromSorted(baselineDiffs, windowDiffs, options.ksMethod ?? 'limit');
  const volume = volumeScore(baseline, window, { windowTimes: t.subarray(split) });
  const sortedBaseline = scratch.sort.subarray(0, split);
  const sortedWindow = scratch.sort.subarray(split, v.length);
  sortedBaseline.set(baseline);
  sortedWindow.set(window);
  sorter.sort(sortedBaseline);
  sorter.sort(sortedWindow);
  const finite = allFinite(sortedBaseline) && allFinite(sortedWindow);
  const shift = finite ? levelShiftSorted(sortedBaseline, sortedWindow) : levelShift(baseline, window, { scratch: scratch.select });
  const baselineStats = finite ? summarizeSorted(baseline, sortedBaseline) : summarize(baseline, scratch.select);
  const windowStats = finite ? summarizeSorted(window, sortedWindow) : summarize(window, scratch.select);
  const moved = Math.abs(windowStats.mean - baselineStats.mean);
  const effectSize = baselineStats.stddev > 0 ? moved / baselineStats.stddev : moved > 0 ? Infinity : 0;
  return {
    scores: {
      ks: ks.score,
      ksStatistic: ks.statistic,
      volume: volume.score,
      relativeChange: volume.relativeChange,
      levelShift: shift.z,
      effectSize,
    },
    baselineStats,
    windowStats,
  };
}

/** True when a sorted sample holds no ±Infinity (NaN sorts last, so it fails the check too). */
function allFinite(sorted: Float64Array): boolean {
  return sorted.length === 0 || ((sorted[0] as number) > -Infinity && (sorted[sorted.length - 1] as number) < Infinity);
}
