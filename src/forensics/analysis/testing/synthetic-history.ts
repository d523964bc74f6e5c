import { seriesKey, type Labels } from '../../../core/labels.js';
import { MemorySeriesStore } from '../../../core/memory-series-store.js';
import type { Sample } from '../../../core/sample.js';

/** 2026-01-01T00:00:00Z: the first sample of every synthetic series. */
export const T0 = Date.UTC(2026, 0, 1);
/** Sampling interval of the synthetic series. */
export const STEP_MS = 10_000;
/** The baseline: four hours of samples from T0. */
export const BASELINE_STEPS = 1_440;
/** The window: the hour after the baseline, [WINDOW.from, WINDOW.to]. */
export const WINDOW = { from: T0 + BASELINE_STEPS * STEP_MS, to: T0 + (BASELINE_STEPS + 360) * STEP_MS } as const;
/** Samples per series: baseline, window and the sample at the window's end. */
export const TOTAL_STEPS = BASELINE_STEPS + 361;

/** A seeded generator of uniform [0, 1) numbers (mulberry32), so generated history is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seeded standard normal generator (Box–Muller). */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** True for the step index of a sample inside the window. */
export const inWindow = (i: number): boolean => i >= BASELINE_STEPS;

/** Samples of one series: `value(i)` at T0 + i·STEP_MS for i in [first, last), skipping undefined values. */
export function generate(metric: string, labels: Labels, value: (i: number) => number | undefined, first = 0, last = TOTAL_STEPS): Sample[] {
  const key = seriesKey(metric, labels);
  const out: Sample[] = [];
  for (let i = first; i < last; i++) {
    const v = value(i);
    if (v !== undefined) out.push({ series: key, t: T0 + i * STEP_MS, v });
  }
  return out;
}

/** A memory store holding the given samples. */
export async function storeWith(...series: Sample[][]): Promise<MemorySeriesStore> {
  const store = new MemorySeriesStore();
  for (const samples of series) await store.append(samples);
  return store;
}
