import { NocError } from '../core/index.js';

// Flap detection as Nagios/Naemon do it, so operators who know their "percent state change" read ours the
// same way. Reference: naemon-core src/naemon/flapping.c, `flapping_pct()` (called from
// `check_for_service_flapping()`), identical to Nagios core base/flapping.c:
//
//   low_curve_value = 0.75; high_curve_value = 1.25;
//   for (x = 1; x < MAX_STATE_HISTORY_ENTRIES; x++)           /* MAX_STATE_HISTORY_ENTRIES = 21 */
//     if (last != history[y])
//       curved_changes += ((x - 1) * (high_curve_value - low_curve_value)) / (MAX_STATE_HISTORY_ENTRIES - 2)
//                         + low_curve_value;
//   curved_percent_change = curved_changes * 100.0 / (MAX_STATE_HISTORY_ENTRIES - 1);
//
// i.e. 21 states, 20 transitions, the oldest weighing 0.75 and the newest 1.25, and 100% when every one of
// the 20 transitions is a change. The thresholds are inclusive as there: `>= high` starts flapping,
// `<= low` stops it, strictly between keeps the previous status.

/** How many states the detector keeps (Naemon's MAX_STATE_HISTORY_ENTRIES). */
export const FLAP_HISTORY_SIZE = 21;

const LOW_CURVE = 0.75;
const HIGH_CURVE = 1.25;

/** Percent state change bounds: flapping starts at `high` or above and stops at `low` or below. */
export interface FlapThresholds {
  readonly low: number;
  readonly high: number;
}

/** The thresholds used when a rule sets none (Naemon compiles in 20/30; 25/50 is quieter for alert rules). */
export const DEFAULT_FLAP_THRESHOLDS: FlapThresholds = Object.freeze({ low: 25, high: 50 });

/** A detector's state as plain JSON, so flapping survives a restart: the states oldest first, and the status. */
export interface FlapSnapshot {
  readonly states: readonly boolean[];
  readonly flapping: boolean;
}

/** What one recorded state did to the detector; `started`/`stopped` are true only on the flip itself. */
export interface FlapResult {
  readonly percent: number;
  readonly flapping: boolean;
  readonly started: boolean;
  readonly stopped: boolean;
}

/**
 * The Naemon weighted percent state change of `states` (oldest first; only the last 21 count). With fewer
 * states, the missing older transitions simply count as no change.
 */
export function percentStateChange(states: readonly boolean[]): number {
  const window = states.slice(-FLAP_HISTORY_SIZE);
  // A shorter window holds the newest transitions, so they keep the weights of the newest positions.
  const offset = FLAP_HISTORY_SIZE - window.length;
  let curvedChanges = 0;
  for (let i = 1; i < window.length; i++) {
    if (window[i] === window[i - 1]) continue;
    const x = i + offset;
    // Same operation order as the C code, so boundary values (e.g. 6.25%) come out exact.
    curvedChanges += ((x - 1) * (HIGH_CURVE - LOW_CURVE)) / (FLAP_HISTORY_SIZE - 2) + LOW_CURVE;
  }
  return (curvedChanges * 100) / (FLAP_HISTORY_SIZE - 1);
}

/** A snapshot of a detector that has seen nothing: Naemon starts its history filled with OK states. */
export function emptyFlapSnapshot(): FlapSnapshot {
  return { states: new Array<boolean>(FLAP_HISTORY_SIZE).fill(false), flapping: false };
}

/** Applies one recorded state to a snapshot without mutating it: the pure core of FlapDetector. */
export function recordFlapState(
  snapshot: FlapSnapshot,
  active: boolean,
  thresholds: FlapThresholds = DEFAULT_FLAP_THRESHOLDS,
): { snapshot: FlapSnapshot; result: FlapResult } {
  // Normalising only when needed keeps the per-evaluation cost to one 21-element copy.
  const previous = snapshot.states.length === FLAP_HISTORY_SIZE ? snapshot.states : normalizeStates(snapshot.states);
  // An alert that stays as it was (most of them, most of the time) keeps the same states: no copy, no change.
  const steady = previous === snapshot.states && allEqual(previous, active);
  const states = steady ? previous : [...previous.slice(1), active];
  const percent = steady ? 0 : percentStateChange(states);
  const was = snapshot.flapping;
  const flapping = percent >= thresholds.high ? true : percent <= thresholds.low ? false : was;
  return {
    snapshot: steady && flapping === was ? snapshot : { states, flapping },
    result: { percent, flapping, started: flapping && !was, stopped: !flapping && was },
  };
}

/** Whether every one of `values` is `value`. */
export function allEqual(values: readonly boolean[], value: boolean): boolean {
  for (const v of values) if (v !== value) return false;
  return true;
}

/** Naemon-style flap detection for one alert instance: feed it each evaluation's "condition active". */
export class FlapDetector {
  private state: FlapSnapshot;

  constructor(
    private readonly thresholds: FlapThresholds = DEFAULT_FLAP_THRESHOLDS,
    snapshot?: FlapSnapshot,
  ) {
    assertThresholds(thresholds);
    this.state = snapshot === undefined ? emptyFlapSnapshot() : normalizeSnapshot(snapshot);
  }

  /** Records the newest state and says whether this very state started or stopped flapping. */
  record(active: boolean): FlapResult {
    const { snapshot, result } = recordFlapState(this.state, active, this.thresholds);
    this.state = snapshot;
    return result;
  }

  /** The current percent state change. */
  get percent(): number {
    return percentStateChange(this.state.states);
  }

  /** Whether the instance is currently considered flapping. */
  get flapping(): boolean {
    return this.state.flapping;
  }

  /** The state as plain JSON (a copy: later records do not change it). */
  snapshot(): FlapSnapshot {
    return { states: [...this.state.states], flapping: this.state.flapping };
  }

  /** Replaces the state with a snapshot, e.g. one read back after a restart. */
  restore(snapshot: FlapSnapshot): void {
    this.state = normalizeSnapshot(snapshot);
  }
}

function assertThresholds(thresholds: FlapThresholds): void {
  const { low, high } = thresholds;
  if (!Number.isFinite(low) || !Number.isFinite(high) || low < 0 || high > 100 || low > high) {
    throw new NocError('invalid_config', `flap thresholds need 0 <= low <= high <= 100, got low ${low}, high ${high}`, {
      low,
      high,
    });
  }
}

function normalizeSnapshot(snapshot: FlapSnapshot): FlapSnapshot {
  return { states: normalizeStates(snapshot.states), flapping: snapshot.flapping === true };
}

// A snapshot written by another version (or hand-edited) may hold a different count: keep the newest and
// pad the oldest with "inactive", as a fresh Naemon history is.
function normalizeStates(states: readonly boolean[]): boolean[] {
  const newest = states.slice(-FLAP_HISTORY_SIZE).map((s) => s === true);
  return [...new Array<boolean>(FLAP_HISTORY_SIZE - newest.length).fill(false), ...newest];
}
