import { firstIndexAfter, firstIndexAtOrAfter, offsetsBetween, type TimeRange, zoneOffsets, type ZoneOffsets } from '../../core/index.js';
import type { TimeValues } from './time-values.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Where an anomaly rule's reference values come from (the rule's `baseline`). */
export type BaselineKind = 'rolling' | 'same_hour_of_week' | 'both';

/** How much history a baseline needs before it may judge anything. Both conditions must hold. */
export interface MinHistory {
  /** Fewest usable points; default 3, below which median and MAD are degenerate. */
  readonly points?: number;
  /**
   * Shortest history, ms, default 0. Rolling: from the earliest point to `at`. Same hour of week: whole
   * weeks back to the oldest week that contributed (so 2 weeks = "this slot was seen at least two weeks
   * ago", whatever DST and the tolerance did to the exact instants). `both`: the longer of the two.
   */
  readonly span?: number;
}

/** What the baseline reads. */
export interface BaselineOptions {
  readonly kind: BaselineKind;
  /** Rolling window length, ms (used by `rolling` and `both`). */
  readonly window: number;
  /** Previous weeks read by `same_hour_of_week` and `both`. */
  readonly weeks: number;
  /** Either side of the same local time of week, ms, inclusive; default 30 minutes. */
  readonly tolerance?: number;
  /**
   * The zone whose wall clock defines "the same hour": traffic follows local habits, so 09:00 on Monday in
   * Santiago stays 09:00 across DST. An IANA name (default UTC), or offsets built once and reused across
   * series.
   */
  readonly timeZone?: string | ZoneOffsets;
  readonly minHistory?: MinHistory;
}

/** The baseline sample for one value, in time order, and whether it is enough to judge by. */
export interface Baseline {
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** History covered, ms, as {@link MinHistory.span} defines it. */
  readonly span: number;
  /** Previous weeks that contributed at least one point to the same-hour part (0 for `rolling`). */
  readonly weeks: number;
  /** Meets `minHistory`. */
  readonly sufficient: boolean;
}

const DEFAULT_TOLERANCE = 30 * MINUTE;
const DEFAULT_MIN_POINTS = 3;

/**
 * The baseline of the value at `at`: `rolling` takes points in [at − window, at); `same_hour_of_week`
 * takes, in each of the previous `weeks` weeks, points whose local wall-clock time is within ±tolerance of
 * `at`'s local time one, two… weeks earlier; `both` is their union. Non-finite values are left out.
 * `points` must be in ascending time order (as the store returns them).
 */
export function buildBaseline(points: TimeValues, at: number, options: BaselineOptions): Baseline {
  const { indices, span, weeks, sufficient } = pickBaseline(points, at, options);
  const { t, v } = points;
  const n = indices.length;
  const outT = new Float64Array(n);
  const outV = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const index = indices[j] as number;
    outT[j] = t[index] as number;
    outV[j] = v[index] as number;
  }
  return { t: outT, v: outV, span, weeks, sufficient };
}

/**
 * Memory for the values of one baseline at a time, reused from one series to the next (the anomaly rule
 * scores thousands of series an evaluation; a fresh array for each was most of what it allocated).
 */
export class BaselineScratch {
  /** The values, in `values[0 … length)`. */
  values = new Float64Array(64);
  length = 0;
}

/**
 * The values of {@link buildBaseline}'s baseline, in the same order, written to `scratch` instead of new
 * arrays; returns whether the baseline is sufficient.
 */
export function baselineValuesInto(points: TimeValues, at: number, options: BaselineOptions, scratch: BaselineScratch): boolean {
  if (options.kind === 'rolling') return rollingValuesInto(points, at, options, scratch);
  const { indices, sufficient } = pickBaseline(points, at, options);
  const v = points.v;
  const n = indices.length;
  const out = room(scratch, n);
  for (let j = 0; j < n; j++) out[j] = v[indices[j] as number] as number;
  scratch.length = n;
  return sufficient;
}

/** {@link baselineValuesInto} for a rolling baseline: the finite values of [at − window, at), copied as they are found. */
function rollingValuesInto(points: TimeValues, at: number, options: BaselineOptions, scratch: BaselineScratch): boolean {
  validate(options);
  const { t, v } = points;
  const start = firstIndexAtOrAfter(t, at - options.window);
  const end = firstIndexAtOrAfter(t, at);
  const out = room(scratch, end - start);
  let n = 0;
  let span = 0;
  for (let i = start; i < end; i++) {
    const value = v[i] as number;
    if (!Number.isFinite(value)) continue;
    if (n === 0) span = at - (t[i] as number);
    out[n++] = value;
  }
  scratch.length = n;
  return n >= (options.minHistory?.points ?? DEFAULT_MIN_POINTS) && span >= (options.minHistory?.span ?? 0);
}

/** The scratch's array, grown to hold at least `n` values. */
function room(scratch: BaselineScratch, n: number): Float64Array {
  if (scratch.values.length < n) scratch.values = new Float64Array(Math.max(n, 2 * scratch.values.length));
  return scratch.values;
}

/** The indices of a baseline's points, in time order, with what {@link Baseline} says about them. */
function pickBaseline(points: TimeValues, at: number, options: BaselineOptions): Omit<Baseline, 't' | 'v'> & { indices: number[] } {
  validate(options);
  const { t, v } = points;
  const usable = (i: number): boolean => Number.isFinite(v[i] as number);
  const kind = options.kind;

  let rollingStart = 0;
  let rollingEnd = 0;
  let rollingSpan = 0;
  if (kind !== 'same_hour_of_week') {
    rollingStart = firstIndexAtOrAfter(t, at - options.window);
    rollingEnd = firstIndexAtOrAfter(t, at);
    for (let i = rollingStart; i < rollingEnd; i++) {
      if (usable(i)) {
        rollingSpan = at - (t[i] as number);
        break;
      }
    }
  }

  let weekly: WeeklyPick = { indices: [], weeks: 0, deepest: 0 };
  if (kind !== 'rolling') weekly = pickSameHourOfWeek(points, at, options);

  // Union in time order: weekly picks before, inside (already in the rolling range) and after it.
  const indices: number[] = [];
  let w = 0;
  for (; w < weekly.indices.length && (weekly.indices[w] as number) < rollingStart; w++) indices.push(weekly.indices[w] as number);
  for (let i = rollingStart; i < rollingEnd; i++) if (usable(i)) indices.push(i);
  for (; w < weekly.indices.length; w++) {
    const i = weekly.indices[w] as number;
    if (i >= rollingEnd) indices.push(i);
  }

  const n = indices.length;
  const span = Math.max(rollingSpan, weekly.deepest * WEEK);
  const minPoints = options.minHistory?.points ?? DEFAULT_MIN_POINTS;
  const minSpan = options.minHistory?.span ?? 0;
  return { indices, span, weeks: weekly.weeks, sufficient: n >= minPoints && span >= minSpan };
}

/** The closed range of times a baseline at `at` can draw from: what to ask the store for. */
export function baselineRange(at: number, options: BaselineOptions): TimeRange {
  validate(options);
  let from = at;
  if (options.kind !== 'same_hour_of_week') from = at - options.window;
  if (options.kind !== 'rolling') {
    const zone = toZone(options.timeZone);
    const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
    const wall = at + zone.offsetAt(at) - options.weeks * WEEK;
    from = Math.min(from, instantsCovering(zone, wall - tolerance, wall + tolerance).from);
  }
  return { from, to: at };
}

interface WeeklyPick {
  /** Ascending point indices with finite values. */
  readonly indices: number[];
  readonly weeks: number;
  /** How many weeks back the oldest contributing week is. */
  readonly deepest: number;
}

function pickSameHourOfWeek(points: TimeValues, at: number, options: BaselineOptions): WeeklyPick {
  const { t, v } = points;
  const zone = toZone(options.timeZone);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  // Wall-clock times as "UTC" ms: subtracting whole weeks from them keeps the local weekday and hour, which
  // subtracting from the instant would not across a DST change.
  const wallAt = at + zone.offsetAt(at);
  const indices: number[] = [];
  let weeks = 0;
  let deepest = 0;
  for (let k = options.weeks; k >= 1; k--) {
    const low = wallAt - k * WEEK - tolerance;
    const high = wallAt - k * WEEK + tolerance;
    const { from, to } = instantsCovering(zone, low, high);
    const first = firstIndexAtOrAfter(t, from);
    const end = firstIndexAfter(t, to);
    if (first === end) continue;
    const offsetAt = offsetsBetween(zone, from, to);
    let contributed = false;
    for (let i = first; i < end; i++) {
      const ti = t[i] as number;
      const wall = ti + offsetAt(ti);
      if (wall >= low && wall <= high && Number.isFinite(v[i] as number)) {
        indices.push(i);
        contributed = true;
      }
    }
    if (contributed) {
      weeks++;
      deepest = Math.max(deepest, k);
    }
  }
  return { indices, weeks, deepest };
}

/**
 * Instants whose wall-clock time can fall in [low, high]: a superset, filtered exactly per point after.
 * The offsets a day either side bound the ones in between, as no zone changes offset twice in two days.
 */
function instantsCovering(zone: ZoneOffsets, low: number, high: number): TimeRange {
  const before = zone.offsetAt(low - DAY);
  const after = zone.offsetAt(high + DAY);
  return { from: low - Math.max(before, after), to: high - Math.min(before, after) };
}

function toZone(timeZone: string | ZoneOffsets | undefined): ZoneOffsets {
  return typeof timeZone === 'object' ? timeZone : zoneOffsets(timeZone);
}

function validate(options: BaselineOptions): void {
  if (options.kind !== 'same_hour_of_week' && !(options.window > 0)) {
    throw new RangeError(`baseline: window must be positive, got ${options.window}`);
  }
  if (options.kind !== 'rolling') {
    if (!(Number.isInteger(options.weeks) && options.weeks >= 1)) {
      throw new RangeError(`baseline: weeks must be a whole number from 1, got ${options.weeks}`);
    }
    const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
    // Half a week or more would let one week's slot reach into the next week's.
    if (!(tolerance >= 0 && tolerance < WEEK / 2)) {
      throw new RangeError(`baseline: tolerance must be in [0, 3.5 days), got ${tolerance} ms`);
    }
  }
}
