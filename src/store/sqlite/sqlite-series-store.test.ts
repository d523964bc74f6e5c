import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LatestSample, ManualClock, parseSelector, samplesFromDsl, scanLatest, type SeriesQuerier, seriesKey } from '../../core/index.js';
import { SqliteSeriesStore, type SqliteSeriesStoreOptions } from './sqlite-series-store.js';

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function openStore(clock: ManualClock, overrides: Partial<SqliteSeriesStoreOptions> = {}): SqliteSeriesStore {
  dir ??= mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
  return SqliteSeriesStore.open({
    path: join(dir, 'noc.db'),
    hotWindow: HOUR,
    retention: { raw: 2 * DAY, '1m': 10 * DAY, '1h': 100 * DAY },
    clock,
    background: false,
    ...overrides,
  });
}

function chunkCount(store: SqliteSeriesStore, table = 'chunks'): number {
  return (store.database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('SqliteSeriesStore', () => {
  it('cuts one chunk per series and hour, sealed when the next hour starts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0);
    const store = openStore(clock);
    await store.append(samplesFromDsl('m{a="1"} 1x360\nm{a="2"} 2x360', T0, 10_000));
    store.flush();
    expect(chunkCount(store)).toBe(0);
    clock.set(T0 + HOUR);
    await store.append(samplesFromDsl('m{a="1"} 3\nm{a="2"} 4', T0 + HOUR, 10_000));
    store.flush();
    expect(chunkCount(store)).toBe(2);
    expect(chunkCount(store, 'rollups_1m')).toBe(2);
    expect(chunkCount(store, 'rollups_1h')).toBe(2);
    const bytes = store.stats().chunkBytesWritten;
    expect(bytes / 720).toBeLessThan(0.5); // constant series compress to almost nothing
    await store.close();
  });

  it('seals the chunk of a series that went silent once its hour is over, then drops the head log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0);
    const store = openStore(clock);
    await store.append(samplesFromDsl('quiet 1 2 3', T0, 10_000));
    clock.set(T0 + HOUR + 4 * MINUTE);
    store.maintain(clock.now());
    expect(chunkCount(store)).toBe(0);
    clock.set(T0 + HOUR + 6 * MINUTE);
    store.maintain(clock.now());
    expect(chunkCount(store)).toBe(1);
    await store.close();
    // Everything is on disk, so only the (empty) current segment remains.
    const segments = readdirSync(join(dir, 'noc.db.head'));
    expect(segments).toHaveLength(1);
  });

  it('takes a backfill of weeks in one append, beyond the 24 days memory offsets can span', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0 + 41 * DAY);
    const store = openStore(clock, { retention: { raw: 100 * DAY, '1m': 100 * DAY, '1h': 100 * DAY } });
    const samples = Array.from({ length: 40 * 24 * 60 }, (_, i) => ({ series: 'm{a="1"}' as never, t: T0 + i * MINUTE, v: i % 7 }));
    expect(await store.append(samples)).toEqual({ accepted: samples.length, rejected: 0 });
    store.maintain(clock.now());
    const [points] = await store.range(parseSelector('m{a="1"}'), { from: T0, to: T0 + 40 * DAY });
    expect(points?.t.length).toBe(samples.length);
    expect(points?.t[samples.length - 1]).toBe(T0 + (samples.length - 1) * MINUTE);
    expect([...(points?.v.subarray(0, 8) ?? [])]).toEqual([0, 1, 2, 3, 4, 5, 6, 0]);
    const [hours] = await store.aggregate(parseSelector('m{a="1"}'), { from: T0, to: T0 + 40 * DAY - 1 }, HOUR, 'count');
    expect(hours?.v.every((count) => count === 60)).toBe(true);
    await store.close();
  });

  it('aggregates many series over hours with one scan, as series by series, for every function', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0 + 3 * DAY);
    // Six series over three days, with NaN, a gap, a late start and a live tail in memory.
    const samples = [];
    for (let i = 0; i < 6 * 3 * 24 * 60; i++) {
      const series = i % 6;
      const t = T0 + Math.floor(i / 6) * MINUTE;
      if (series === 4 && t < T0 + DAY) continue;
      if (series === 5 && t > T0 + 30 * HOUR && t < T0 + 40 * HOUR) continue;
      samples.push({ series: `m{s="${series}"}` as never, t, v: series === 2 && i % 97 === 0 ? NaN : (i * 7919) % 13 });
    }
    const writer = openStore(clock, { retention: { raw: 100 * DAY, '1m': 100 * DAY, '1h': 100 * DAY } });
    await writer.append(samples);
    writer.maintain(clock.now());
    await writer.close();
    // Reopened, memory holds only the last hour: the rest comes from the hourly rollups on disk.
    const store = openStore(clock, { retention: { raw: 100 * DAY, '1m': 100 * DAY, '1h': 100 * DAY } });
    const range = { from: T0 + 90 * MINUTE, to: T0 + 3 * DAY - 1 };
    const FNS = ['avg', 'min', 'max', 'sum', 'count', 'last'] as const;
    const many = await store.aggregateMany(parseSelector('m'), range, HOUR, FNS);
    expect(many).toHaveLength(6);
    for (const fn of FNS) {
      const wide = await store.aggregate(parseSelector('m'), range, HOUR, fn);
      expect(wide).toHaveLength(6);
      for (const series of wide) {
        const [narrow] = await store.aggregate(parseSelector(series.key), range, HOUR, fn);
        expect([...series.t], `${fn} ${series.key}`).toEqual([...(narrow?.t ?? [])]);
        expect([...series.v], `${fn} ${series.key}`).toEqual([...(narrow?.v ?? [])]);
        const together = many.find((entry) => entry.key === series.key);
        expect([...(together?.t ?? [])]).toEqual([...series.t]);
        expect([...(together?.values[fn] ?? [])], `${fn} ${series.key} in one read`).toEqual([...series.v]);
      }
    }
    await store.close();
  });

  it('applies retention per resolution', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0);
    const store = openStore(clock);
    await store.append(samplesFromDsl('old 1 2 3', T0, 10_000));
    clock.set(T0 + HOUR + 10 * MINUTE);
    store.maintain(clock.now());
    expect([chunkCount(store), chunkCount(store, 'rollups_1m'), chunkCount(store, 'rollups_1h')]).toEqual([1, 1, 1]);
    store.applyRetention(T0 + 3 * DAY);
    expect([chunkCount(store), chunkCount(store, 'rollups_1m'), chunkCount(store, 'rollups_1h')]).toEqual([0, 1, 1]);
    store.applyRetention(T0 + 11 * DAY);
    expect([chunkCount(store), chunkCount(store, 'rollups_1m'), chunkCount(store, 'rollups_1h')]).toEqual([0, 0, 1]);
    const hourly = await store.aggregate(parseSelector('old'), { from: T0, to: T0 + HOUR }, HOUR, 'avg');
    expect([...(hourly[0]?.v ?? [])]).toEqual([2]);
    store.applyRetention(T0 + 102 * DAY);
    expect(chunkCount(store, 'rollups_1h')).toBe(0);
    await store.close();
  });

  it('reports its counters', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0);
    const store = openStore(clock);
    await store.append(samplesFromDsl('a 1 2\nb 1', T0, 10_000));
    await store.append(samplesFromDsl('a 9', T0, 10_000));
    expect(store.stats()).toMatchObject({ series: 2, samplesAppended: 3, samplesRejected: 1, memoryPoints: 3 });
    expect(store.stats().headLogBytesWritten).toBeGreaterThan(0);
    expect(store.stats().diskBytes).toBeGreaterThan(0);
    expect(store.ready()).toBe(true);
    await store.close();
    expect(store.ready()).toBe(false);
    await expect(store.append(samplesFromDsl('a 1', T0 + HOUR, 1))).rejects.toThrow(/closed/);
  });

  it('loads the hot window from disk on open, and reads older data from disk', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0 + 3 * HOUR);
    const store = openStore(clock);
    await store.append(samplesFromDsl('g 1x1080', T0, 10_000));
    store.maintain(T0 + 3 * HOUR + 10 * MINUTE);
    await store.close();
    clock.set(T0 + 3 * HOUR + 10 * MINUTE);
    const reopened = openStore(clock);
    expect(reopened.stats().memoryPoints).toBeLessThan(400);
    const all = await reopened.range(parseSelector('g'), { from: T0, to: T0 + 3 * HOUR });
    expect(all[0]?.t.length).toBe(1080);
    await reopened.close();
  });

  it('scans the latest samples as latest returns them, from columns kept up to date as series come and go', async () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-sqlite-'));
    const clock = new ManualClock(T0);
    const store = openStore(clock);
    const scanned = async (selector: string, options: { at?: number; lookback?: number }) => {
      const out: LatestSample[] = [];
      await store.scanLatest(parseSelector(selector), options, ({ key, metric, labels }, t, v) => out.push({ key, metric, labels, t, v }));
      return out;
    };
    const agree = async (options: { at?: number; lookback?: number }) => {
      for (const selector of ['m{site="a"}', 'm', 'm{site="a",role="x"}', 'm{site="b"}', '{site="a"}', 'other', 'm{site="none"}']) {
        const latest = await store.latest(parseSelector(selector), options);
        expect(await scanned(selector, options)).toEqual(latest);
      }
    };
    await store.append(samplesFromDsl('m{site="a",role="x"} 1 2 3\nm{site="b",role="x"} 4 5 _\nm{site="a",role="y"} 7 _ _\nother{site="a"} 9 9 9', T0, 10_000));
    clock.set(T0 + 20_000);
    await agree({ at: T0 + 20_000, lookback: 15_000 });
    // Before the newest points, the points themselves are looked at.
    await agree({ at: T0 + 10_000, lookback: 60_000 });
    expect((await scanned('m{site="a"}', { at: T0 + 20_000, lookback: 60_000 })).map((s) => s.v)).toEqual([3, 7]);
    // A series created later joins the selections (and the slots remembered for them) in its place.
    await store.append([{ series: seriesKey('m', { site: 'a', role: 'z' }), t: T0 + 30_000, v: 11 }]);
    await agree({ at: T0 + 30_000, lookback: 60_000 });
    expect((await scanned('m{site="a"}', { at: T0 + 30_000, lookback: 60_000 })).map((s) => s.v)).toEqual([3, 7, 11]);
    await store.append([{ series: seriesKey('m', { site: 'a', role: 'x' }), t: T0 + 40_000, v: 12 }]);
    expect((await scanned('m{site="a"}', { at: T0 + 40_000, lookback: 60_000 })).map((s) => s.v)).toEqual([12, 7, 11]);
    await agree({ at: T0 + 40_000, lookback: 60_000 });
    expect([...store.labelNames('m')].sort()).toEqual(['role', 'site']);
    expect([...store.labelNames('absent')]).toEqual([]);
    await store.close();
    // Reopened: the newest points come back from the head log.
    const reopened = openStore(clock);
    const latest = await reopened.latest(parseSelector('m{site="a"}'), { at: T0 + 40_000, lookback: 60_000 });
    expect(latest.map((s) => s.v)).toEqual([12, 7, 11]);
    const viaScan: number[] = [];
    await reopened.scanLatest(parseSelector('m{site="a"}'), { at: T0 + 40_000, lookback: 60_000 }, (_series, _t, v) => viaScan.push(v));
    expect(viaScan).toEqual([12, 7, 11]);
    await reopened.close();
  });

  it('scanLatest reads through latest() when the querier has no scan of its own', async () => {
    const sample: LatestSample = { key: seriesKey('m'), metric: 'm', labels: {}, t: 5, v: 6 };
    const querier: SeriesQuerier = { series: async () => [], latest: async () => [sample], range: async () => [], aggregate: async () => [] };
    const seen: unknown[] = [];
    await scanLatest(querier, parseSelector('m'), { at: 10 }, (series, t, v) => seen.push([series.key, t, v]));
    expect(seen).toEqual([[sample.key, 5, 6]]);
  });
});
