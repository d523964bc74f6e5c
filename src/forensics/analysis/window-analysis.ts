import type { Labels, SeriesKey } from '../../core/labels.js';
import type { TimeRange } from '../../core/ports/series-querier.js';
import type { SeriesSelector } from '../../core/selector.js';
import type { SummaryStatistics } from '../statistics/summary-statistics.js';
import type { TimeGrid } from '../statistics/time-grid.js';

/** The scoring methods; the one with the strongest normalised score ranks a series. */
export type ScoringMethod = 'ks' | 'volume' | 'levelShift';

/** Raw scores of one series, window against baseline. */
export interface SeriesScores {
  /** 1 − p of the two-sample KS test on first differences, in [0, 1]. */
  readonly ks: number;
  /** The KS statistic D = sup |F_baseline − F_window| of the first differences, in [0, 1]. */
  readonly ksStatistic: number;
  /** |relative change of the mean| × fraction of the window beyond the baseline mean, in [0, 10]. */
  readonly volume: number;
  /** Signed (μ_window − μ_baseline) / |μ_baseline|, capped at ±10. */
  readonly relativeChange: number;
  /** Signed robust z-score of the window median against the baseline median and MAD, capped at ±1000. */
  readonly levelShift: number;
  /** |μ_window − μ_baseline| / σ_baseline (Infinity off a flat baseline): gates the volume score. */
  readonly effectSize: number;
}

/** The three scores mapped onto [0, 1] so they can be compared; see combined-ranking.ts. */
export type NormalisedScores = Readonly<Record<ScoringMethod, number>>;

/** One step of a lag search against the focus series. */
export interface LagMatch {
  /** Grid steps by which this series leads the focus (negative: it follows). */
  readonly lag: number;
  readonly lagMs: number;
  /** Correlation coefficient at that lag. */
  readonly r: number;
}

/** How a series correlates with the focus series, over the window, on a common grid. */
export interface FocusCorrelation {
  readonly pearson: LagMatch;
  /** Computed for the series with the strongest Pearson correlation only (it costs a sort per lag). */
  readonly spearman?: LagMatch;
  /** The coefficient with the larger |r|, Pearson on ties: lag, r and relation below come from it. */
  readonly best: 'pearson' | 'spearman';
  readonly lag: number;
  readonly lagMs: number;
  readonly r: number;
  /** 1: moves with the focus, −1: against it, 0: no correlation could be computed. */
  readonly sign: 1 | -1 | 0;
  /** `leads`: this series moved before the focus; `follows`: after; `coincides`: at lag 0. */
  readonly relation: 'leads' | 'follows' | 'coincides';
  /** For people: "leads by 40s", "follows by 1m, inversely", "moves with it". */
  readonly description: string;
}

/** One series of the ranked list. */
export interface RankedSeries {
  /** 1-based position in the ranking. */
  readonly rank: number;
  readonly key: SeriesKey;
  readonly metric: string;
  readonly labels: Labels;
  /** True when the series is a counter and was scored as a per-second rate. */
  readonly rated: boolean;
  readonly scores: SeriesScores;
  readonly normalised: NormalisedScores;
  /** max of the normalised scores: what the list is sorted by. */
  readonly combined: number;
  /** The method whose normalised score is the combined score. */
  readonly rankedBy: ScoringMethod;
  /** Statistics of the scored values (rates for counters) in the baseline and in the window. */
  readonly baselineStats: SummaryStatistics;
  readonly windowStats: SummaryStatistics;
  /** Present when the analysis has a focus series (never on the focus itself). */
  readonly correlation?: FocusCorrelation;
}

/** Series that matched but could not be scored. */
export interface SkippedCounts {
  /** Fewer than the minimum number of samples in the baseline or in the window. */
  readonly empty: number;
  /** The same value everywhere in baseline and window. */
  readonly constant: number;
}

/** The focus series of an analysis and the grid the correlations were computed on. */
export interface FocusSummary {
  readonly key: SeriesKey;
  readonly metric: string;
  readonly labels: Labels;
  readonly rated: boolean;
  readonly grid: TimeGrid;
  /** Lags searched: ±maxLag grid steps. */
  readonly maxLag: number;
}

/** Result of a window analysis. */
export interface WindowAnalysis {
  readonly window: TimeRange;
  /** The preceding range, four times as long by default; its end (the window start) is excluded. */
  readonly baseline: TimeRange;
  readonly filter?: SeriesSelector;
  readonly focus?: FocusSummary;
  /** Series that matched the filter and had samples in baseline or window. */
  readonly considered: number;
  /** Series scored (the ranked list may be cut by the `limit` option). */
  readonly scored: number;
  readonly skipped: SkippedCounts;
  /** Best first. */
  readonly entries: readonly RankedSeries[];
}
