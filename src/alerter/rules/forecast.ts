import { scanRange } from '../../core/index.js';
import { fitLinearWindow } from '../statistics/forecast.js';
import { ObservationList, type RuleEvaluator } from './observation.js';

/**
 * Forecast: a least-squares line through each series' last `window` (intercept at `at`, as PromQL's
 * predict_linear) fires when it meets `op value` at any time within `horizon` — a disk filling up, a
 * certificate running out, registrations draining. Value: the line's value at the horizon.
 */
export const evaluateForecast: RuleEvaluator<'forecast'> = async (rule, querier, at, scope) => {
  const out = new ObservationList(rule, scope, querier);
  // Each window is fitted as it is read: the store need not copy them all out first.
  await scanRange(querier, rule.select, { from: at - rule.window, to: at }, (series, t, v) => {
    const fit = fitLinearWindow({ t, v }, at, rule.window);
    if (fit === undefined) return;
    const crossesIn = fit.timeToCross(rule.value, at, rule.op);
    const active = crossesIn !== undefined && crossesIn <= rule.horizon / 1000;
    out.add(series, active, !active, fit.predictAt(at + rule.horizon));
  });
  return out.finish();
};
