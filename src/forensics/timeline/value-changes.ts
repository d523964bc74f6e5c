import type { Point, SeriesAround } from './series-around.js';

/** A point whose value differs from the one before it. */
export interface ValueChange {
  readonly at: number;
  readonly value: number;
  /** The point it differs from; absent when the series had none and `assumeBefore` stood in. */
  readonly previous?: Point;
}

/** How to read changes from a series. */
export interface ValueChangeOptions {
  /**
   * The value assumed before the first known point, when no point precedes the window. Without it the
   * first point is never a change: it only sets the state (a series that starts inside the window).
   */
  readonly assumeBefore?: number;
  /** Whether two values mean the same state; default: equal, NaN equal to NaN. */
  readonly same?: (a: number, b: number) => boolean;
}

const sameValue = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The points of `series` in its window whose value differs from the previous point's (gaps do not count). */
export function valueChanges(series: SeriesAround, options: ValueChangeOptions = {}): ValueChange[] {
  const same = options.same ?? sameValue;
  const out: ValueChange[] = [];
  let previous: Point | undefined = series.before;
  let assumed = previous === undefined ? options.assumeBefore : undefined;
  for (let i = 0; i < series.t.length; i++) {
    const point: Point = { t: series.t[i] as number, v: series.v[i] as number };
    if (previous !== undefined) {
      if (!same(previous.v, point.v)) out.push({ at: point.t, value: point.v, previous });
    } else if (assumed !== undefined && !same(assumed, point.v)) {
      out.push({ at: point.t, value: point.v });
    }
    assumed = undefined;
    previous = point;
  }
  return out;
}
