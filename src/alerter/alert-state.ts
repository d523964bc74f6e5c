import {
  allEqual,
  DEFAULT_FLAP_THRESHOLDS,
  emptyFlapSnapshot,
  percentStateChange,
  recordFlapState,
  type FlapSnapshot,
  type FlapThresholds,
} from './flapping.js';

// The lifecycle of one alert instance as a pure function of (previous state, evaluation, rule). Every timer is
// a timestamp in the state rather than a countdown, so a state read back after a restart continues exactly
// where it stopped: a pending alert fires at pendingSince + for, however long the process was down.

/** Where an alert instance is in its lifecycle; `resolved` is inactive with the last episode still described. */
export type AlertStatus = 'inactive' | 'pending' | 'firing' | 'resolved';

/** A change worth telling someone about; `inactive` is a pending alert that never fired (no notification). */
export type AlertTransition = 'pending' | 'firing' | 'resolved' | 'inactive';

/** The persisted state of one alert instance: plain JSON, all times in ms since the epoch (UTC). */
export interface AlertState {
  readonly status: AlertStatus;
  /** When the current (or, once resolved, the last) episode's condition first held. */
  readonly activeSince?: number;
  /** When the alert went pending; absent when `for` is 0 and it fired at once. */
  readonly pendingSince?: number;
  /** When the current (or, once resolved, the last) episode started firing. */
  readonly firingSince?: number;
  readonly resolvedAt?: number;
  readonly lastEvalAt: number;
  readonly lastValue?: number;
  /** When a firing alert's clear condition started holding without a break (for keep_firing_for). */
  readonly clearSince?: number;
  /** The last raw results, newest last, as many as n-of-m needs (at least one). */
  readonly history: readonly boolean[];
  readonly flap: FlapSnapshot;
  readonly flapping: boolean;
}

/** One evaluation of the rule for this instance. */
export interface AlertEvaluation {
  /** Evaluation time in ms since the epoch. */
  readonly at: number;
  /** The trigger condition holds. */
  readonly active: boolean;
  /**
   * The clear condition holds, for rules with a separate clear threshold (hysteresis): a firing alert keeps
   * firing until this is true. Omitted means "cleared whenever not active".
   */
  readonly cleared?: boolean;
  readonly value?: number;
}

/** The parts of a rule that drive the lifecycle, already parsed to milliseconds. */
export interface AlertLifecycleRule {
  /** How long the condition must hold before the alert fires (Prometheus `for`). */
  readonly forMs: number;
  /** How long a firing alert stays firing once cleared (Prometheus `keep_firing_for`). */
  readonly keepFiringForMs: number;
  /** The condition counts as active only when at least n of the last m raw results were active. */
  readonly nOfM?: { readonly n: number; readonly m: number };
  readonly flap?: FlapThresholds;
}

/** The outcome of one evaluation. */
export interface AlertStep {
  readonly state: AlertState;
  readonly transition?: AlertTransition;
  /** The condition after n-of-m, i.e. what the lifecycle acted on. */
  readonly conditionActive: boolean;
  readonly percentStateChange: number;
  /** True only on the evaluation where the instance started flapping: notify once. */
  readonly flapStarted: boolean;
  /** True only on the evaluation where the instance stopped flapping: notify once. */
  readonly flapStopped: boolean;
}

/**
 * Advances one alert instance by one evaluation. An evaluation at or before `previous.lastEvalAt` is already
 * part of the state (a replay after a restart, or a duplicate tick) and changes nothing.
 */
export function step(previous: AlertState | undefined, input: AlertEvaluation, rule: AlertLifecycleRule): AlertStep {
  const n = rule.nOfM?.n ?? 1;
  if (previous !== undefined && input.at <= previous.lastEvalAt) {
    return {
      state: previous,
      conditionActive: countTrue(previous.history) >= n,
      percentStateChange: percentStateChange(previous.flap.states),
      flapStarted: false,
      flapStopped: false,
    };
  }

  const { at } = input;
  const history = nextHistory(previous?.history, input.active, rule.nOfM?.m ?? 1);
  const active = countTrue(history) >= n;
  // A clear flag that contradicts the (n-of-m) trigger must not resolve an alert whose trigger still holds,
  // so n-of-m delays clearing as it delays firing.
  const cleared = !active && (input.cleared ?? true);

  // Flapping watches the raw results: n-of-m would smooth away exactly the flips it is meant to see.
  const flap = recordFlapState(previous?.flap ?? emptyFlapSnapshot(), input.active, rule.flap ?? DEFAULT_FLAP_THRESHOLDS);

  const common = {
    lastEvalAt: at,
    history,
    flap: flap.snapshot,
    flapping: flap.result.flapping,
    ...(input.value === undefined ? {} : { lastValue: input.value }),
  };
  const { status, transition, timers } = advance(previous, at, active, cleared, rule);
  return {
    state: { status, ...timers, ...common },
    ...(transition === undefined ? {} : { transition }),
    conditionActive: active,
    percentStateChange: flap.result.percent,
    flapStarted: flap.result.started,
    flapStopped: flap.result.stopped,
  };
}

type Timers = Pick<AlertState, 'activeSince' | 'pendingSince' | 'firingSince' | 'resolvedAt' | 'clearSince'>;

interface Advance {
  status: AlertStatus;
  transition?: AlertTransition;
  timers: Timers;
}

function advance(
  previous: AlertState | undefined,
  at: number,
  active: boolean,
  cleared: boolean,
  rule: AlertLifecycleRule,
): Advance {
  const status = previous?.status ?? 'inactive';
  switch (status) {
    case 'inactive':
    case 'resolved': {
      if (!active) return { status, timers: previous === undefined ? {} : pick(previous, 'activeSince', 'firingSince', 'resolvedAt') };
      if (rule.forMs <= 0) return { status: 'firing', transition: 'firing', timers: { activeSince: at, firingSince: at } };
      return { status: 'pending', transition: 'pending', timers: { activeSince: at, pendingSince: at } };
    }
    case 'pending': {
      const since = previous?.pendingSince ?? previous?.activeSince ?? at;
      // Pending has no hysteresis: as in Prometheus, a condition that lapses before `for` is forgotten.
      if (!active) return { status: 'inactive', transition: 'inactive', timers: {} };
      const timers = { activeSince: previous?.activeSince ?? since, pendingSince: since };
      if (at - since >= rule.forMs) return { status: 'firing', transition: 'firing', timers: { ...timers, firingSince: at } };
      return { status: 'pending', timers };
    }
    case 'firing': {
      const kept = previous === undefined ? {} : pick(previous, 'activeSince', 'pendingSince', 'firingSince');
      // Between the trigger and the clear threshold (or active again) the clear streak is broken.
      if (!cleared) return { status: 'firing', timers: kept };
      // The streak starts at the first evaluation that sees the clear, not at lastEvalAt: after downtime we
      // do not know when the condition cleared, and resolving early would be the worse mistake.
      const clearSince = previous?.clearSince ?? at;
      if (at - clearSince >= rule.keepFiringForMs) {
        return { status: 'resolved', transition: 'resolved', timers: { ...pick(kept, 'activeSince', 'firingSince'), resolvedAt: at } };
      }
      return { status: 'firing', timers: { ...kept, clearSince } };
    }
  }
}

/** The last `m` raw results after `active`: the previous ones themselves when that changes nothing (states are never mutated). */
function nextHistory(previous: readonly boolean[] | undefined, active: boolean, m: number): readonly boolean[] {
  if (m > 0 && previous?.length === m && allEqual(previous, active)) return previous;
  return [...(previous ?? []), active].slice(-m);
}

function countTrue(values: readonly boolean[]): number {
  let count = 0;
  for (const v of values) if (v) count++;
  return count;
}

// Copies only the keys that are set, so optional fields stay absent (not `undefined`) in the JSON state.
function pick<K extends keyof Timers>(from: Timers, ...keys: K[]): Pick<Timers, K> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined) out[key] = value;
  }
  return out as Pick<Timers, K>;
}
