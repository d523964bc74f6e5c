import type { SeriesInfo } from '../../core/index.js';
import { compare } from './compare.js';
import { observe, type Observation, type RuleEvaluator } from './observation.js';
import { windowValue } from './window-functions.js';

/** How far back the latest value of a series may be and still count as current (PromQL's staleness). */
export const LATEST_LOOKBACK_MS = 5 * 60_000;

/**
 * Threshold: each series' latest value, or a function of its last `window`, compared with `value`.
 * With `clear_value`, a firing alert clears only once the value also fails `op clear_value` (hysteresis).
 */
export const evaluateThreshold: RuleEvaluator<'threshold'> = async (rule, querier, at) => {
  const judge = (series: SeriesInfo, value: number): Observation => {
    const active = compare(value, rule.op, rule.value);
    const cleared = rule.clear_value === undefined ? !active : !compare(value, rule.op, rule.clear_value);
    return observe(rule, series.labels, { active, cleared, value }, series.key);
  };
  if (rule.aggregate === undefined) {
    const latest = await querier.latest(rule.select, { at, lookback: LATEST_LOOKBACK_MS });
    // time_left: the value is a Unix time in seconds; what is compared is how far ahead of `at` it lies.
    const now = rule.time_left ? at / 1000 : 0;
    return latest.map((sample) => judge(sample, sample.v - now));
  }
  const { fn, window } = rule.aggregate;
  const series = await querier.range(rule.select, { from: at - window, to: at });
  const out: Observation[] = [];
  for (const points of series) {
    const value = windowValue(fn, points.t, points.v);
    if (value !== undefined) out.push(judge(points, value));
  }
  return out;
};
