import { NocError } from '../../core/index.js';
import type { StateSpan, StateTimeline, UpState } from './state-timeline.js';

/** A stretch of time [from, to) in ms since the epoch. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** How many of the combined timelines are in each state during one stretch. */
export type StateCounts = Readonly<Record<UpState, number>>;

/** Chooses the combined state of a stretch from how many of `members` timelines are in each state. */
export type StateRule = (counts: StateCounts, members: number) => UpState;

/** Appends [start, end) in `state` to `spans`, merging it into an equal neighbour; empty stretches are dropped. */
export function appendSpan(spans: StateSpan[], start: number, end: number, state: UpState): void {
  if (end <= start) return;
  const last = spans.at(-1);
  if (last !== undefined && last.state === state && last.end === start) {
    spans[spans.length - 1] = { start: last.start, end, state };
  } else {
    spans.push({ start, end, state });
  }
}

/** A timeline that knows nothing over `range`. */
export function unknownTimeline(range: TimeRange): StateTimeline {
  return range.to > range.from ? [{ start: range.from, end: range.to, state: 'unknown' }] : [];
}

/** Where one timeline changes state inside a range: `state[i]` from `at[i]` on. */
interface Changes {
  readonly at: number[];
  readonly state: UpState[];
}

/** Where `timeline` changes state inside `range`; time it does not cover counts as unknown (no data). */
function changesOf(timeline: StateTimeline, range: TimeRange): Changes {
  const changes: Changes = { at: [], state: [] };
  const change = (at: number, state: UpState): void => {
    changes.at.push(at);
    changes.state.push(state);
  };
  let covered = range.from;
  for (const span of timeline) {
    const start = Math.max(span.start, range.from);
    const end = Math.min(span.end, range.to);
    if (end <= start) continue;
    if (start > covered) change(covered, 'unknown');
    change(start, span.state);
    covered = Math.max(covered, end);
  }
  if (covered < range.to) change(covered, 'unknown');
  return changes;
}

/** Member indexes ordered by `keys[member]` (the time of its next change): a binary min-heap. */
class MemberQueue {
  private readonly heap: number[] = [];

  constructor(private readonly keys: Float64Array) {}

  /** The member with the smallest key, left in the queue. */
  peek(): number | undefined {
    return this.heap[0];
  }

  /** Adds `member` under its current key. */
  push(member: number): void {
    const { heap, keys } = this;
    const key = keys[member] ?? Infinity;
    let index = heap.push(member) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] ?? member;
      if ((keys[above] ?? Infinity) <= key) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = member;
  }

  /** Removes the member with the smallest key. */
  pop(): void {
    const { heap, keys } = this;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    const key = keys[last] ?? Infinity;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= heap.length) break;
      const right = heap[child + 1];
      if (right !== undefined && (keys[right] ?? Infinity) < (keys[heap[child] ?? last] ?? Infinity)) child += 1;
      const below = heap[child] ?? last;
      if (key <= (keys[below] ?? Infinity)) break;
      heap[index] = below;
      index = child;
    }
    heap[index] = last;
  }
}

/**
 * Sweeps `timelines` over `range` and decides each stretch with `rule`; the result is normalised
 * (neighbours differ, no empty spans). The members' changes are merged through a heap: O(changes · log n).
 */
export function combineTimelines(timelines: readonly StateTimeline[], range: TimeRange, rule: StateRule): StateTimeline {
  if (range.to <= range.from) return [];
  const changes = timelines.map((timeline) => changesOf(timeline, range));
  const cursor = new Int32Array(changes.length);
  const nextAt = new Float64Array(changes.map((member) => member.at[0] ?? Infinity));
  const current: UpState[] = timelines.map(() => 'unknown');
  const queue = new MemberQueue(nextAt);
  changes.forEach((_, member) => queue.push(member));
  const counts: Record<UpState, number> = { up: 0, down: 0, unknown: timelines.length, maintenance: 0 };
  const spans: StateSpan[] = [];
  let at = range.from;
  while (at < range.to) {
    for (let member = queue.peek(); member !== undefined && nextAt[member] === at; member = queue.peek()) {
      const position = cursor[member] ?? 0;
      const memberChanges = changes[member];
      const state = memberChanges?.state[position] ?? 'unknown';
      counts[current[member] ?? 'unknown'] -= 1;
      counts[state] += 1;
      current[member] = state;
      cursor[member] = position + 1;
      nextAt[member] = memberChanges?.at[position + 1] ?? Infinity;
      queue.pop();
      queue.push(member);
    }
    const member = queue.peek();
    const end = Math.min(member === undefined ? Infinity : (nextAt[member] ?? Infinity), range.to);
    appendSpan(spans, at, end, rule(counts, timelines.length));
    at = end;
  }
  return spans;
}

/**
 * A target from its probes: down if any probe is down, else unknown if any is unknown, else maintenance
 * if any is, else up. No probes at all: unknown over the whole range.
 */
export function worstOf(timelines: readonly StateTimeline[], range: TimeRange): StateTimeline {
  return combineTimelines(timelines, range, (counts, members) => {
    if (counts.down > 0) return 'down';
    if (counts.unknown > 0 || members === 0) return 'unknown';
    return counts.maintenance > 0 ? 'maintenance' : 'up';
  });
}

/**
 * A k-of-n composition: up while at least k members are up; down once more than n − k are down (k can no
 * longer be reached, so always down when k > n); otherwise maintenance if an undecided member is in
 * maintenance, else unknown. No members at all: unknown.
 */
export function atLeast(k: number, timelines: readonly StateTimeline[], range: TimeRange): StateTimeline {
  if (!Number.isInteger(k) || k < 1) {
    throw new NocError('bad_request', `k (members required up) must be a whole number of at least 1, got ${k}`);
  }
  return combineTimelines(timelines, range, (counts, members) => {
    if (members === 0) return 'unknown';
    if (counts.up >= k) return 'up';
    if (counts.down > members - k) return 'down';
    return counts.maintenance > 0 ? 'maintenance' : 'unknown';
  });
}
