import type { RuleConfig } from '../../config/index.js';
import { evaluateAbsent } from './absent.js';
import { evaluateAnomaly } from './anomaly.js';
import { evaluateChange } from './change.js';
import { evaluateForecast } from './forecast.js';
import type { RuleEvaluator } from './observation.js';
import { evaluateThreshold } from './threshold.js';

/** The evaluator of every rule kind: a new kind is one file and one line here. */
export const RULE_EVALUATORS: { readonly [K in RuleConfig['kind']]: RuleEvaluator<K> } = {
  threshold: evaluateThreshold,
  absent: evaluateAbsent,
  anomaly: evaluateAnomaly,
  forecast: evaluateForecast,
  change: evaluateChange,
};

export { HeardPositions } from './observation.js';
export type { EvaluationScope, Observation, RuleEvaluator, RuleOf } from './observation.js';
