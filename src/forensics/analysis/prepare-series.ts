import { firstIndexAtOrAfter } from '../../core/index.js';
import { isCounter } from '../statistics/counter-detection.js';
import { counterRate, type TimedValues } from '../statistics/counter-rate.js';

/** How counters are recognised: by the `_total` suffix only, or also by a monotone shape (SNMP, scrapes). */
export type CounterDetection = 'name' | 'name-or-shape';

/** Options of {@link prepareSeries}. */
export interface PrepareOptions {
  /** Default `name-or-shape`. */
  readonly counters?: CounterDetection;
  /** Fewest values the baseline and the window must each hold to be scored. Default 3. */
  readonly minSamples?: number;
  /**
   * Where counter rates are written (both arrays at least as long as the input); the prepared series then
   * views it and is valid until the next call with the same buffers. Default: new arrays.
   */
  readonly rateBuffers?: TimedValues;
}

/** A series ready to score: finite values (rates for counters) split at the window start. */
export interface PreparedSeries {
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** Index of the first value in the window; values before it are the baseline. */
  readonly split: number;
  /** True when the values are per-second rates of a counter. */
  readonly rated: boolean;
}

/** A prepared series, or why it cannot be scored. */
export type PrepareOutcome = { readonly kind: 'ok'; readonly series: PreparedSeries } | { readonly kind: 'empty' | 'constant' };

/** The finite (t, v) pairs; the input arrays themselves when all are finite, the common case. */
function finitePairs(t: Float64Array, v: Float64Array): { t: Float64Array; v: Float64Array } {
  let bad = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i] as number)) bad++;
  if (bad === 0) return { t, v };
  const outT = new Float64Array(v.length - bad);
  const outV = new Float64Array(v.length - bad);
  let k = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i] as number)) continue;
    outT[k] = t[i] as number;
    outV[k++] = v[i] as number;
  }
  return { t: outT, v: outV };
}

/**
 * Unnamed counters must also rise on at least half of their steps. The shape test alone would also call a
 * gauge that stepped up once (a target coming back, a block list growing) a counter, and rating it would
 * erase the very change being looked for; real unnamed counters (octets, packets) rise on nearly every poll.
 */
const COUNTER_SHAPE = { minRiseFraction: 0.5 } as const;

/** Whether a series is treated as a counter and turned into a rate before scoring. */
export function treatAsCounter(metric: string, values: ArrayLike<number>, counters: CounterDetection = 'name-or-shape'): boolean {
  if (metric.endsWith('_total')) return true;
  return counters === 'name-or-shape' && isCounter(metric, values, COUNTER_SHAPE);
}

/**
 * Turns raw samples covering baseline and window into scorable values: non-finite samples dropped, counters
 * rated (the rate is stamped at the later sample, so the first window rate spans the boundary), then split
 * at `windowFrom`. Empty when either side has fewer than `minSamples` values; constant when every value is
 * the same, since no statistic can rank a series that never moves.
 */
export function prepareSeries(metric: string, t: Float64Array, v: Float64Array, windowFrom: number, options: PrepareOptions = {}): PrepareOutcome {
  const minSamples = Math.max(2, options.minSamples ?? 3);
  let series = finitePairs(t, v);
  const rated = treatAsCounter(metric, series.v, options.counters);
  if (rated) series = counterRate(series.t, series.v, options.rateBuffers);
  const split = firstIndexAtOrAfter(series.t, windowFrom);
  if (split < minSamples || series.v.length - split < minSamples) return { kind: 'empty' };
  const first = series.v[0] as number;
  let constant = true;
  for (let i = 1; i < series.v.length && constant; i++) constant = series.v[i] === first;
  if (constant) return { kind: 'constant' };
  return { kind: 'ok', series: { t: series.t, v: series.v, split, rated } };
}
