import { describe, expect, it } from 'vitest';
import { AGGREGATIONS, ManualClock, parseSelector, samplesFromDsl, seriesKey } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { HotWindow } from './hot-window.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('HotWindow', () => {
  it('answers latest, range and series like a store, for what it holds', async () => {
    const clock = new ManualClock(T0 + 10 * MINUTE);
    const hot = new HotWindow(HOUR, clock);
    await hot.append(samplesFromDsl(`up{target="a"} 1 1 1 0\nup{target="b"} 1 _ _ _`, T0, MINUTE));
    const latest = await hot.latest(parseSelector('up'), { at: T0 + 3 * MINUTE, lookback: 2 * MINUTE });
    expect(latest.map((s) => [s.labels.target, s.t, s.v])).toEqual([['a', T0 + 3 * MINUTE, 0]]);
    const [a] = await hot.range(parseSelector('up{target="a"}'), { from: T0 + MINUTE, to: T0 + 2 * MINUTE });
    expect([...(a?.t ?? [])]).toEqual([T0 + MINUTE, T0 + 2 * MINUTE]);
    const inRange = await hot.series(parseSelector('up'), { from: T0 + MINUTE, to: T0 + 3 * MINUTE });
    expect(inRange.map((s) => s.labels.target)).toEqual(['a']);
  });

  it('rejects samples not newer than their series, within a batch too', async () => {
    const hot = new HotWindow(HOUR, new ManualClock(T0));
    const key = seriesKey('m');
    await hot.append([{ series: key, t: T0 + 20, v: 1 }]);
    const result = await hot.append([
      { series: key, t: T0 + 10, v: 2 },
      { series: key, t: T0 + 30, v: 3 },
      { series: key, t: T0 + 30, v: 4 },
      { series: key, t: T0 + 40, v: 5 },
    ]);
    expect(result).toEqual({ accepted: 2, rejected: 2 });
    const [series] = await hot.range(parseSelector('m'), { from: T0, to: T0 + HOUR });
    expect([...(series?.v ?? [])]).toEqual([1, 3, 5]);
  });

  it('aggregates exactly as the reference store', async () => {
    const clock = new ManualClock(T0 + 2 * HOUR);
    const hot = new HotWindow(3 * HOUR, clock);
    const reference = new MemorySeriesStore();
    const samples = samplesFromDsl(`load{t="1"} 1 5 -2 NaN 7 3 3 8 _ 0 4\nload{t="2"} 2 2 2 2 9 _ _ 1`, T0, 7_000);
    await hot.append(samples);
    await reference.append(samples);
    for (const step of [10_000, 30_000, MINUTE]) {
      for (const fn of AGGREGATIONS) {
        const range = { from: T0 + 12_000, to: T0 + 61_000 };
        const got = await hot.aggregate(parseSelector('load'), range, step, fn);
        const want = await reference.aggregate(parseSelector('load'), range, step, fn);
        expect(got.map((s) => [s.key, [...s.t], [...s.v]]), `${fn} step ${step}`).toEqual(want.map((s) => [s.key, [...s.t], [...s.v]]));
      }
    }
    await expect(hot.aggregate(parseSelector('load'), { from: 0, to: T0 }, 1000, 'avg')).rejects.toThrow(/at most/);
  });

  it('prunes samples older than the window as time goes on, and says what it covers', async () => {
    const clock = new ManualClock(T0);
    const hot = new HotWindow(10 * MINUTE, clock);
    expect(hot.coveredSince()).toBe(T0);
    const key = seriesKey('up', { target: 'a' });
    for (let i = 0; i < 30; i++) {
      await hot.append([{ series: key, t: clock.now(), v: i }]);
      clock.advance(MINUTE);
    }
    // Now T0 + 30 min: samples at T0 + 20 … 29 min are inside the window.
    hot.prune();
    expect(hot.coveredSince()).toBe(T0 + 20 * MINUTE);
    expect(hot.points).toBe(10);
    const [series] = await hot.range(parseSelector('up'), { from: T0, to: T0 + HOUR });
    expect(series?.t[0]).toBe(T0 + 20 * MINUTE);
    expect(series?.v.length).toBe(10);
    expect(await hot.latest(parseSelector('up'), { at: T0 + 5 * MINUTE })).toEqual([]);
    // A pruned series still remembers its newest time for the order check.
    clock.advance(HOUR);
    hot.prune();
    expect(hot.points).toBe(0);
    expect(await hot.series(parseSelector('up'))).toEqual([]);
    expect(await hot.append([{ series: key, t: T0 + 29 * MINUTE, v: 1 }])).toEqual({ accepted: 0, rejected: 1 });
  });

  it('prunes by itself on append once per sixtieth of the window', async () => {
    const clock = new ManualClock(T0);
    const hot = new HotWindow(HOUR, clock);
    const key = seriesKey('m');
    await hot.append([{ series: key, t: T0, v: 1 }]);
    clock.advance(HOUR + MINUTE);
    await hot.append([{ series: key, t: clock.now(), v: 2 }]);
    expect(hot.points).toBe(1);
  });
});
