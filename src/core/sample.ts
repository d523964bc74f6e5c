import type { SeriesKey } from './labels.js';

/** One observation: a series, a time (ms since the Unix epoch, UTC) and a float64 value. */
export interface Sample {
  readonly series: SeriesKey;
  readonly t: number;
  readonly v: number;
}
