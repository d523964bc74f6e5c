/** What a target, a probe or a service was doing at an instant. */
export type UpState = 'up' | 'down' | 'unknown' | 'maintenance';

/** One stretch of a single state over [start, end), in ms since the epoch. */
export interface StateSpan {
  readonly start: number;
  readonly end: number;
  readonly state: UpState;
}

/**
 * A history over a range [from, to): spans in time order, each starting where the previous one ended,
 * the first at `from` and the last ending at `to`; neighbours have different states. `unknown` is time
 * without data (the monitor or its collector was down); `maintenance` is excluded from availability.
 */
export type StateTimeline = readonly StateSpan[];
