import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ManualClock,
  parseSelector,
  type Sample,
  type SeriesQuerier,
  type SeriesSelector,
  type TimeRange,
  scanRange,
  seriesKey,
} from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { SqliteSeriesStore } from './sqlite-series-store.js';

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Three hours written, one hot: the first two are sealed and read from disk only. */
const NOW = T0 + 3 * HOUR + 10 * MINUTE;
const ALL = parseSelector('{__name__=~".+"}');

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Copied {
  key: string;
  t: number[];
  v: number[];
}

/** Series of several kinds, so that chunks use every value layout; `gap` has two points 40 minutes apart. */
function samples(): Sample[] {
  const out: Sample[] = [];
  const gauge = seriesKey('load', { target: 'a' });
  const counter = seriesKey('bytes', { target: 'a' });
  const flag = seriesKey('up', { target: 'a' });
  const early = seriesKey('early', { target: 'a' });
  const late = seriesKey('late', { target: 'a' });
  for (let t = T0; t < T0 + 3 * HOUR; t += 10 * SECOND) {
    const i = (t - T0) / (10 * SECOND);
    out.push({ series: gauge, t: t + (i % 3), v: Math.sin(i / 7) * 1e3 });
    out.push({ series: counter, t, v: i * 1250 + (i % 11) });
    out.push({ series: flag, t, v: i % 500 === 0 ? 0 : 1 });
    if (t < T0 + HOUR) out.push({ series: early, t, v: i / 4 });
    if (t >= T0 + 2 * HOUR + 30 * MINUTE) out.push({ series: late, t, v: -i });
  }
  out.push({ series: seriesKey('gap', { target: 'a' }), t: T0 + 10 * MINUTE, v: 1 });
  out.push({ series: seriesKey('gap', { target: 'a' }), t: T0 + 50 * MINUTE, v: 2 });
  return out.sort((a, b) => a.t - b.t);
}

async function sealedStore(): Promise<SqliteSeriesStore> {
  dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-scan-'));
  const clock = new ManualClock(T0);
  const store = SqliteSeriesStore.open({
    path: join(dir, 'noc.db'),
    hotWindow: HOUR,
    retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
    clock,
    background: false,
  });
  for (const sample of samples()) {
    clock.set(sample.t);
    await store.append([sample]);
  }
  clock.set(NOW);
  store.maintain(NOW);
  return store;
}

async function viaRange(querier: SeriesQuerier, selector: SeriesSelector, range: TimeRange): Promise<Copied[]> {
  return (await querier.range(selector, range)).map((s) => ({ key: s.key, t: [...s.t], v: [...s.v] }));
}

/** What a scan visits, copied during each visit (the arrays are reused afterwards). */
async function viaScan(querier: SeriesQuerier, selector: SeriesSelector, range: TimeRange): Promise<Copied[]> {
  const out: Copied[] = [];
  await scanRange(querier, selector, range, (series, t, v) => {
    expect(t.length).toBe(v.length);
    out.push({ key: series.key, t: [...t], v: [...v] });
  });
  return out;
}

describe('SqliteSeriesStore.scanRange', () => {
  const windows: Array<[string, TimeRange, string[]]> = [
    ['in memory', { from: NOW - 50 * MINUTE, to: NOW }, ['load', 'bytes', 'up', 'late']],
    ['on disk, chunks partly covered', { from: T0 + 20 * MINUTE + 5 * SECOND, to: T0 + 80 * MINUTE }, ['load', 'bytes', 'up', 'early', 'gap']],
    ['on disk, whole hours', { from: T0, to: T0 + 2 * HOUR - 1 }, ['load', 'bytes', 'up', 'early', 'gap']],
    ['across disk and memory', { from: T0 + 30 * MINUTE, to: NOW }, ['load', 'bytes', 'up', 'early', 'gap', 'late']],
    ['between the two points of a series', { from: T0 + 20 * MINUTE, to: T0 + 40 * MINUTE }, ['load', 'bytes', 'up', 'early']],
    ['before any data', { from: T0 - HOUR, to: T0 - 1 }, []],
  ];

  it.each(windows)('visits what range returns, %s', async (_, range, metrics) => {
    const store = await sealedStore();
    expect(store.stats().memoryPoints).toBeLessThan(3 * 360 * 5);
    const expected = await viaRange(store, ALL, range);
    expect(expected.map((s) => s.key.split('{')[0])).toEqual(metrics);
    expect(await viaScan(store, ALL, range)).toEqual(expected);
    const one = parseSelector('load{target="a"}');
    expect(await viaScan(store, one, range)).toEqual(await viaRange(store, one, range));
    await store.close();
  });

  it('visits what range returns scan after scan on one store, and within a visit of another scan', async () => {
    const store = await sealedStore();
    const ranges = [...windows.map(([, range]) => range), ...windows.map(([, range]) => range).reverse()];
    for (const range of ranges) expect(await viaScan(store, ALL, range)).toEqual(await viaRange(store, ALL, range));
    const [outer, inner] = [windows[3]?.[1], windows[1]?.[1]] as [TimeRange, TimeRange];
    const nested: Copied[][] = [];
    const expectedInner = await viaRange(store, ALL, inner);
    const visited: Copied[] = [];
    await scanRange(store, ALL, outer, (series, t, v) => {
      const before = { key: series.key, t: [...t], v: [...v] };
      nested.push([]);
      void scanRange(store, ALL, inner, (s, ti, vi) => nested[nested.length - 1]?.push({ key: s.key, t: [...ti], v: [...vi] }));
      // The inner scan left the outer one's points as they were.
      expect({ key: series.key, t: [...t], v: [...v] }).toEqual(before);
      visited.push(before);
    });
    expect(visited).toEqual(await viaRange(store, ALL, outer));
    expect(nested.length).toBe(visited.length);
    for (const one of nested) expect(one).toEqual(expectedInner);
    await store.close();
  });

  it('hands each series its key, metric and labels', async () => {
    const store = await sealedStore();
    const infos: unknown[] = [];
    await store.scanRange(parseSelector('bytes'), { from: T0, to: NOW }, (series) => infos.push({ ...series }));
    expect(infos).toEqual([{ key: seriesKey('bytes', { target: 'a' }), metric: 'bytes', labels: { target: 'a' } }]);
    await store.close();
  });

  it('rejects when closed', async () => {
    const store = await sealedStore();
    await store.close();
    await expect(store.scanRange(ALL, { from: T0, to: NOW }, () => undefined)).rejects.toThrow(/closed/);
  });
});

describe('scanRange', () => {
  it('reads through range() when the querier has no scan of its own', async () => {
    const store = new MemorySeriesStore();
    await store.append(samples());
    expect((store as SeriesQuerier).scanRange).toBeUndefined();
    const range = { from: T0 + 30 * MINUTE, to: T0 + 2 * HOUR };
    const expected = await viaRange(store, ALL, range);
    expect(expected.length).toBe(5);
    expect(await viaScan(store, ALL, range)).toEqual(expected);
  });

  it("uses the querier's own scan when it has one", async () => {
    const own = vi.fn(async () => undefined);
    const range = vi.fn(async () => []);
    const querier: SeriesQuerier = { series: async () => [], latest: async () => [], range, aggregate: async () => [], scanRange: own };
    const visit = () => undefined;
    await scanRange(querier, ALL, { from: 0, to: 1 }, visit);
    expect(own).toHaveBeenCalledWith(ALL, { from: 0, to: 1 }, visit);
    expect(range).not.toHaveBeenCalled();
  });
});
