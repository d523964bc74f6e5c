import type { Labels, SeriesKey, SeriesQuerier } from '../../core/index.js';
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
  /**
   * The series judged, when there is one (absent's stand-in for a selector that matches nothing has none).
   * For a given rule `labels` follow from it, so what is derived from the labels (the fingerprint) can be
   * remembered under this key, a string the store already holds, instead of being derived at every cycle.
   */
  readonly series?: SeriesKey | undefined;
}

/** A rule of one kind. */
export type RuleOf<K extends RuleConfig['kind']> = Extract<RuleConfig, { kind: K }>;

/** Evaluates one kind of rule at `at` against the series store. */
export type RuleEvaluator<K extends RuleConfig['kind']> = (rule: RuleOf<K>, querier: SeriesQuerier, at: number) => Promise<Observation[]>;

/** The labels of the alert a rule raises about a series: `alertname`, then the series', then the rule's. */
export function alertLabels(rule: Pick<RuleConfig, 'name' | 'labels'>, seriesLabels: Labels): Labels {
  return { alertname: rule.name, ...seriesLabels, ...rule.labels };
}

/** An observation whose alert labels are built only when asked for: most series never raise an alert. */
class SeriesObservation implements Observation {
  private built: Labels | undefined;

  constructor(
    private readonly rule: Pick<RuleConfig, 'name' | 'labels'>,
    private readonly seriesLabels: Labels,
    readonly active: boolean,
    readonly cleared: boolean,
    readonly value: number,
    readonly series: SeriesKey | undefined,
  ) {}

  get labels(): Labels {
    return (this.built ??= alertLabels(this.rule, this.seriesLabels));
  }
}

/** A rule's verdict on a series (or, without `series`, on a stand-in such as absent's). */
export function observe(
  rule: Pick<RuleConfig, 'name' | 'labels'>,
  seriesLabels: Labels,
  verdict: { readonly active: boolean; readonly cleared: boolean; readonly value: number },
  series?: SeriesKey,
): Observation {
  return new SeriesObservation(rule, seriesLabels, verdict.active, verdict.cleared, verdict.value, series);
}
