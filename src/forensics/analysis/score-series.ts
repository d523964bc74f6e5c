import { Float64Sorter } from '../statistics/float64-sorter.js';
import { KsStatisticCounter } from '../statistics/ks-statistic-counter.js';
import { ksFromStatistic, type KsMethod } from '../statistics/ks-two-sample.js';
import { flatScaleUnsorted, levelShift, levelShiftOf } from '../statistics/level-shift.js';
import { OrderSelector } from '../statistics/order-selector.js';
import { summarizeSelecting, type SummaryStatistics } from '../statistics/summary-statistics.js';
import { volumeScore } from '../statistics/volume-score.js';
import type { PreparedSeries } from './prepare-series.js';
import type { SeriesScores } from './window-analysis.js';

/**
 * Buffers reused from one series to the next, so scoring thousands of series allocates almost nothing.
 * One per analysis: not shared between concurrent analyses.
 */
export class ScoringScratch {
  /** Room for a copy of one series' values. */
  values = new Float64Array(0);
  readonly sorter = new Float64Sorter();
  readonly selector = new OrderSelector();
  readonly ks = new KsStatisticCounter();

  /** Makes every buffer hold at least n values. */
  ensure(n: number): void {
    if (this.values.length >= n) return;
    this.values = new Float64Array(Math.max(n, this.values.length * 2));
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
 * KS counts the differences into buckets rather than sorting them (KsStatisticCounter); medians, MAD and
 * p95 of the values are selected rather than sorted (OrderSelector); both give the stand-alone results.
 */
export function scoreSeries(series: PreparedSeries, scratch: ScoringScratch, options: ScoreOptions = {}): SeriesScoring {
  const { t, v, split } = series;
  scratch.ensure(v.length);
  const baseline = v.subarray(0, split);
  const window = v.subarray(split);
  const ks = ksFromStatistic(scratch.ks.ofFirstDifferences(baseline, window), baseline.length - 1, window.length - 1, options.ksMethod ?? 'limit');
  const selector = scratch.selector;
  const baselineStats = summarizeSelecting(baseline, selector);
  const windowStats = summarizeSelecting(window, selector);
  // Both summaries average the finite values in order, as the volume score would again.
  const means = { baseline: baselineStats.mean, window: windowStats.mean };
  const volume = volumeScore(baseline, window, { windowTimes: t.subarray(split), means });
  const finite = baselineStats.count === baseline.length && windowStats.count === window.length;
  const shift = finite
    ? levelShiftOf(baselineStats.median, selector.mad(baseline, baselineStats.median, baselineStats.min, baselineStats.max), windowStats.median, () =>
        flatScaleUnsorted(baseline, baselineStats.median, scratch.sorter, scratch.values),
      )
    : levelShift(baseline, window, { scratch: scratch.values });
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
