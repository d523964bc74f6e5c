import type { ComparisonOp } from '../../config/index.js';
import { firstIndexAfter } from '../../core/index.js';
import type { TimeValues } from './time-values.js';

/** A least-squares line through a series' points; times in ms, rates per second. */
export interface LinearFit {
  /** Points fitted. */
  readonly n: number;
  /** Change per second. */
  readonly slope: number;
  /** The line's value at `origin` (Prometheus takes it at the evaluation time). */
  readonly intercept: number;
  /** Time, ms, at which `intercept` is taken. */
  readonly origin: number;
  /** Coefficient of determination in [0, 1]; 1 when the line is exact, including a constant series. */
  readonly r2: number;
  /** The line's value at time `t` (ms). */
  predictAt(t: number): number;
  /**
   * Seconds from `fromT` (ms) until `line(t) op threshold` first holds: 0 when it already holds at `fromT`,
   * undefined when it never will (flat line, or moving away). The default op `==` asks when the line
   * reaches the value, in either direction; pass the rule's op (`<` for "disk free below 5 GB") to get 0
   * for "already past" instead of undefined.
   */
  timeToCross(threshold: number, fromT: number, op?: ComparisonOp): number | undefined;
}

/**
 * Ordinary least squares through the finite points, with the intercept taken at `origin` (default: the
 * last point's time). Undefined with fewer than two finite points or when they share one instant.
 *
 * Same result as Prometheus's `linearRegression` (promql/functions.go, read at prometheus/prometheus
 * 003b9e9d2c41), which regresses on seconds since the intercept time with Kahan-compensated one-pass sums
 * and, like it, slope 0 and the value itself for a constant series (no rounding noise in the prediction).
 * Here the sums run over times and values centred on their means (two passes), the textbook remedy for the
 * cancellation that `Σx² − (Σx)²/n` suffers when x is far from the points; it is the more accurate of the
 * two when the window is short and the extrapolation long. One deliberate difference: NaN and ±Inf are
 * skipped as missing, where Prometheus would let them turn the result into NaN.
 */
export function fitLinear(points: TimeValues, origin?: number): LinearFit | undefined {
  return fitIndexRange(points, 0, points.t.length, origin);
}

/**
 * The fit Prometheus's `predict_linear(v[window], …)` and `deriv(v[window])` use at evaluation time `at`:
 * points in (at − window, at] (range selectors are left-open since Prometheus 3.0), intercept at `at`.
 */
export function fitLinearWindow(points: TimeValues, at: number, window: number): LinearFit | undefined {
  return fitIndexRange(points, firstIndexAfter(points.t, at - window), firstIndexAfter(points.t, at), at);
}

/**
 * PromQL `predict_linear(v[window], seconds)` evaluated at `at`: the fitted value `seconds` after `at`.
 * Undefined where PromQL returns no sample (fewer than two points in the window).
 */
export function predictLinear(points: TimeValues, at: number, window: number, seconds: number): number | undefined {
  const fit = fitLinearWindow(points, at, window);
  // slope·seconds + intercept, as funcPredictLinear writes it, so results agree to the last bit it can.
  return fit === undefined ? undefined : fit.slope * seconds + fit.intercept;
}

function fitIndexRange(points: TimeValues, start: number, end: number, origin: number | undefined): LinearFit | undefined {
  const { t, v } = points;
  let n = 0;
  let first = NaN;
  let last = NaN;
  let firstValue = NaN;
  let constant = true;
  let sumX = 0;
  let sumY = 0;
  for (let i = start; i < end; i++) {
    const y = v[i] as number;
    if (!Number.isFinite(y)) continue;
    const ti = t[i] as number;
    if (n === 0) {
      first = ti;
      firstValue = y;
    } else if (y !== firstValue) {
      constant = false;
    }
    last = ti;
    n++;
    // Seconds since the first point: small numbers, so the mean is exact enough to centre on.
    sumX += (ti - first) / 1000;
    sumY += y;
  }
  if (n < 2) return undefined;
  const at = origin ?? last;
  if (constant) return line(n, 0, firstValue, at, 1);

  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = start; i < end; i++) {
    const y = v[i] as number;
    if (!Number.isFinite(y)) continue;
    const dx = ((t[i] as number) - first) / 1000 - meanX;
    const dy = y - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = meanY + slope * ((at - first) / 1000 - meanX);
  const r2 = syy === 0 ? 1 : Math.min(1, (sxy * sxy) / (sxx * syy));
  return line(n, slope, intercept, at, r2);
}

function line(n: number, slope: number, intercept: number, origin: number, r2: number): LinearFit {
  return new Line(n, slope, intercept, origin, r2);
}

/** A fitted line; its methods live on the prototype, so a fit is one object (the forecast rule makes thousands a cycle). */
class Line implements LinearFit {
  constructor(
    readonly n: number,
    readonly slope: number,
    readonly intercept: number,
    readonly origin: number,
    readonly r2: number,
  ) {}

  predictAt(t: number): number {
    return this.intercept + this.slope * ((t - this.origin) / 1000);
  }

  timeToCross(threshold: number, fromT: number, op: ComparisonOp = '=='): number | undefined {
    const seconds = secondsUntil(this.predictAt(fromT), this.slope, threshold, op);
    // An infinite threshold is never reached in finite time.
    return Number.isFinite(seconds) ? seconds : undefined;
  }
}

/** When a line now at `now`, moving `slope` per second, first satisfies `op threshold`; NaN for never or unknowable (NaN input). */
function secondsUntil(now: number, slope: number, threshold: number, op: ComparisonOp): number {
  const reach = (threshold - now) / slope;
  switch (op) {
    case '<':
      return now < threshold ? 0 : slope < 0 ? reach : NaN;
    case '<=':
      return now <= threshold ? 0 : slope < 0 ? reach : NaN;
    case '>':
      return now > threshold ? 0 : slope > 0 ? reach : NaN;
    case '>=':
      return now >= threshold ? 0 : slope > 0 ? reach : NaN;
    case '==':
      return now === threshold ? 0 : reach > 0 ? reach : NaN;
    case '!=':
      // On the value now: the line leaves it at once unless it is flat.
      return now !== threshold ? 0 : slope !== 0 ? 0 : NaN;
  }
}
