import { fitLinearWindow } from '../statistics/forecast.js';
import { ObservationList, type RuleEvaluator } from './observation.js';

/**
 * Forecast: a least-squares line through each series' last `window` (intercept at `at`, as PromQL's
 * predict_linear) fires when it meets `op value` at any time within `horizon` — a disk filling up, a
 * certificate running out, registrations draining. Value: the line's value at the horizon.
 */
export const evaluateForecast: RuleEvaluator<'forecast'> = async (rule, querier, at, scope) => {
  const series = await querier.range(rule.select, { from: at - rule.window, to: at });
  const out = new ObservationList(rule, scope);
  for (const points of series) {
    const fit = fitLinearWindow(points, at, rule.window);
    if (fit === undefined) continue;
    const crossesIn = fit.timeToCross(rule.value, at, rule.op);
    const active = crossesIn !== undefined && crossesIn <= rule.horizon / 1000;
    out.add(points.labels, active, !active, fit.predictAt(at + rule.horizon), points.key);
  }
  return out.finish();
};
