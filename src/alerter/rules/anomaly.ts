import { anomalyScore } from '../statistics/anomaly-score.js';
import { baselineRange, buildBaseline, type BaselineOptions } from '../statistics/baseline.js';
import { ObservationList, type RuleEvaluator } from './observation.js';
import { LATEST_LOOKBACK_MS } from './threshold.js';

/**
 * Anomaly: each series' latest value against its own baseline (the rolling window before it, the same
 * hour of the previous weeks, or both), atypical beyond `k` robust deviations (median/MAD). A series
 * without `min_points` of history is judged not atypical. Value: the robust z-score.
 */
export const evaluateAnomaly: RuleEvaluator<'anomaly'> = async (rule, querier, at, scope) => {
  const options: BaselineOptions = { kind: rule.baseline, window: rule.window, weeks: rule.weeks, minHistory: { points: rule.min_points } };
  const latest = await querier.latest(rule.select, { at, lookback: LATEST_LOOKBACK_MS });
  if (latest.length === 0) return [];
  const history = new Map((await querier.range(rule.select, baselineRange(at, options))).map((points) => [points.key, points]));
  const out = new ObservationList(rule, scope);
  for (const sample of latest) {
    const points = history.get(sample.key);
    // The baseline ends before the sample judged, so the value never vouches for itself.
    const baseline = points === undefined ? undefined : buildBaseline(points, sample.t, options);
    if (baseline === undefined || !baseline.sufficient) {
      out.add(sample.labels, false, true, 0, sample.key);
      continue;
    }
    const verdict = anomalyScore(sample.v, baseline.v, { k: rule.k, direction: rule.direction });
    out.add(sample.labels, verdict.anomalous, !verdict.anomalous, verdict.score, sample.key);
  }
  return out.finish();
};
