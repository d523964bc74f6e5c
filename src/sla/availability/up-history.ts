import {
  aggregateEach,
  firstIndexAtOrAfter,
  type Aggregation,
  type LabelMatcher,
  MAX_POINTS_PER_SERIES,
  NocError,
  type SeriesInfo,
  type SeriesPoints,
  type SeriesQuerier,
  type SeriesSelector,
} from '../../core/index.js';
import type { StateTimeline, UpState } from './state-timeline.js';
import { type HalfOpenRange, TimelineBuilder, timelineFromSamples } from './timeline-from-samples.js';

/** One probe whose `up{target, probe}` series is read, and how often it runs. */
export interface UpProbe {
  readonly target: string;
  readonly probe: string;
  readonly intervalMs: number;
}

/** Tuning of {@link readUpHistory}. */
export interface UpHistoryOptions {
  /** A sample holds its state for at most this many of its probe's intervals (default 2: one missed run is no gap). */
  readonly validityIntervals?: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Buckets per aggregate call, one below the port's limit (a range's end bucket counts too). */
const MAX_BUCKETS = MAX_POINTS_PER_SERIES - 1;
const PAIR_SEPARATOR = '\u0000';
/** Most values of one label a selector lists as a regex alternation; with more, the label is not matched. */
const MAX_ALTERNATIVES = 64;

/** The selector of `up` for a set of probes. */
type SelectorOf = (probes: readonly UpProbe[]) => Promise<SeriesSelector>;

/** Where one reading gets its data: the store, and the selectors for it. */
interface Source {
  readonly querier: SeriesQuerier;
  readonly selectorOf: SelectorOf;
}

/** A probe being read, with its hour buckets: index k + 1 holds the hour starting at `first + k·HOUR`. */
interface Slot {
  readonly probe: UpProbe;
  readonly validity: number;
  readonly pair: string;
  readonly minH: Float64Array;
  readonly countH: Float64Array;
}

/** The hours [first, first + hours·HOUR) that cover a range. */
interface HourGrid {
  readonly first: number;
  readonly hours: number;
}

type SegmentKind = 'up' | 'unknown' | 'raw';

/** A stretch of one probe's range [from, to) decided by its hour buckets: known up, known unknown, or to read raw. */
interface Segment {
  readonly kind: SegmentKind;
  readonly from: number;
  readonly to: number;
  points?: Points;
}

interface Points {
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/** One bucket of rollup data: its span and the share of its samples that were up. */
interface Bucket {
  readonly start: number;
  readonly length: number;
  readonly avg: number;
}

/**
 * The state timelines over [from, to) of each probe's `up` series, keyed by target (one timeline per probe,
 * in the order given; a probe without samples is one `unknown` span). Semantics are those of
 * {@link timelineFromSamples} with validity = `validityIntervals` × the probe's interval, and the result
 * equals {@link readUpHistoryRaw}'s while raw samples are kept — but most of a month is read from the hour
 * rollups (`min` and `count` per hour, one query each for all probes):
 *
 * - An hour inside the range is up outright when it and the hour before it hold only 1s and together as many
 *   samples as the probe's schedule grid has in two hours (rounded down), and no hour more than the grid
 *   allows: every run took place and each sample was up, so every instant of the hour, its first seconds
 *   included (covered by the previous hour's last sample), is up. An hour with no samples after an hour with
 *   none is unknown outright (no sample can reach it from further back while validity ≤ 1 h).
 * - The other hours (outages, missed runs, the range's partial edge hours) are read raw in runs, from
 *   validity before each run, with one query per distinct window for all probes sharing it.
 *
 * The shortcut counts runs, so it relies on samples lying on the probe's schedule grid (offset + k·interval),
 * where the scheduler stamps every run that starts within 1 % of its due time; the property tests check
 * exactness for such series with outages, gaps, NaN and missed runs. A run stamped late next to a missed
 * one, or a probe that ran at another interval within the same two hours, can make an hour look clean
 * while the raw reading has a few seconds without a valid sample.
 *
 * Where raw samples have expired (older than the raw retention: the hour has samples but the raw read
 * returns none) the hour falls back to the 1-minute rollups, precision one minute: a minute with samples is
 * up for `avg` of it then down (NaN counts as down), a minute without samples keeps the state of the last
 * minute with samples until validity after that minute's start, and is unknown after that. Where the
 * minute rollups have expired too, the hour rollup is used the same way (precision one hour). The seconds
 * between an expired hour and the first kept sample after it read as unknown.
 */
export async function readUpHistory(
  querier: SeriesQuerier,
  probes: readonly UpProbe[],
  range: HalfOpenRange,
  options: UpHistoryOptions = {},
): Promise<Map<string, StateTimeline[]>> {
  const factor = checkArguments(probes, range, options);
  if (probes.length === 0 || range.to === range.from) return assemble(probes, () => []);
  const grid: HourGrid = { first: Math.floor(range.from / HOUR) * HOUR, hours: Math.ceil(range.to / HOUR) - Math.floor(range.from / HOUR) };
  const slots = probes.map((probe): Slot => ({
    probe,
    validity: probe.intervalMs * factor,
    pair: pairOf(probe.target, probe.probe),
    minH: new Float64Array(grid.hours + 1).fill(NaN),
    countH: new Float64Array(grid.hours + 1),
  }));
  const source: Source = { querier, selectorOf: selectors(querier) };
  await readHours(source, slots, grid);
  const plans = slots.map((slot) => planSegments(slot, grid, range));
  await readRawSegments(source, slots, plans);
  const timelines = new Map<UpProbe, StateTimeline>();
  for (let i = 0; i < slots.length; i++) {
    timelines.set((slots[i] as Slot).probe, await buildTimeline(source, slots[i] as Slot, plans[i] as Segment[], grid, range));
  }
  return assemble(probes, (probe) => timelines.get(probe) as StateTimeline);
}

/** The same timelines as {@link readUpHistory}, from raw samples only: the reference it is checked against. */
export async function readUpHistoryRaw(
  querier: SeriesQuerier,
  probes: readonly UpProbe[],
  range: HalfOpenRange,
  options: UpHistoryOptions = {},
): Promise<Map<string, StateTimeline[]>> {
  const factor = checkArguments(probes, range, options);
  if (probes.length === 0 || range.to === range.from) return assemble(probes, () => []);
  const byValidity = new Map<number, UpProbe[]>();
  for (const probe of probes) {
    const validity = probe.intervalMs * factor;
    const group = byValidity.get(validity);
    if (group) group.push(probe);
    else byValidity.set(validity, [probe]);
  }
  const timelines = new Map<UpProbe, StateTimeline>();
  const selectorOf = selectors(querier);
  for (const [validity, group] of byValidity) {
    const points = pointsByPair(await querier.range(await selectorOf(group), { from: range.from - validity, to: range.to }));
    for (const probe of group) {
      const found = points.get(pairOf(probe.target, probe.probe));
      timelines.set(probe, timelineFromSamples(found?.t ?? [], found?.v ?? [], range, validity));
    }
  }
  return assemble(probes, (probe) => timelines.get(probe) as StateTimeline);
}

function checkArguments(probes: readonly UpProbe[], range: HalfOpenRange, options: UpHistoryOptions): number {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to) || range.to < range.from) {
    throw new NocError('bad_request', `range must be finite with from ≤ to, got from ${range.from} and to ${range.to}`);
  }
  const factor = options.validityIntervals ?? 2;
  if (!(factor > 0)) throw new NocError('bad_request', `validityIntervals must be a positive number, got ${factor}`);
  for (const probe of probes) {
    if (!(probe.intervalMs > 0)) {
      throw new NocError('bad_request', `intervalMs of probe ${probe.probe} of target ${probe.target} must be a positive number of ms, got ${probe.intervalMs}`);
    }
  }
  return factor;
}

function assemble(probes: readonly UpProbe[], timelineOf: (probe: UpProbe) => StateTimeline): Map<string, StateTimeline[]> {
  const out = new Map<string, StateTimeline[]>();
  for (const probe of probes) {
    const list = out.get(probe.target);
    if (list) list.push(timelineOf(probe));
    else out.set(probe.target, [timelineOf(probe)]);
  }
  return out;
}

function pairOf(target: string, probe: string): string {
  return `${target}${PAIR_SEPARATOR}${probe}`;
}

function pairOfSeries(series: SeriesInfo): string {
  return pairOf(series.labels.target ?? '', series.labels.probe ?? '');
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** One `label="value"` matcher, or a regex alternation of the values when there are several. */
function matcherOf(name: string, values: ReadonlySet<string>): LabelMatcher {
  const list = [...values];
  return list.length === 1 ? { name, op: '=', value: list[0] as string } : { name, op: '=~', value: list.map(escapeRegex).join('|') };
}

/**
 * Builds the selectors of `up` for sets of probes: their targets and probe names (a superset when several
 * are crossed; callers pick their pairs). With many targets, testing every series against an alternation
 * of their names costs more than reading a few series too many, so when a set holds at least half of the
 * targets that have `up` series (as a report of every configured target does) the target is not matched.
 */
function selectors(querier: SeriesQuerier): SelectorOf {
  let known: Promise<number> | undefined;
  const knownTargets = async () => new Set((await querier.series({ metric: 'up', matchers: [] })).map((s) => s.labels.target)).size;
  return async (probes) => {
    const targets = new Set(probes.map((p) => p.target));
    const names = new Set(probes.map((p) => p.probe));
    const matchers: LabelMatcher[] = [];
    if (targets.size <= MAX_ALTERNATIVES || targets.size * 2 < (await (known ??= knownTargets()))) matchers.push(matcherOf('target', targets));
    if (names.size <= MAX_ALTERNATIVES) matchers.push(matcherOf('probe', names));
    return { metric: 'up', matchers };
  };
}

/** Raw points per target+probe; a probe whose labels changed (a target moved site) has several series, merged. */
function pointsByPair(found: readonly SeriesPoints[]): Map<string, Points> {
  const grouped = new Map<string, SeriesPoints[]>();
  for (const series of found) {
    const pair = pairOfSeries(series);
    const list = grouped.get(pair);
    if (list) list.push(series);
    else grouped.set(pair, [series]);
  }
  const out = new Map<string, Points>();
  for (const [pair, list] of grouped) out.set(pair, list.length === 1 ? (list[0] as Points) : mergePoints(list));
  return out;
}

function mergePoints(list: readonly Points[]): Points {
  const total = list.reduce((n, p) => n + p.t.length, 0);
  const order: Array<{ t: number; v: number }> = [];
  for (const p of list) for (let i = 0; i < p.t.length; i++) order.push({ t: p.t[i] as number, v: p.v[i] as number });
  order.sort((a, b) => a.t - b.t);
  const t = new Float64Array(total);
  const v = new Float64Array(total);
  order.forEach((point, i) => {
    t[i] = point.t;
    v[i] = point.v;
  });
  return { t, v };
}

/** Windows of at most MAX_BUCKETS buckets of `step` covering [from, to). */
function windows(from: number, to: number, step: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let start = from; start < to; start += MAX_BUCKETS * step) out.push({ from: start, to: Math.min(to, start + MAX_BUCKETS * step) - 1 });
  return out;
}

/** `min` and `count` per hour of every probe, from the hour before the grid to its end: one query per function. */
async function readHours({ querier, selectorOf }: Source, slots: readonly Slot[], grid: HourGrid): Promise<void> {
  const byPair = new Map<string, Slot[]>();
  for (const slot of slots) {
    const list = byPair.get(slot.pair);
    if (list) list.push(slot);
    else byPair.set(slot.pair, [slot]);
  }
  const selector = await selectorOf(slots.map((s) => s.probe));
  const origin = grid.first - HOUR;
  for (const window of windows(origin, grid.first + grid.hours * HOUR, HOUR)) {
    for (const series of await aggregateEach(querier, selector, window, HOUR, ['min', 'count'])) {
      const targets = byPair.get(pairOfSeries(series));
      if (targets === undefined) continue;
      const min = series.values.min as Float64Array;
      const count = series.values.count as Float64Array;
      for (let i = 0; i < series.t.length; i++) {
        const k = ((series.t[i] as number) - origin) / HOUR;
        for (const slot of targets) {
          // Two series of one probe (its labels changed within the hour) combine: min of mins, sum of counts.
          const seen = slot.minH[k] as number;
          slot.minH[k] = Number.isNaN(seen) ? (min[i] as number) : Math.min(seen, min[i] as number);
          slot.countH[k] = (slot.countH[k] as number) + (count[i] as number);
        }
      }
    }
  }
}

/**
 * Splits a probe's range into up, unknown and raw stretches by its hour buckets (see readUpHistory). Hours
 * are taken as up only when the probe runs at least twice an hour and a sample holds at least until the
 * next run; when one missed run leaves no hole (validity ≥ 2 intervals), a pair of hours may miss one run
 * where the grid's count per two hours is fractional. Empty hours are unknown only while validity ≤ 1 h.
 */
function planSegments(slot: Slot, grid: HourGrid, range: HalfOpenRange): Segment[] {
  const interval = slot.probe.intervalMs;
  const perHour = HOUR / interval;
  const upShortcut = perHour >= 2 && slot.validity >= interval;
  const unknownShortcut = slot.validity <= HOUR;
  const atLeast = slot.validity >= 2 * interval ? Math.floor(2 * perHour) : Math.ceil(2 * perHour);
  const atMostPair = Math.ceil(2 * perHour) + 1;
  const atMostHour = Math.ceil(perHour) + 1;
  const segments: Segment[] = [];
  for (let k = 0; k < grid.hours; k++) {
    const start = grid.first + k * HOUR;
    const end = start + HOUR;
    const count = slot.countH[k + 1] as number;
    const before = slot.countH[k] as number;
    const pair = count + before;
    const clean =
      upShortcut &&
      start >= range.from &&
      end <= range.to &&
      slot.minH[k + 1] === 1 &&
      slot.minH[k] === 1 &&
      pair >= atLeast &&
      pair <= atMostPair &&
      count <= atMostHour &&
      before <= atMostHour;
    const kind: SegmentKind = clean ? 'up' : unknownShortcut && count === 0 && before === 0 ? 'unknown' : 'raw';
    const from = Math.max(start, range.from);
    const to = Math.min(end, range.to);
    const last = segments[segments.length - 1];
    if (last !== undefined && last.kind === kind) segments[segments.length - 1] = { kind, from: last.from, to };
    else segments.push({ kind, from, to });
  }
  return segments;
}

/** Reads the raw stretches of all probes, one query per distinct read window for all probes sharing it. */
async function readRawSegments({ querier, selectorOf }: Source, slots: readonly Slot[], plans: readonly Segment[][]): Promise<void> {
  const byWindow = new Map<string, { from: number; to: number; wanted: Array<{ slot: Slot; segment: Segment }> }>();
  slots.forEach((slot, i) => {
    for (const segment of plans[i] as Segment[]) {
      if (segment.kind !== 'raw') continue;
      // Whole hours at least, so that an hour whose samples all lie outside the segment is not taken for expired.
      const from = Math.min(segment.from - slot.validity, Math.floor(segment.from / HOUR) * HOUR);
      const to = Math.max(segment.to, Math.ceil(segment.to / HOUR) * HOUR - 1);
      const key = `${from}:${to}`;
      const entry = byWindow.get(key);
      if (entry) entry.wanted.push({ slot, segment });
      else byWindow.set(key, { from, to, wanted: [{ slot, segment }] });
    }
  });
  for (const { from, to, wanted } of byWindow.values()) {
    const points = pointsByPair(await querier.range(await selectorOf(wanted.map((w) => w.slot.probe)), { from, to }));
    for (const { slot, segment } of wanted) segment.points = points.get(slot.pair) ?? { t: new Float64Array(0), v: new Float64Array(0) };
  }
}

async function buildTimeline(source: Source, slot: Slot, segments: readonly Segment[], grid: HourGrid, range: HalfOpenRange): Promise<StateTimeline> {
  const builder = new TimelineBuilder(range);
  for (const segment of segments) {
    if (segment.kind !== 'raw') {
      builder.add(segment.from, segment.to, segment.kind);
      continue;
    }
    for (const part of splitExpired(slot, segment, grid)) {
      const spans = part.expired
        ? await timelineFromRollups(source, slot, part, grid)
        : samplesTimeline(segment.points as Points, part, slot.validity);
      for (const span of spans) builder.add(span.start, span.end, span.state);
    }
  }
  return builder.finish();
}

function samplesTimeline(points: Points, part: HalfOpenRange, validity: number): StateTimeline {
  const start = Math.max(0, firstIndexAtOrAfter(points.t, part.from - validity));
  const end = firstIndexAtOrAfter(points.t, part.to);
  // One sample past the end bounds the last sample's hold, exactly as in the whole series.
  const stop = Math.min(points.t.length, end + 1);
  return timelineFromSamples(points.t.subarray(start, stop), points.v.subarray(start, stop), part, validity);
}

/** A raw stretch cut where its hours have samples (per the hour rollup) but the raw read found none: expired. */
function splitExpired(slot: Slot, segment: Segment, grid: HourGrid): Array<HalfOpenRange & { expired: boolean }> {
  const points = segment.points as Points;
  const parts: Array<HalfOpenRange & { expired: boolean }> = [];
  for (let start = Math.floor(segment.from / HOUR) * HOUR; start < segment.to; start += HOUR) {
    const k = (start - grid.first) / HOUR;
    const i = firstIndexAtOrAfter(points.t, start);
    const expired = (slot.countH[k + 1] as number) > 0 && !(i < points.t.length && (points.t[i] as number) < start + HOUR);
    const from = Math.max(start, segment.from);
    const to = Math.min(start + HOUR, segment.to);
    const last = parts[parts.length - 1];
    if (last !== undefined && last.expired === expired) parts[parts.length - 1] = { from: last.from, to, expired };
    else parts.push({ from, to, expired });
  }
  return parts;
}

/** `avg` and `count` buckets of `step` over [from, to) for one probe: buckets with samples, series merged. */
async function readBuckets({ querier, selectorOf }: Source, slot: Slot, from: number, to: number, step: number): Promise<Bucket[]> {
  const selector = await selectorOf([slot.probe]);
  const sums = new Map<number, { sum: number; count: number }>();
  for (const window of windows(from, to, step)) {
    const [avg, count] = await Promise.all((['avg', 'count'] as Aggregation[]).map((fn) => querier.aggregate(selector, window, step, fn)));
    const countOf = new Map((count ?? []).map((series) => [series.key, series]));
    for (const series of avg ?? []) {
      const counts = countOf.get(series.key);
      if (pairOfSeries(series) !== slot.pair || counts === undefined) continue;
      for (let i = 0; i < series.t.length; i++) {
        const t = series.t[i] as number;
        const n = counts.v[i] as number;
        const entry = sums.get(t) ?? { sum: 0, count: 0 };
        entry.sum += (series.v[i] as number) * n;
        entry.count += n;
        sums.set(t, entry);
      }
    }
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([start, { sum, count }]) => ({ start, length: step, avg: sum / count }));
}

/** An expired stretch from the minute rollups, and from the hour rollup for hours whose minutes expired too. */
async function timelineFromRollups(source: Source, slot: Slot, part: HalfOpenRange, grid: HourGrid): Promise<StateTimeline> {
  const readFrom = Math.floor((part.from - slot.validity) / MINUTE) * MINUTE;
  const buckets = await readBuckets(source, slot, readFrom, part.to, MINUTE);
  const covered = new Set(buckets.map((b) => Math.floor(b.start / HOUR) * HOUR));
  const bare: number[] = [];
  for (let start = Math.floor(part.from / HOUR) * HOUR; start < part.to; start += HOUR) {
    const k = (start - grid.first) / HOUR;
    if ((slot.countH[k + 1] as number) > 0 && !covered.has(start)) bare.push(start);
  }
  if (bare.length > 0) {
    const hours = await readBuckets(source, slot, bare[0] as number, (bare[bare.length - 1] as number) + HOUR, HOUR);
    buckets.push(...hours.filter((h) => bare.includes(h.start)));
    buckets.sort((a, b) => a.start - b.start);
  }
  return timelineFromBuckets(buckets, part, slot.validity);
}

/** A timeline from rollup buckets: each is up for its `avg` share then down; its end state holds until validity after its start. */
function timelineFromBuckets(buckets: readonly Bucket[], range: HalfOpenRange, validity: number): StateTimeline {
  const builder = new TimelineBuilder(range);
  let previous: { start: number; end: number; state: UpState } | undefined;
  for (const bucket of buckets) {
    if (previous !== undefined) builder.add(previous.end, Math.min(bucket.start, previous.start + validity), previous.state);
    const share = Number.isNaN(bucket.avg) ? 0 : Math.min(1, Math.max(0, bucket.avg));
    const upMs = Math.round(share * bucket.length);
    const end = bucket.start + bucket.length;
    builder.add(bucket.start, bucket.start + upMs, 'up');
    builder.add(bucket.start + upMs, end, 'down');
    previous = { start: bucket.start, end, state: upMs === bucket.length ? 'up' : 'down' };
  }
  if (previous !== undefined) builder.add(previous.end, previous.start + validity, previous.state);
  return builder.finish();
}
