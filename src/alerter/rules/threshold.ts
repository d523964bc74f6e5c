import { scanLatest, scanRange, type SeriesInfo } from '../../core/index.js';
import { compare } from './compare.js';
import { ObservationList, type RuleEvaluator } from './observation.js';
import { windowValue } from './window-functions.js';

/** How far back the latest value of a series may be and still count as current (PromQL's staleness). */
export const LATEST_LOOKBACK_MS = 5 * 60_000;

/**
 * Threshold: each series' latest value, or a function of its last `window`, compared with `value`.
 * With `clear_value`, a firing alert clears only once the value also fails `op clear_value` (hysteresis).
 */
export const evaluateThreshold: RuleEvaluator<'threshold'> = async (rule, querier, at, scope) => {
  const out = new ObservationList(rule, scope, querier);
  const judge = (series: SeriesInfo, value: number): void => {
    const active = compare(value, rule.op, rule.value);
    const cleared = rule.clear_value === undefined ? !active : !compare(value, rule.op, rule.clear_value);
    out.add(series, active, cleared, value);
  };
  if (rule.aggregate === undefined) {
    // time_left: the value is a Unix time in seconds; what is compared is how far ahead of `at` it lies.
    const now = rule.time_left ? at / 1000 : 0;
    // Each latest value is judged as it is read: the store need not make an object per series.
    await scanLatest(querier, rule.select, { at, lookback: LATEST_LOOKBACK_MS }, (series, _t, v) => judge(series, v - now));
    return out.finish();
  }
  const { fn, window } = rule.aggregate;
  // Each window is judged as it is read: the store need not copy them all out first.
  await scanRange(querier, rule.select, { from: at - window, to: at }, (series, t, v) => {
    const value = windowValue(fn, t, v);
    if (value !== undefined) judge(series, value);
  });
  return out.finish();
};
