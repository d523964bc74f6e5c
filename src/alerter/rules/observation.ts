import type { Labels, SeriesInfo, SeriesKey, SeriesQuerier } from '../../core/index.js';
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
  /**
   * Where the rule's reported series were heard in its previous evaluation, updated by this one: the
   * watched series are then looked for where they were, see {@link HeardPositions}.
   */
  readonly positions?: HeardPositions;
}

/**
 * Where the series a rule reported were heard in one evaluation: their position in the order the evaluator
 * added its series. A selection comes back in the same order from one evaluation to the next, so a watched
 * series is looked for at its last position, one key compared, rather than every quiet series' key being
 * looked up among the watched: that look-up reads each key's memory, scattered over the heap, and was most
 * of the cost of a large selection with an alert. A series not found where it was is looked for the old way.
 */
export class HeardPositions {
  private positions: ReadonlyMap<SeriesKey, number> = new Map();

  /** Where `series` was heard last time, if it was reported. */
  of(series: SeriesKey): number | undefined {
    return this.positions.get(series);
  }

  /** Takes the positions of the evaluation that just finished. */
  replace(positions: ReadonlyMap<SeriesKey, number>): void {
    this.positions = positions;
  }
}

/**
 * Quiet series set aside, as columns: each with the number of observations kept before it (to restore the
 * order) and its position among the series added. Their keys and labels are read only if they are reported.
 */
interface QuietSeries {
  readonly series: SeriesInfo[];
  readonly cleared: boolean[];
  readonly value: number[];
  readonly position: number[];
  readonly added: number[];
}

/** A watched series and where it was heard last time. */
interface ExpectedSeries {
  readonly position: number;
  readonly series: SeriesKey;
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
    /** The series' own labels. */
    readonly seriesLabels: Labels,
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
  private readonly kept: SeriesObservation[] = [];
  private readonly watched: ReadonlySet<SeriesKey> | undefined;
  /** Label names whose presence on a series lets its alert coincide with another series' alert. */
  private readonly overriding: readonly string[];
  /** How many series have been added: the position of the next one. */
  private added = 0;
  /** With positions: the watched series that were heard last time, by position, and the next one to reach. */
  private readonly expected: readonly ExpectedSeries[] | undefined;
  private nextExpected = 0;
  /** Watched series found where they were expected. */
  private found = 0;
  /** Where the reported series are heard in this evaluation, for the next one. */
  private readonly heard: Map<SeriesKey, number> | undefined;
  /** The quiet series set aside (none yet: most rules have no alert and set none aside). */
  private quiet: QuietSeries | undefined;

  /**
   * @param querier the store the series come from: when it tells which label names the series of the rule's
   * metric carry, and none is one the rule overrides, no series' labels are read to rule out a shared alert.
   */
  constructor(
    private readonly rule: Pick<RuleConfig, 'name' | 'labels' | 'select'>,
    private readonly scope: EvaluationScope = {},
    private readonly querier?: Pick<SeriesQuerier, 'labelNames'>,
  ) {
    this.watched = rule.select.metric === undefined ? undefined : scope.watched;
    this.overriding = ['alertname', ...Object.keys(rule.labels)];
    if (this.watched !== undefined && scope.positions !== undefined) {
      this.expected = expectedSeries(this.watched, scope.positions);
      this.heard = new Map();
    }
  }

  /** Records the verdict on a series; its key and labels are read only when the verdict is reported. */
  add(series: SeriesInfo, active: boolean, cleared: boolean, value: number): void {
    const added = this.added++;
    const watched = this.watched;
    if (watched === undefined) {
      this.keep(series.labels, active, cleared, value, series.key, added);
      return;
    }
    const expected = this.isExpected(added, series);
    if (active) {
      this.keep(series.labels, active, cleared, value, series.key, added);
      return;
    }
    // With no alert of the rule to step, a quiet series changes nothing: not even its key is read.
    if (watched.size === 0) return;
    if (expected || (this.expected === undefined && watched.has(series.key))) {
      this.keep(series.labels, active, cleared, value, series.key, added);
      return;
    }
    const quiet = (this.quiet ??= { series: [], cleared: [], value: [], position: [], added: [] });
    quiet.series.push(series);
    quiet.cleared.push(cleared);
    quiet.value.push(value);
    quiet.position.push(this.kept.length);
    quiet.added.push(added);
  }

  /** Records the verdict on a stand-in with these labels and no series (absent's, for a selector that matches nothing). */
  addStandIn(labels: Labels, active: boolean, cleared: boolean, value: number): void {
    this.keep(labels, active, cleared, value, undefined, this.added++);
  }

  /** The observations in scope, in the order they were added. */
  finish(): Observation[] {
    const out = this.withQuiet();
    if (this.heard !== undefined) this.scope.positions?.replace(this.heard);
    return out;
  }

  /** The kept observations and, in their place, the quiet ones that must be reported after all. */
  private withQuiet(): Observation[] {
    const quiet = this.quiet;
    if (quiet === undefined) return this.kept;
    if (this.mayShare(quiet)) return this.merged(quiet, () => true);
    // Watched series not found where they were heard last time are looked for among the quiet ones.
    const watched = this.watched;
    if (watched === undefined || this.expected === undefined || this.found === watched.size) return this.kept;
    const heard = this.heard;
    return this.merged(quiet, (series, added) => {
      if (!watched.has(series)) return false;
      heard?.set(series, added);
      return true;
    });
  }

  /**
   * Whether a series heard (kept or set aside) carries a label whose presence lets its alert coincide with
   * another series' alert (see the class comment). Asked once quiet series were set aside, so the rule has
   * alerts; the store's label names of the metric, when it knows them, usually answer without a series read.
   */
  private mayShare(quiet: QuietSeries): boolean {
    const metric = this.rule.select.metric;
    const names = metric === undefined ? undefined : this.querier?.labelNames?.(metric);
    if (names !== undefined && !this.overriding.some((name) => names.has(name))) return false;
    for (const observation of this.kept) if (this.overrides(observation.seriesLabels)) return true;
    for (const series of quiet.series) if (this.overrides(series.labels)) return true;
    return false;
  }

  private overrides(seriesLabels: Labels): boolean {
    for (const name of this.overriding) if (seriesLabels[name] !== undefined) return true;
    return false;
  }

  /** The kept observations with the quiet ones `wanted` in their place. */
  private merged(quiet: QuietSeries, wanted: (series: SeriesKey, added: number) => boolean): Observation[] {
    const { series, cleared, value, position, added } = quiet;
    const out: Observation[] = [];
    let next = 0;
    for (let i = 0; i < series.length; i++) {
      const info = series[i] as SeriesInfo;
      if (!wanted(info.key, added[i] as number)) continue;
      while (next < (position[i] as number)) out.push(this.kept[next++] as Observation);
      out.push(new SeriesObservation(this.rule, info.labels, false, cleared[i] as boolean, value[i] as number, info.key));
    }
    while (next < this.kept.length) out.push(this.kept[next++] as Observation);
    return out.length === this.kept.length ? this.kept : out;
  }

  /** Whether the series added at `added` is the watched series heard there last time (only then is its key read). */
  private isExpected(added: number, series: SeriesInfo): boolean {
    const expected = this.expected?.[this.nextExpected];
    if (expected === undefined || expected.position !== added) return false;
    this.nextExpected++;
    if (expected.series !== series.key) return false;
    this.found++;
    return true;
  }

  private keep(seriesLabels: Labels, active: boolean, cleared: boolean, value: number, series: SeriesKey | undefined, added: number): void {
    if (series !== undefined) this.heard?.set(series, added);
    this.kept.push(new SeriesObservation(this.rule, seriesLabels, active, cleared, value, series));
  }
}

/** The watched series heard last time, in the order of their positions then. */
function expectedSeries(watched: ReadonlySet<SeriesKey>, positions: HeardPositions): ExpectedSeries[] {
  const out: ExpectedSeries[] = [];
  for (const series of watched) {
    const position = positions.of(series);
    if (position !== undefined) out.push({ position, series });
  }
  return out.sort((a, b) => a.position - b.position);
}
