import type { AlertStateStore, Labels, Logger, Sample, SampleAppender, SeriesQuerier, Severity, StoredAlert } from '../../core/index.js';
import { seriesKey } from '../../core/index.js';
import type { RuleConfig } from '../../config/index.js';
import { type AlertLifecycleRule, type AlertState, type AlertTransition, step } from '../alert-state.js';
import { RULE_EVALUATORS, type Observation, type RuleEvaluator } from '../rules/index.js';
import { alertFingerprint, groupKey, groupLabels } from './alert-identity.js';

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
  readonly change: AlertTransition | 'flap_started' | 'flap_stopped';
  /** When the condition began to hold (before `for`): an incident's occurrence time. */
  readonly activeSince: number;
  readonly value?: number;
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
}

interface Instance {
  readonly rule: string;
  readonly group: string;
  readonly labels: Labels;
  state: AlertState;
}

/** What the engine persists per instance besides the lifecycle state. */
interface PersistedState {
  readonly group: string;
  readonly lifecycle: AlertState;
}

function lifecycleOf(rule: RuleConfig): AlertLifecycleRule {
  return { forMs: rule.for, keepFiringForMs: rule.keep_firing_for, ...(rule.n_of_m === undefined ? {} : { nOfM: rule.n_of_m }) };
}

function alertsSample(labels: Labels, alertstate: 'pending' | 'firing', at: number, value: 0 | 1): Sample {
  return { series: seriesKey('ALERTS', { ...labels, alertstate }), t: at, v: value };
}

/**
 * Evaluates rules at a given time: each rule's kind judges its series, each alert instance steps through
 * its lifecycle, states are persisted (a restart resumes timers) and every transition is written as
 * `ALERTS{alertstate}` series so forensics can correlate alerts with everything else.
 */
export class RuleEngine {
  private readonly instances = new Map<string, Instance>();

  constructor(
    private readonly deps: {
      readonly querier: SeriesQuerier;
      readonly appender: SampleAppender;
      readonly states: AlertStateStore;
      readonly log: Logger;
    },
  ) {}

  /** Loads the persisted states; call once before the first evaluation. */
  async restore(): Promise<void> {
    for (const stored of await this.deps.states.loadAll()) {
      const { group, lifecycle } = stored.state as PersistedState;
      this.instances.set(stored.fingerprint, { rule: stored.rule, group, labels: stored.labels, state: lifecycle });
    }
  }

  /** Evaluates `rules` at `at` and returns what changed; a rule that fails is logged and skipped. */
  async evaluate(rules: readonly RuleConfig[], at: number): Promise<AlertEvent[]> {
    const events: AlertEvent[] = [];
    const samples: Sample[] = [];
    const upserts: StoredAlert[] = [];
    const removed: string[] = [];
    for (const rule of rules) {
      let observations: Observation[];
      try {
        observations = await (RULE_EVALUATORS[rule.kind] as RuleEvaluator<RuleConfig['kind']>)(rule, this.deps.querier, at);
      } catch (error) {
        this.deps.log.error({ err: error, rule: rule.name }, 'rule evaluation failed');
        continue;
      }
      const seen = new Set<string>();
      for (const observation of observations) {
        const fingerprint = alertFingerprint(observation.labels);
        seen.add(fingerprint);
        this.advance(rule, fingerprint, observation.labels, observation, at, { events, samples, upserts, removed });
      }
      // An instance whose series vanished is judged cleared, so it resolves rather than firing forever.
      for (const [fingerprint, instance] of this.instances) {
        if (instance.rule !== rule.name || seen.has(fingerprint)) continue;
        this.advance(rule, fingerprint, instance.labels, { labels: instance.labels, active: false, cleared: true, value: NaN }, at, { events, samples, upserts, removed });
      }
    }
    if (samples.length > 0) await this.deps.appender.append(samples);
    if (upserts.length > 0 || removed.length > 0) await this.deps.states.save(upserts, removed);
    return events;
  }

  /** The alerts now pending or firing. */
  active(): ActiveAlert[] {
    const out: ActiveAlert[] = [];
    for (const [fingerprint, { rule, group, labels, state }] of this.instances) {
      if (state.status !== 'pending' && state.status !== 'firing') continue;
      const since = (state.status === 'firing' ? state.firingSince : state.pendingSince) ?? state.lastEvalAt;
      out.push({ rule, fingerprint, group, labels, status: state.status, since, flapping: state.flapping, ...(state.lastValue === undefined ? {} : { value: state.lastValue }) });
    }
    return out;
  }

  private advance(
    rule: RuleConfig,
    fingerprint: string,
    labels: Labels,
    observation: Observation,
    at: number,
    out: { events: AlertEvent[]; samples: Sample[]; upserts: StoredAlert[]; removed: string[] },
  ): void {
    const previous = this.instances.get(fingerprint);
    const value = Number.isNaN(observation.value) ? undefined : observation.value;
    const result = step(previous?.state, { at, active: observation.active, cleared: observation.cleared, ...(value === undefined ? {} : { value }) }, lifecycleOf(rule));
    const { state } = result;
    const incidentLabels = groupLabels(rule.group_by, labels);
    const group = groupKey(rule.name, incidentLabels);
    const base = {
      at,
      rule: rule.name,
      severity: rule.severity,
      fingerprint,
      group,
      groupLabels: incidentLabels,
      labels,
      annotations: rule.annotations,
      activeSince: state.activeSince ?? previous?.state.activeSince ?? at,
      ...(value === undefined ? {} : { value }),
    };
    if (result.transition !== undefined) out.events.push({ ...base, change: result.transition });
    if (result.flapStarted) out.events.push({ ...base, change: 'flap_started' });
    if (result.flapStopped) out.events.push({ ...base, change: 'flap_stopped' });

    const was = previous?.state.status;
    if (was === 'pending' && state.status !== 'pending') out.samples.push(alertsSample(labels, 'pending', at, 0));
    if (was === 'firing' && state.status !== 'firing') out.samples.push(alertsSample(labels, 'firing', at, 0));
    if (state.status === 'pending' || state.status === 'firing') out.samples.push(alertsSample(labels, state.status, at, 1));

    const expired = state.status === 'inactive' || (state.status === 'resolved' && at - (state.resolvedAt ?? at) >= RESOLVED_RETENTION_MS);
    if (expired) {
      if (previous !== undefined) {
        this.instances.delete(fingerprint);
        out.removed.push(fingerprint);
      }
      return;
    }
    this.instances.set(fingerprint, { rule: rule.name, group, labels, state });
    if (state !== previous?.state) out.upserts.push({ fingerprint, rule: rule.name, labels, state: { group, lifecycle: state } satisfies PersistedState });
  }
}
