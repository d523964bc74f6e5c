import { type Sample, seriesKey } from '../../src/core/index.js';

/** Start of the crash test's simulated time. */
export const CRASH_T0 = Date.UTC(2026, 10, 1, 0, 0, 0);
/** Simulated time between batches: one minute, so hour chunks are cut and sealed during the run. */
export const CRASH_STEP = 60_000;
/** Series per batch. */
export const CRASH_SERIES = 500;

const keys = Array.from({ length: CRASH_SERIES }, (_, i) => seriesKey('crash_metric', { n: String(i) }));

/** The samples of batch number `batch`: one per series, values derived from batch and series. */
export function crashBatch(batch: number): Sample[] {
  return keys.map((series, i) => ({ series, t: CRASH_T0 + batch * CRASH_STEP, v: batch * 1000 + i + 0.25 }));
}
