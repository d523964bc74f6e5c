import type { NormalisedScores, ScoringMethod, SeriesScores } from './window-analysis.js';

/** |z| at which the normalised level-shift score reaches 1 − 1/e ≈ 0.63. */
export const LEVEL_SHIFT_SCALE = 5;
/** Volume score at which the normalised volume score reaches 1 − 1/e ≈ 0.63 (a 50 % move for the whole window). */
export const VOLUME_SCALE = 0.5;

/** The normalised scores, the combined score and the method that gave it. */
export interface CombinedScore {
  readonly normalised: NormalisedScores;
  readonly combined: number;
  readonly rankedBy: ScoringMethod;
}

/**
 * Maps the three raw scores onto [0, 1], where about 0.6 means "clearly changed" for each:
 *
 * - ks = D · (1 − p): the distance between the distributions of first differences, discounted when not
 *   significant. 1 − p alone saturates at 1 for a trivial difference between large samples, and is
 *   uniform on [0, 1] for pure noise, so one noise series in a hundred would reach 0.99.
 * - levelShift = 1 − exp(−|z| / 5).
 * - volume = (1 − exp(−volume / 0.5)) · min(1, effect size): the volume score divides by the baseline
 *   mean, so noise around zero reaches its cap; requiring the mean to have moved by a baseline standard
 *   deviation before the score counts in full keeps such series at the bottom.
 *
 * combined = the largest of the three; rankedBy = its method (ks, then levelShift, then volume on equal
 * values). NaN scores count as 0.
 */
export function combineScores(scores: SeriesScores): CombinedScore {
  const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
  const normalised: NormalisedScores = {
    ks: finite(scores.ksStatistic * scores.ks),
    levelShift: finite(1 - Math.exp(-Math.abs(scores.levelShift) / LEVEL_SHIFT_SCALE)),
    volume: finite((1 - Math.exp(-scores.volume / VOLUME_SCALE)) * Math.min(1, scores.effectSize)),
  };
  let rankedBy: ScoringMethod = 'ks';
  if (normalised.levelShift > normalised[rankedBy]) rankedBy = 'levelShift';
  if (normalised.volume > normalised[rankedBy]) rankedBy = 'volume';
  return { normalised, combined: normalised[rankedBy], rankedBy };
}

/** What {@link compareRanked} orders. */
export interface Rankable {
  readonly key: string;
  readonly combined: number;
  readonly normalised: NormalisedScores;
}

/** Ranking order: combined score descending, then the normalised KS score descending, then key ascending. */
export function compareRanked(a: Rankable, b: Rankable): number {
  if (a.combined !== b.combined) return b.combined - a.combined;
  if (a.normalised.ks !== b.normalised.ks) return b.normalised.ks - a.normalised.ks;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
