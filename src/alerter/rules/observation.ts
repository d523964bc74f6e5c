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

/** What the caller of an evaluator wants to hear about. */
export interface EvaluationScope {
  /**
   * Series whose verdict is wanted even when the condition does not hold (those that carry an alert).
   * Without it every series judged is reported; with it, a series whose condition does not hold is
   * reported only when listed here, or when its alert could be another series' alert (see {@link ObservationList}).
   */
  readonly watched?: ReadonlySet<SeriesKey>;
}

/** Evaluates one kind of rule at `at` against the series store. */
export type RuleEvaluator<K extends RuleConfig['kind']> = (rule: RuleOf<K>, querier: SeriesQuerier, at: number, scope?: EvaluationScope) => Promise<Observation[]>;

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

/**
 * The observations of one evaluation, within its scope. Most series, most of the time, are quiet (their
 * condition does not hold) and carry no alert: nothing can happen to them, so they are left out before an
 * object, alert labels or a fingerprint is made for them. A rule with no alert hears only its active series;
 * a rule with alerts hears those and the quiet series that carry one (`watched`).
 *
 * That a quiet series' alert is its own rests on its alert labels being its labels plus `alertname` and the
 * rule's labels. Two series of one metric can share an alert only when a label of one of them is overridden
 * (a rule label of the same name, or an `alertname` label on the series); a selector spanning metrics can
 * match two with the same labels. So quiet series are set aside, cheaply, and reported after all, in their
 * place, when the selection holds a series whose alert could be shared; a spanning selector hears everything.
 */
export class ObservationList {
  private readonly kept: Observation[] = [];
  private readonly watched: ReadonlySet<SeriesKey> | undefined;
  /** Label names whose presence on a series lets its alert coincide with another series' alert. */
  private readonly overriding: readonly string[];
  private shared = false;
  /** The quiet series set aside, each with the number of observations kept before it (to restore the order). */
  private readonly quiet: { labels: Labels[]; series: SeriesKey[]; cleared: boolean[]; value: number[]; position: number[] } = {
    labels: [],
    series: [],
    cleared: [],
    value: [],
    position: [],
  };

  constructor(
    private readonly rule: Pick<RuleConfig, 'name' | 'labels' | 'select'>,
    scope: EvaluationScope = {},
  ) {
    this.watched = rule.select.metric === undefined ? undefined : scope.watched;
    this.overriding = ['alertname', ...Object.keys(rule.labels)];
  }

  /** Records the verdict on a series (or, without `series`, on a stand-in). */
  add(seriesLabels: Labels, active: boolean, cleared: boolean, value: number, series?: SeriesKey): void {
    const watched = this.watched;
    if (active || series === undefined || watched === undefined) {
      this.keep(seriesLabels, active, cleared, value, series);
      return;
    }
    // With no alert of the rule to step, a quiet series changes nothing: not even its key is read.
    if (watched.size === 0) return;
    if (watched.has(series)) {
      this.keep(seriesLabels, active, cleared, value, series);
      return;
    }
    this.noteSharing(seriesLabels);
    const quiet = this.quiet;
    quiet.labels.push(seriesLabels);
    quiet.series.push(series);
    quiet.cleared.push(cleared);
    quiet.value.push(value);
    quiet.position.push(this.kept.length);
  }

  /** The observations in scope, in the order they were added. */
  finish(): Observation[] {
    if (!this.shared || this.quiet.series.length === 0) return this.kept;
    const { labels, series, cleared, value, position } = this.quiet;
    const out: Observation[] = [];
    let next = 0;
    for (let i = 0; i < series.length; i++) {
      while (next < (position[i] as number)) out.push(this.kept[next++] as Observation);
      out.push(new SeriesObservation(this.rule, labels[i] as Labels, false, cleared[i] as boolean, value[i] as number, series[i]));
    }
    while (next < this.kept.length) out.push(this.kept[next++] as Observation);
    return out;
  }

  private keep(seriesLabels: Labels, active: boolean, cleared: boolean, value: number, series: SeriesKey | undefined): void {
    if (this.watched !== undefined && this.watched.size > 0) this.noteSharing(seriesLabels);
    this.kept.push(new SeriesObservation(this.rule, seriesLabels, active, cleared, value, series));
  }

  /** Notes a series whose alert labels could equal another series' (see the class comment). */
  private noteSharing(seriesLabels: Labels): void {
    if (this.shared) return;
    for (const name of this.overriding) if (seriesLabels[name] !== undefined) this.shared = true;
  }
}
