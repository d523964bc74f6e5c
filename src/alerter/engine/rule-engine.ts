import type { AlertStateStore, Labels, Logger, Sample, SampleAppender, SeriesKey, SeriesQuerier, Severity, StoredAlert } from '../../core/index.js';
import { seriesKey } from '../../core/index.js';
import type { InterruptionLevel, RuleConfig, TargetConfig } from '../../config/index.js';
import { type AlertLifecycleRule, type AlertState, type AlertTransition, step } from '../alert-state.js';
import { type EvaluationScope, HeardPositions, RULE_EVALUATORS, type Observation, type RuleEvaluator } from '../rules/index.js';
import { LATEST_LOOKBACK_MS } from '../rules/threshold.js';
import { alertFingerprint, groupKey, groupLabels } from './alert-identity.js';
import { DependencyTracker, type DependencyUnit } from './dependencies.js';
import { Inhibition } from './inhibition.js';

/** How often the state of an alert that merely ticks on in the same status is written. */
export const ROUTINE_SAVE_INTERVAL_MS = 60_000;

/** A resolved alert's state is kept this long, so flap history and n-of-m windows survive a quick return. */
export const RESOLVED_RETENTION_MS = 60 * 60_000;

/** Something that happened to an alert instance in one evaluation. */
export interface AlertEvent {
  readonly at: number;
  readonly rule: string;
  readonly severity: Severity;
  readonly fingerprint: string;
  /** The incident this alert belongs to: rule plus its `group_by` values. */
  readonly group: string;
  /** Those `group_by` values, the incident's labels. */
  readonly groupLabels: Labels;
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  /** `assigned`: a firing alert that was held got its incident. */
  readonly change: AlertTransition | 'assigned' | 'flap_started' | 'flap_stopped';
  /** When the condition began to hold (before `for`): an incident's occurrence time. */
  readonly activeSince: number;
  readonly value?: number;
  readonly interruption?: InterruptionLevel;
  /**
   * The incident a firing (or resolving) alert belongs to: its own `group`, or the incident of the alert
   * that inhibits it. Undefined while the alert is held: a target it depends on is down with no firing
   * alert yet, or came back less than the hold ago.
   */
  readonly incident?: string;
  /** The labels of the alert whose incident this one joined instead of opening its own. */
  readonly inhibitedBy?: Labels;
  /** Why a firing alert has no incident yet. */
  readonly heldBy?: string;
  /** The alert is flapping (Naemon's percent state change is above its threshold). */
  readonly flapping: boolean;
  /** A firing or resolution of a flapping alert: its incident stays as it is until the flapping stops. */
  readonly flip?: true;
}

/** An alert instance now pending or firing (for `GET /alerts`). */
export interface ActiveAlert {
  readonly rule: string;
  readonly fingerprint: string;
  readonly group: string;
  readonly labels: Labels;
  readonly status: 'pending' | 'firing';
  readonly since: number;
  readonly flapping: boolean;
  readonly value?: number;
  readonly incident?: string;
  readonly inhibitedBy?: Labels;
  readonly heldBy?: string;
}

/** Where a firing alert's incident stands. */
interface Routing {
  readonly incident?: string;
  readonly inhibitedBy?: Labels;
  readonly heldBy?: string;
}

interface Instance extends Routing {
  readonly rule: string;
  readonly group: string;
  readonly labels: Labels;
  readonly state: AlertState;
  /** The series the alert is about (unknown for one restored from an older state, none for absent's stand-in). */
  readonly series?: SeriesKey;
}

/** What the engine persists per instance besides the lifecycle state. */
interface PersistedState extends Routing {
  readonly group: string;
  readonly lifecycle: AlertState;
  readonly series?: SeriesKey;
}

/** A rule's alert instances at the start of an evaluation. */
interface RuleInstances {
  readonly fingerprints: string[];
  /** Their series; undefined when one of them has none known, and every series must then be heard. */
  series: Set<SeriesKey> | undefined;
}

/** What a rule with no alert watches: nothing, so it hears only series whose condition holds. */
const NOTHING_WATCHED: ReadonlySet<SeriesKey> = new Set();

/** One evaluation's output, gathered while the rules are judged. */
interface Round {
  readonly events: AlertEvent[];
  readonly samples: Sample[];
  readonly upserts: Map<string, StoredAlert>;
  readonly removed: string[];
  /** Fingerprints that became firing in this round and still need their incident. */
  readonly fired: Set<string>;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { S1: 0, S2: 1, S3: 2, S4: 3 };

/** The lifecycle parts of each rule version, made once rather than for every alert at every evaluation. */
const lifecycles = new WeakMap<RuleConfig, AlertLifecycleRule>();

function lifecycleOf(rule: RuleConfig): AlertLifecycleRule {
  let lifecycle = lifecycles.get(rule);
  if (lifecycle === undefined) {
    lifecycle = { forMs: rule.for, keepFiringForMs: rule.keep_firing_for, ...(rule.n_of_m === undefined ? {} : { nOfM: rule.n_of_m }) };
    lifecycles.set(rule, lifecycle);
  }
  return lifecycle;
}


/** Where the engine finds the targets' dependencies and how long their recovery holds alerts back. */
export interface DependencySettings {
  readonly targets: readonly Pick<TargetConfig, 'id' | 'pair' | 'depends_on'>[];
  /** Evaluations (of the waiting alert's rule) an alert waits after a unit it depends on came back. */
  readonly holdEvaluations: number;
}

/**
 * Evaluates rules at a given time: each rule's kind judges its series, each alert instance steps through
 * its lifecycle, states are persisted (a restart resumes timers) and every transition is written as
 * `ALERTS{alertstate}` series so forensics can correlate alerts with everything else. A firing alert is
 * routed to an incident: its own group's, or, when inhibited (rule `inhibit` entries, or a target it
 * depends on being down), the incident of the alert that explains it.
 */
export class RuleEngine {
  private readonly instances = new Map<string, Instance>();
  /** Firing alerts that have no incident yet (held), re-examined at every evaluation. */
  private readonly unrouted = new Set<string>();
  /** Every rule seen so far by name: inhibition crosses evaluation groups. */
  private readonly rules = new Map<string, RuleConfig>();
  private inhibition = new Inhibition([]);
  private readonly dependencies = new DependencyTracker();
  private dependencyTargets: DependencySettings['targets'] | undefined;
  /** Restored alerts whose series have not been seen since the restart, and when evaluation resumed. */
  private readonly unconfirmed = new Set<string>();
  private resumedAt: number | undefined;
  /** When each instance's state was last written (its `lastEvalAt` then). */
  private readonly savedAt = new Map<string, number>();
  /** Per rule version (a reload makes new objects, so old entries go with them). */
  private readonly fingerprintCache = new WeakMap<RuleConfig, Map<string, string>>();
  /** Per rule version: where its evaluator heard the series it reported, so its alerts' series are found again by position. */
  private readonly positions = new WeakMap<RuleConfig, HeardPositions>();
  /** The `ALERTS{…}` series keys of an alert's labels, by `alertstate`: an alert firing for hours writes one a cycle. */
  private readonly alertsKeys = new WeakMap<Labels, Partial<Record<'pending' | 'firing', SeriesKey>>>();

  constructor(
    private readonly deps: {
      readonly querier: SeriesQuerier;
      readonly appender: SampleAppender;
      readonly states: AlertStateStore;
      readonly log: Logger;
      /** Read at every evaluation, so a reload's targets apply at once. */
      readonly dependencies?: () => DependencySettings;
    },
  ) {}

  /** Loads the persisted states; call once before the first evaluation. */
  async restore(): Promise<void> {
    for (const stored of await this.deps.states.loadAll()) {
      const persisted = stored.state as PersistedState;
      const { group, lifecycle, incident } = persisted;
      this.instances.set(stored.fingerprint, { rule: stored.rule, group, labels: stored.labels, state: lifecycle, ...routingOf(persisted, true), ...seriesOf(persisted) });
      this.savedAt.set(stored.fingerprint, lifecycle.lastEvalAt);
      this.unconfirmed.add(stored.fingerprint);
      if (lifecycle.status === 'firing' && incident === undefined) this.unrouted.add(stored.fingerprint);
    }
  }

  /** Evaluates `rules` at `at` and returns what changed; a rule that fails is logged and skipped. */
  async evaluate(rules: readonly RuleConfig[], at: number): Promise<AlertEvent[]> {
    this.learn(rules);
    this.resumedAt ??= at;
    const round: Round = { events: [], samples: [], upserts: new Map(), removed: [], fired: new Set() };
    const instancesOf = this.instancesByRule();
    const inGrace = at - this.resumedAt < LATEST_LOOKBACK_MS;
    for (const rule of rules) {
      const own = instancesOf.get(rule.name);
      // Only series whose condition holds or that carry an alert can change anything: the evaluator leaves
      // the others out (most of the series, most of the time) unless an alert's series is not known.
      const scope = this.scopeOf(rule, own);
      let observations: Observation[];
      try {
        observations = await (RULE_EVALUATORS[rule.kind] as RuleEvaluator<RuleConfig['kind']>)(rule, this.deps.querier, at, scope);
      } catch (error) {
        this.deps.log.error({ err: error, rule: rule.name }, 'rule evaluation failed');
        continue;
      }
      const fingerprints = this.fingerprintsOf(rule);
      // Series come and go (addresses behind a round robin): forget the ones long gone, now and then. Only
      // series that were active or alerting are remembered, so the fingerprints of the present ones come back quickly.
      if (fingerprints.size > 2 * observations.length + 1_000) fingerprints.clear();
      const seen = new Set<string>();
      for (const observation of observations) {
        const fingerprint = fingerprintOf(observation, fingerprints);
        // Most series have no alert and no reason for one: stepping them would create a state only to drop it.
        if (!observation.active && !this.instances.has(fingerprint)) continue;
        seen.add(fingerprint);
        this.unconfirmed.delete(fingerprint);
        this.advance(rule, fingerprint, observation, at, round);
      }
      // An instance whose series vanished is judged cleared, so it resolves rather than firing forever;
      // except, for one look-back after a restart, a restored one that the collector has not probed again
      // yet: its series has a gap from the downtime, not an end (Prometheus's grace for restored alerts).
      for (const fingerprint of own?.fingerprints ?? []) {
        const instance = this.instances.get(fingerprint);
        if (instance === undefined || seen.has(fingerprint)) continue;
        if (inGrace && this.unconfirmed.has(fingerprint)) continue;
        this.advance(rule, fingerprint, { labels: instance.labels, active: false, cleared: true, value: NaN }, at, round);
      }
    }
    await this.route(at, round);
    if (round.samples.length > 0) await this.deps.appender.append(round.samples);
    if (round.upserts.size > 0 || round.removed.length > 0) await this.deps.states.save([...round.upserts.values()], round.removed);
    return round.events;
  }

  /** The alerts now pending or firing. */
  active(): ActiveAlert[] {
    const out: ActiveAlert[] = [];
    for (const [fingerprint, { rule, group, labels, state, series: _series, ...routing }] of this.instances) {
      if (state.status !== 'pending' && state.status !== 'firing') continue;
      const since = (state.status === 'firing' ? state.firingSince : state.pendingSince) ?? state.lastEvalAt;
      out.push({
        rule,
        fingerprint,
        group,
        labels,
        status: state.status,
        since,
        flapping: state.flapping,
        ...(state.lastValue === undefined ? {} : { value: state.lastValue }),
        ...(state.status === 'firing' ? routing : {}),
      });
    }
    return out;
  }

  /** The instances' fingerprints and series by rule, taken once per evaluation (not one scan of them all per rule). */
  private instancesByRule(): Map<string, RuleInstances> {
    const byRule = new Map<string, RuleInstances>();
    for (const [fingerprint, { rule, series }] of this.instances) {
      let own = byRule.get(rule);
      if (own === undefined) {
        own = { fingerprints: [], series: new Set() };
        byRule.set(rule, own);
      }
      own.fingerprints.push(fingerprint);
      if (series === undefined) own.series = undefined;
      else own.series?.add(series);
    }
    return byRule;
  }

  /** Which series the evaluator of `rule` reports, given the rule's alerts (`own`). */
  private scopeOf(rule: RuleConfig, own: RuleInstances | undefined): EvaluationScope {
    if (own !== undefined && own.series === undefined) return {};
    let positions = this.positions.get(rule);
    if (positions === undefined) {
      positions = new HeardPositions();
      this.positions.set(rule, positions);
    }
    return { watched: own?.series ?? NOTHING_WATCHED, positions };
  }

  /** The fingerprints of a rule's alerts by series key: a rule's labels follow from its series, so a hash per series is enough. */
  private fingerprintsOf(rule: RuleConfig): Map<string, string> {
    let cache = this.fingerprintCache.get(rule);
    if (cache === undefined) {
      cache = new Map();
      this.fingerprintCache.set(rule, cache);
    }
    return cache;
  }

  /** Remembers the rules' latest versions; the inhibit entries are compiled again only when a rule changed. */
  private learn(rules: readonly RuleConfig[]): void {
    let changed = false;
    for (const rule of rules) {
      if (this.rules.get(rule.name) === rule) continue;
      this.rules.set(rule.name, rule);
      changed = true;
    }
    if (changed) this.inhibition = new Inhibition([...this.rules.values()]);
    const settings = this.deps.dependencies?.();
    if (settings !== undefined && settings.targets !== this.dependencyTargets) {
      this.dependencyTargets = settings.targets;
      this.dependencies.configure(settings.targets);
    }
  }

  /**
   * Gives every firing alert without an incident its incident, or keeps it held. An alert inhibited by
   * another joins that one's incident once the other has one; passes repeat while they settle chains
   * (a core's alert joins the pair's outage, an SBC's alert then joins the core's).
   */
  private async route(at: number, round: Round): Promise<void> {
    await this.dependencies.observe(this.deps.querier, at);
    const waiting = new Set(this.unrouted);
    for (let progress = waiting.size > 0; progress; ) {
      progress = false;
      const inhibitorOf = this.inhibition.empty ? undefined : this.inhibition.index(this.firing());
      // One look-up per unit and pass, however many alerts an outage explains.
      const parents = new Map<string, Instance | undefined>();
      const parentOf = (unit: DependencyUnit) => {
        if (!parents.has(unit.key)) parents.set(unit.key, this.parentAlert(unit));
        return parents.get(unit.key);
      };
      for (const fingerprint of waiting) {
        const instance = this.instances.get(fingerprint) as Instance;
        const routing = this.routingOf(fingerprint, instance, at, inhibitorOf, parentOf);
        const settled = routing.incident !== undefined;
        if (settled || routing.heldBy !== instance.heldBy) this.update(fingerprint, withRouting(instance, routing), round);
        if (settled || round.fired.has(fingerprint)) this.emitRouted(fingerprint, at, round);
        if (!settled) continue;
        waiting.delete(fingerprint);
        this.unrouted.delete(fingerprint);
        round.fired.delete(fingerprint);
        progress = true;
      }
    }
  }

  private routingOf(
    fingerprint: string,
    instance: Instance,
    at: number,
    inhibitorOf: ((alert: { fingerprint: string; labels: Labels }) => (Instance & { fingerprint: string }) | undefined) | undefined,
    parentOf: (unit: DependencyUnit) => Instance | undefined,
  ): Routing {
    const inhibitor = inhibitorOf?.({ fingerprint, labels: instance.labels });
    if (inhibitor !== undefined) {
      if (inhibitor.incident === undefined) return { heldBy: `inhibited by ${inhibitor.rule}, which has no incident yet` };
      return { incident: inhibitor.incident, inhibitedBy: inhibitor.labels };
    }
    const rule = this.rules.get(instance.rule);
    const holdMs = (this.deps.dependencies?.().holdEvaluations ?? 0) * (rule?.interval ?? 0);
    const verdict = this.dependencies.verdict(instance.labels.target, at, holdMs);
    if (verdict.kind === 'down') {
      const parent = parentOf(verdict.unit);
      if (parent === undefined) return { heldBy: `${verdict.unit.key} down, no alert of it firing yet` };
      return { incident: parent.incident as string, inhibitedBy: parent.labels };
    }
    if (verdict.kind === 'recovering') return { heldBy: `${verdict.unit.key} came back at ${new Date(verdict.since).toISOString()}: holding` };
    return { incident: instance.group };
  }

  /**
   * The firing alert with an incident about `unit`: labelled with one of its members as `target`, or with
   * the unit as `pair` (the collector's `pair_members_up`); the most severe, then the oldest.
   */
  private parentAlert(unit: DependencyUnit): Instance | undefined {
    let best: Instance | undefined;
    const rank = (instance: Instance) => SEVERITY_RANK[this.rules.get(instance.rule)?.severity ?? 'S4'];
    for (const instance of this.instances.values()) {
      if (instance.state.status !== 'firing' || instance.incident === undefined) continue;
      if (instance.labels.pair !== unit.key && !unit.members.includes(instance.labels.target ?? '')) continue;
      if (best === undefined || rank(instance) < rank(best) || (rank(instance) === rank(best) && (instance.state.activeSince ?? 0) < (best.state.activeSince ?? 0))) {
        best = instance;
      }
    }
    return best;
  }

  private *firing(): Iterable<Instance & { fingerprint: string }> {
    for (const [fingerprint, instance] of this.instances) {
      if (instance.state.status === 'firing') yield { ...instance, fingerprint };
    }
  }

  /** The `firing` event of an alert that fired this round, or `assigned` for one held earlier. */
  private emitRouted(fingerprint: string, at: number, round: Round): void {
    const instance = this.instances.get(fingerprint) as Instance;
    const rule = this.rules.get(instance.rule);
    if (rule === undefined) return;
    round.events.push({ ...this.eventBase(rule, fingerprint, instance, at), change: round.fired.has(fingerprint) ? 'firing' : 'assigned' });
  }

  private eventBase(rule: RuleConfig, fingerprint: string, instance: Instance, at: number, activeSince = instance.state.activeSince ?? at): Omit<AlertEvent, 'change'> {
    const value = instance.state.lastValue;
    return {
      at,
      rule: rule.name,
      severity: rule.severity,
      fingerprint,
      group: instance.group,
      groupLabels: groupLabels(rule.group_by, instance.labels),
      labels: instance.labels,
      annotations: rule.annotations,
      activeSince,
      flapping: instance.state.flapping,
      ...(value === undefined ? {} : { value }),
      ...(rule.interruption === undefined ? {} : { interruption: rule.interruption }),
      ...routingOf(instance, true),
    };
  }

  private update(fingerprint: string, instance: Instance, round: Round): void {
    this.instances.set(fingerprint, instance);
    const persisted: PersistedState = { group: instance.group, lifecycle: instance.state, ...routingOf(instance, true), ...seriesOf(instance) };
    round.upserts.set(fingerprint, { fingerprint, rule: instance.rule, labels: instance.labels, state: persisted });
    this.savedAt.set(fingerprint, instance.state.lastEvalAt);
  }

  /** A sample of the alert's `ALERTS{alertstate}` series. */
  private alertsSample(labels: Labels, alertstate: 'pending' | 'firing', at: number, value: 0 | 1): Sample {
    let keys = this.alertsKeys.get(labels);
    if (keys === undefined) {
      keys = {};
      this.alertsKeys.set(labels, keys);
    }
    const series = (keys[alertstate] ??= seriesKey('ALERTS', { ...labels, alertstate }));
    return { series, t: at, v: value };
  }

  private advance(rule: RuleConfig, fingerprint: string, observation: Observation, at: number, round: Round): void {
    const previous = this.instances.get(fingerprint);
    // The fingerprint is a hash of the labels: an alert that carries on keeps its labels object (and the
    // ALERTS keys remembered for it), and the observation need not build its own.
    const labels = previous?.labels ?? observation.labels;
    const value = Number.isNaN(observation.value) ? undefined : observation.value;
    const result = step(previous?.state, { at, active: observation.active, cleared: observation.cleared, ...(value === undefined ? {} : { value }) }, lifecycleOf(rule));
    const { state } = result;
    const group = previous?.group ?? groupKey(rule.name, groupLabels(rule.group_by, labels));
    // A flapping alert that fires or clears again stays in the incident it had: its flips are not news.
    const flip = state.flapping && previous?.incident !== undefined && (result.transition === 'firing' || result.transition === 'resolved');
    // A new firing starts unrouted; otherwise the alert keeps its incident (a resolution reports the one it leaves).
    const fresh = result.transition === 'firing' && !flip;
    const kept = fresh ? {} : routingOf(previous, state.status === 'firing');
    const instance: Instance = { rule: rule.name, group, labels, state, ...kept, ...seriesOf(observation.series === undefined ? previous : observation) };

    if (fresh) {
      round.fired.add(fingerprint);
      this.unrouted.add(fingerprint);
    } else if (state.status !== 'firing') {
      this.unrouted.delete(fingerprint);
    }
    const reported = result.transition !== undefined && !fresh;
    if (reported || result.flapStarted || result.flapStopped) {
      const base = this.eventBase(rule, fingerprint, instance, at, state.activeSince ?? previous?.state.activeSince ?? at);
      if (reported) round.events.push({ ...base, change: result.transition, ...(flip ? { flip } : {}) });
      if (result.flapStarted) round.events.push({ ...base, change: 'flap_started' });
      if (result.flapStopped) round.events.push({ ...base, change: 'flap_stopped' });
    }

    const was = previous?.state.status;
    if (was === 'pending' && state.status !== 'pending') round.samples.push(this.alertsSample(labels, 'pending', at, 0));
    if (was === 'firing' && state.status !== 'firing') round.samples.push(this.alertsSample(labels, 'firing', at, 0));
    if (state.status === 'pending' || state.status === 'firing') round.samples.push(this.alertsSample(labels, state.status, at, 1));

    const expired = state.status === 'inactive' || (state.status === 'resolved' && at - (state.resolvedAt ?? at) >= RESOLVED_RETENTION_MS);
    if (expired) {
      if (previous !== undefined) {
        this.instances.delete(fingerprint);
        this.savedAt.delete(fingerprint);
        this.unconfirmed.delete(fingerprint);
        round.upserts.delete(fingerprint);
        round.removed.push(fingerprint);
      }
      return;
    }
    // An alert that only ticks on (same status, no transition) is saved once a minute, not every evaluation:
    // its timers were saved when they started, and a restart loses at most a minute of its history.
    const routine =
      previous !== undefined &&
      result.transition === undefined &&
      state.status === previous.state.status &&
      state.flapping === previous.state.flapping &&
      at - (this.savedAt.get(fingerprint) ?? Number.NEGATIVE_INFINITY) < ROUTINE_SAVE_INTERVAL_MS;
    if (state === previous?.state || routine) {
      this.instances.set(fingerprint, instance);
      return;
    }
    this.update(fingerprint, instance, round);
  }
}

/** An observation's alert fingerprint, remembered by its series key when it has one. */
function fingerprintOf(observation: Observation, cache: Map<string, string>): string {
  if (observation.series === undefined) return alertFingerprint(observation.labels);
  let fingerprint = cache.get(observation.series);
  if (fingerprint === undefined) {
    fingerprint = alertFingerprint(observation.labels);
    cache.set(observation.series, fingerprint);
  }
  return fingerprint;
}

/** The routing fields of `source` that are set (a held reason only while `firing`), and nothing else. */
function routingOf(source: Routing | undefined, firing: boolean): Routing {
  if (source === undefined) return {};
  return {
    ...(source.incident === undefined ? {} : { incident: source.incident }),
    ...(source.inhibitedBy === undefined ? {} : { inhibitedBy: source.inhibitedBy }),
    ...(source.heldBy === undefined || !firing ? {} : { heldBy: source.heldBy }),
  };
}

function withRouting(instance: Instance, routing: Routing): Instance {
  const { rule, group, labels, state } = instance;
  return { rule, group, labels, state, ...routing, ...seriesOf(instance) };
}

/** The `series` field of `source`, when it has one. */
function seriesOf(source: { readonly series?: SeriesKey | undefined } | undefined): Pick<Instance, 'series'> {
  return source?.series === undefined ? {} : { series: source.series };
}
