import { firstDifferences } from '../statistics/first-differences.js';
import { type KsMethod, ksTwoSample } from '../statistics/ks-two-sample.js';
import { levelShift } from '../statistics/level-shift.js';
import { summarize, type SummaryStatistics } from '../statistics/summary-statistics.js';
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
 */
export function scoreSeries(series: PreparedSeries, scratch: ScoringScratch, options: ScoreOptions = {}): SeriesScoring {
  const { t, v, split } = series;
  scratch.ensure(v.length);
  const baseline = v.subarray(0, split);
  const window = v.subarray(split);
  const baselineDiffs = firstDifferences(baseline, scratch.baselineDiffs);
  const windowDiffs = firstDifferences(window, scratch.windowDiffs);
  const ks = ksTwoSample(baselineDiffs, windowDiffs, { method: options.ksMethod ?? 'limit', scratch: scratch.sort });
  const volume = volumeScore(baseline, window, { windowTimes: t.subarray(split) });
  const shift = levelShift(baseline, window, { scratch: scratch.select });
  const baselineStats = summarize(baseline, scratch.select);
  const windowStats = summarize(window, scratch.select);
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
