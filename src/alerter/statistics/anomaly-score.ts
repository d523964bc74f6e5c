import { type RobustStats, robustStats, robustStatsInPlace, robustZ, type ScaleFloor } from './robust.js';

/** Which side of the baseline counts as atypical (the anomaly rule's `direction`). */
export type AnomalyDirection = 'above' | 'below' | 'both';

/** How far is too far. */
export interface AnomalyOptions {
  /** Robust deviations beyond which a value is atypical; the boundary itself is not. */
  readonly k: number;
  readonly direction: AnomalyDirection;
  readonly floor?: ScaleFloor;
}

/** A value scored against its baseline, with the statistics behind the verdict (for annotations). */
export interface AnomalyScore {
  /** Robust z-score: (value − median) / scale. NaN when the baseline is empty or the value is NaN. */
  readonly score: number;
  readonly anomalous: boolean;
  readonly median: number;
  /** σ-consistent MAD of the baseline (before the floor). */
  readonly mad: number;
  /** The divisor actually used (MAD, its fallback, or the floor). */
  readonly scale: number;
  readonly n: number;
}

/**
 * Scores `value` against the baseline values. Whether the baseline holds enough history is the caller's
 * question (see `sufficient` in baseline.ts): a score is computed for any non-empty baseline.
 */
export function anomalyScore(value: number, baseline: ArrayLike<number>, options: AnomalyOptions): AnomalyScore {
  return scoreAgainst(value, robustStats(baseline, options.floor), options);
}

/** {@link anomalyScore} against the baseline in `baseline[0 … n)`, which it reorders (sorts) in place instead of copying. */
export function anomalyScoreInPlace(value: number, baseline: Float64Array, n: number, options: AnomalyOptions): AnomalyScore {
  return scoreAgainst(value, robustStatsInPlace(baseline, n, options.floor), options);
}

function scoreAgainst(value: number, stats: RobustStats, options: AnomalyOptions): AnomalyScore {
  const score = stats.n === 0 ? NaN : robustZ(value, stats);
  let anomalous: boolean;
  switch (options.direction) {
    case 'above':
      anomalous = score > options.k;
      break;
    case 'below':
      anomalous = score < -options.k;
      break;
    case 'both':
      anomalous = Math.abs(score) > options.k;
      break;
  }
  return { score, anomalous, median: stats.median, mad: stats.mad, scale: stats.scale, n: stats.n };
}
