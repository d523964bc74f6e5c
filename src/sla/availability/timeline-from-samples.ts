import { NocError } from '../../core/index.js';
import type { StateSpan, StateTimeline, UpState } from './state-timeline.js';

/** A half-open interval [from, to) in ms since the epoch. */
export interface HalfOpenRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Builds a timeline from spans given in time order (they may overlap the range's edges, leave holes or be
 * empty): clipped to [from, to), holes filled with `unknown`, neighbours of one state merged.
 */
export class TimelineBuilder {
  private readonly spans: StateSpan[] = [];
  private cursor: number;

  constructor(private readonly range: HalfOpenRange) {
    this.cursor = range.from;
  }

  /** Where the next span is expected to start: the end of the last one added (or `from`). */
  get end(): number {
    return this.cursor;
  }

  /** Adds `state` over [start, end); the part before the current end is ignored. */
  add(start: number, end: number, state: UpState): void {
    const from = Math.max(start, this.cursor);
    const to = Math.min(end, this.range.to);
    if (!(to > from)) return;
    if (from > this.cursor) this.push(this.cursor, from, 'unknown');
    this.push(from, to, state);
  }

  /** The timeline, with the time after the last span up to `to` as `unknown`. */
  finish(): StateTimeline {
    if (this.cursor < this.range.to) this.push(this.cursor, this.range.to, 'unknown');
    return this.spans;
  }

  private push(start: number, end: number, state: UpState): void {
    const last = this.spans[this.spans.length - 1];
    if (last !== undefined && last.state === state) this.spans[this.spans.length - 1] = { start: last.start, end, state };
    else this.spans.push({ start, end, state });
    this.cursor = end;
  }
}

/**
 * The state timeline of one probe's `up` samples over [from, to). Each sample (times ascending; they may
 * start before `from`) holds its state — `up` when its value is exactly 1, `down` otherwise (0, NaN or
 * anything else) — from its time until the next sample or `validityMs` after it, whichever comes first;
 * time no sample covers is `unknown`. With validity = 2 × the probe's interval one missed run leaves no
 * hole and two do. A later sample at the same time as an earlier one wins.
 */
export function timelineFromSamples(t: ArrayLike<number>, v: ArrayLike<number>, range: HalfOpenRange, validityMs: number): StateTimeline {
  if (!(validityMs > 0)) throw new NocError('bad_request', `validityMs must be a positive number of ms, got ${validityMs}`);
  const builder = new TimelineBuilder(range);
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const start = t[i] as number;
    if (start >= range.to) break;
    const next = i + 1 < n ? (t[i + 1] as number) : Infinity;
    builder.add(start, Math.min(next, start + validityMs), v[i] === 1 ? 'up' : 'down');
  }
  return builder.finish();
}
