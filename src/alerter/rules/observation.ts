import type { Labels, SeriesQuerier } from '../../core/index.js';
import type { RuleConfig } from '../../config/index.js';

/** One alert instance's verdict from one evaluation of a rule. */
export interface Observation {
  /** The alert's identity: the series' labels, the rule's labels and `alertname`. */
  readonly labels: Labels;
  /** The trigger condition holds. */
  readonly active: boolean;
  /** The clear condition holds (`!active` unless the rule has hysteresis). */
  readonly cleared: boolean;
  /** The value the condition was judged on (for annotations and the timeline). */
  readonly value: number;
}

/** A rule of one kind. */
export type RuleOf<K extends RuleConfig['kind']> = Extract<RuleConfig, { kind: K }>;

/** Evaluates one kind of rule at `at` against the series store. */
export type RuleEvaluator<K extends RuleConfig['kind']> = (rule: RuleOf<K>, querier: SeriesQuerier, at: number) => Promise<Observation[]>;

/** The labels of the alert a rule raises about a series: `alertname`, then the series', then the rule's. */
export function alertLabels(rule: Pick<RuleConfig, 'name' | 'labels'>, seriesLabels: Labels): Labels {
  return { alertname: rule.name, ...seriesLabels, ...rule.labels };
}
