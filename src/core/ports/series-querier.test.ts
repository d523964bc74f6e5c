import { describe, expect, it } from 'vitest';
import { MemorySeriesStore } from '../memory-series-store.js';
import { parseSelector } from '../selector.js';
import { samplesFromDsl } from '../series-dsl.js';
import { aggregateEach, type SeriesQuerier } from './series-querier.js';

const T0 = Date.UTC(2026, 3, 1);
const MINUTE = 60_000;

describe('aggregateEach', () => {
  it('asks a store without aggregateMany once per function and joins the answers per series', async () => {
    const store = new MemorySeriesStore();
    await store.append(samplesFromDsl('up{target="a"} 1 1 0 1 _ 1\nup{target="b"} 0 0 0 0 0 0', T0, 30_000));
    const asked: string[] = [];
    const querier: SeriesQuerier = {
      series: (s, r) => store.series(s, r),
      latest: (s, o) => store.latest(s, o),
      range: (s, r) => store.range(s, r),
      aggregate: (s, r, step, fn) => {
        asked.push(fn);
        return store.aggregate(s, r, step, fn);
      },
    };
    const result = await aggregateEach(querier, parseSelector('up'), { from: T0, to: T0 + 3 * MINUTE - 1 }, MINUTE, ['min', 'count']);
    expect(asked).toEqual(['min', 'count']);
    const a = result.find((series) => series.labels.target === 'a');
    expect([...(a?.t ?? [])]).toEqual([T0, T0 + MINUTE, T0 + 2 * MINUTE]);
    expect([...(a?.values.min ?? [])]).toEqual([1, 0, 1]);
    expect([...(a?.values.count ?? [])]).toEqual([2, 2, 1]);
    expect([...(result.find((series) => series.labels.target === 'b')?.values.min ?? [])]).toEqual([0, 0, 0]);
  });

  it('uses aggregateMany when the store has it', async () => {
    const querier = {
      aggregateMany: async () => [{ key: 'up', metric: 'up', labels: {}, t: new Float64Array([T0]), values: { min: new Float64Array([1]) } }],
    } as unknown as SeriesQuerier;
    const [only] = await aggregateEach(querier, parseSelector('up'), { from: T0, to: T0 + MINUTE }, MINUTE, ['min']);
    expect([...(only?.values.min ?? [])]).toEqual([1]);
  });
});
