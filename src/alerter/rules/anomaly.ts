import { scanRange, type SeriesKey } from '../../core/index.js';
import { type AnomalyOptions, type AnomalyScore, anomalyScoreInPlace } from '../statistics/anomaly-score.js';
import { BaselineScratch, baselineRange, baselineValuesInto, type BaselineOptions } from '../statistics/baseline.js';
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
  const sampleOf = new Map(latest.map((sample) => [sample.key, sample]));
  // Each series' history is scored as it is read (the store need not copy it all out first); only the
  // series with a sufficient baseline get a verdict.
  const verdicts = new Map<SeriesKey, AnomalyScore>();
  // One array holds each series' baseline in turn, sorted in place by the score.
  const baseline = new BaselineScratch();
  const scoring: AnomalyOptions = { k: rule.k, direction: rule.direction };
  await scanRange(querier, rule.select, baselineRange(at, options), (series, t, v) => {
    const sample = sampleOf.get(series.key);
    if (sample === undefined) return;
    // The baseline ends before the sample judged, so the value never vouches for itself.
    if (baselineValuesInto({ t, v }, sample.t, options, baseline)) verdicts.set(series.key, anomalyScoreInPlace(sample.v, baseline.values, baseline.length, scoring));
  });
  const out = new ObservationList(rule, scope, querier);
  for (const sample of latest) {
    const verdict = verdicts.get(sample.key);
    if (verdict === undefined) out.add(sample, false, true, 0);
    else out.add(sample, verdict.anomalous, !verdict.anomalous, verdict.score);
  }
  return out.finish();
};
