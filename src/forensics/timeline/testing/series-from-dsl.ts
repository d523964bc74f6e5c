import { samplesFromDsl } from '../../../core/index.js';
import { MemorySeriesStore } from '../../../core/memory-series-store.js';

/** 2026-01-01T00:00:00Z: the start of every test series. */
export const T0 = Date.UTC(2026, 0, 1);

/** Seconds between the points of the test series. */
export const STEP_MS = 10_000;

/** The time of the `i`-th value of a test series. */
export const at = (i: number): number => T0 + i * STEP_MS;

/** A memory store holding the series of `dsl`, one value per {@link STEP_MS} from {@link T0}. */
export async function seriesStore(dsl: string): Promise<MemorySeriesStore> {
  const store = new MemorySeriesStore();
  await store.append(samplesFromDsl(dsl, T0, STEP_MS));
  return store;
}
