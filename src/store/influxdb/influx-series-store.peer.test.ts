import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, parseSelector, type Sample, seriesKey } from '../../core/index.js';
import { type InfluxServer, startInflux } from '../../../test/peers/influxdb.js';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { InfluxSeriesStore } from './influx-series-store.js';

const binary = peerBinary('/usr/bin/influxd', 'apt-get install influxdb');
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const HOUR = 3_600_000;

describe.skipIf(binary === undefined)('InfluxSeriesStore on a real influxd 1.x', () => {
  let server: InfluxServer;
  let databases = 0;
  beforeAll(async () => {
    server = await startInflux(binary as string);
  }, 30_000);
  afterAll(async () => server?.stop());

  async function open(seedFromServer = true, database?: string): Promise<{ store: InfluxSeriesStore; database: string }> {
    const db = database ?? `peer_${++databases}`;
    if (database === undefined) await server.query(`CREATE DATABASE "${db}"`);
    const store = new InfluxSeriesStore({ url: server.url, version: 1, database: db, clock: new ManualClock(T0 + HOUR), seedFromServer });
    return { store, database: db };
  }

  // Label values built to break out of InfluxQL strings and regexes, or of line protocol.
  const nasty = [`it's`, `a\\b`, `x' OR '1'='1`, `q"uote`, `sp ace,comma=eq`, `/slash/`, `.*`, `(a|b)`, `C:\\dir\\'x`, `ünï`];

  it('stores hostile label values exactly and selects each one alone with = and with an escaped regex', async () => {
    const { store } = await open();
    const samples: Sample[] = nasty.map((value, i) => ({ series: seriesKey('evil', { v: value }), t: T0 + i, v: i }));
    await expect(store.append(samples)).resolves.toEqual({ accepted: nasty.length, rejected: 0 });
    const listed = await store.series(parseSelector('evil'));
    expect(listed.map((s) => s.labels.v).sort()).toEqual([...nasty].sort());
    for (const value of nasty) {
      const equal = await store.series({ metric: 'evil', matchers: [{ name: 'v', op: '=', value }] });
      expect(equal.map((s) => s.labels.v), value).toEqual([value]);
      const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const regex = await store.series({ metric: 'evil', matchers: [{ name: 'v', op: '=~', value: escaped }] });
      expect(regex.map((s) => s.labels.v), escaped).toEqual([value]);
      const others = await store.series({ metric: 'evil', matchers: [{ name: 'v', op: '!=', value }] });
      expect(others).toHaveLength(nasty.length - 1);
    }
    const notRegex = await store.series({ metric: 'evil', matchers: [{ name: 'v', op: '!~', value: '.*[\'"].*' }] });
    expect(notRegex.map((s) => s.labels.v).sort()).toEqual(nasty.filter((v) => !/['"]/.test(v)).sort());
    await store.close();
  });

  it('selects measurements by __name__ regex and negation, checked against the measurement list', async () => {
    const { store } = await open();
    await store.append(['up', 'up_time', 'sip_active_dialogs'].map((metric) => ({ series: seriesKey(metric, { t: 'a' }), t: T0, v: 1 })));
    const names = async (text: string): Promise<string[]> => (await store.series(parseSelector(text))).map((s) => s.metric).sort();
    expect(await names('{__name__=~"up.*"}')).toEqual(['up', 'up_time']);
    expect(await names('{__name__!~"up.*",t="a"}')).toEqual(['sip_active_dialogs']);
    expect(await names('{__name__!="up"}')).toEqual(['sip_active_dialogs', 'up_time']);
    expect(await names('up{__name__="up_time"}')).toEqual([]);
    await store.close();
  });

  it('answers latest with NaN and ±Inf, decoded from the special field', async () => {
    const { store } = await open();
    await store.append([
      { series: seriesKey('odd', { k: 'nan' }), t: T0, v: NaN },
      { series: seriesKey('odd', { k: 'inf' }), t: T0, v: Infinity },
      { series: seriesKey('odd', { k: 'ninf' }), t: T0, v: 1 },
      { series: seriesKey('odd', { k: 'ninf' }), t: T0 + 1000, v: -Infinity },
    ]);
    const latest = await store.latest(parseSelector('odd'), { at: T0 + 2000, lookback: 5000 });
    expect(latest.map((s) => [s.labels.k, s.t, s.v])).toEqual([
      ['inf', T0, Infinity],
      ['nan', T0, NaN],
      ['ninf', T0 + 1000, -Infinity],
    ]);
    await store.close();
  });

  it('after a restart, refuses samples older than what the server already holds for the series', async () => {
    const { store, database } = await open();
    const key = seriesKey('restart', { t: 'a' });
    await store.append([{ series: key, t: T0 + 5000, v: 1 }]);
    await store.close();
    const { store: again } = await open(true, database);
    const result = await again.append([
      { series: key, t: T0 + 1000, v: 9 },
      { series: key, t: T0 + 5000, v: 9 },
      { series: key, t: T0 + 6000, v: 2 },
      { series: seriesKey('restart', { t: 'new' }), t: T0, v: 3 },
    ]);
    expect(result).toEqual({ accepted: 2, rejected: 2 });
    expect(again.stats()).toMatchObject({ series: 2, samplesAppended: 2, samplesRejected: 2, chunksWritten: 0 });
    const [series] = await again.range(parseSelector('restart{t="a"}'), { from: T0, to: T0 + HOUR });
    expect([...(series?.v ?? [])]).toEqual([1, 2]);
    await again.close();
    expect(again.ready()).toBe(false);
  });

  it('rejects a write to a missing database naming the server answer', async () => {
    const { store } = await open(false, 'never_created');
    await expect(store.append([{ series: seriesKey('m'), t: T0, v: 1 }])).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/404.*database not found/),
    });
    expect(await store.series(parseSelector('m'))).toEqual([]);
    await store.close();
  });

  it('writes a large append gzipped in several requests and reads every sample back', async () => {
    const db = `peer_${++databases}`;
    await server.query(`CREATE DATABASE "${db}"`);
    const store = new InfluxSeriesStore({ url: server.url, version: 1, database: db, batchLines: 300, gzipThreshold: 1000 });
    const samples: Sample[] = [];
    for (let i = 0; i < 1000; i++) samples.push({ series: seriesKey('bulk', { target: `t${i % 10}` }), t: T0 + i * 1000, v: i / 3 });
    await expect(store.append(samples)).resolves.toEqual({ accepted: 1000, rejected: 0 });
    const series = await store.range(parseSelector('bulk{target="t7"}'), { from: T0, to: T0 + HOUR });
    expect(series).toHaveLength(1);
    expect([...(series[0]?.v ?? [])]).toEqual(samples.filter((s) => s.series === seriesKey('bulk', { target: 't7' })).map((s) => s.v));
    await store.close();
  });

  it('computes aggregateMany over the same buckets, folding NaN and ±Inf as the reference does', async () => {
    const { store } = await open();
    const key = seriesKey('agg', { t: 'a' });
    // Buckets of 60 s: [T0, +60s) holds 1, 5, NaN; [+60s, +120s) holds 4, +Inf; [+120s, …) holds 2.
    await store.append([
      { series: key, t: T0, v: 1 },
      { series: key, t: T0 + 30_000, v: 5 },
      { series: key, t: T0 + 40_000, v: NaN },
      { series: key, t: T0 + 70_000, v: 4 },
      { series: key, t: T0 + 80_000, v: Infinity },
      { series: key, t: T0 + 120_000, v: 2 },
      { series: seriesKey('agg', { t: 'only-inf' }), t: T0 + 90_000, v: -Infinity },
    ]);
    const result = await store.aggregateMany(parseSelector('agg'), { from: T0 + 10_000, to: T0 + 130_000 }, 60_000, ['avg', 'min', 'max', 'sum', 'count', 'last']);
    const table = result.map((s) => [s.labels.t, [...s.t], Object.fromEntries(Object.entries(s.values).map(([fn, v]) => [fn, [...v]]))]);
    expect(table).toEqual([
      [
        'a',
        [T0, T0 + 60_000, T0 + 120_000],
        { avg: [NaN, Infinity, 2], min: [NaN, 4, 2], max: [NaN, Infinity, 2], sum: [NaN, Infinity, 2], count: [3, 2, 1], last: [NaN, Infinity, 2] },
      ],
      [
        'only-inf',
        [T0 + 60_000],
        { avg: [-Infinity], min: [-Infinity], max: [-Infinity], sum: [-Infinity], count: [1], last: [-Infinity] },
      ],
    ]);
    const [onlyMax] = await store.aggregate(parseSelector('agg{t="a"}'), { from: T0, to: T0 + 59_000 }, 60_000, 'max');
    expect([...(onlyMax?.v ?? [])]).toEqual([NaN]);
    await store.close();
  });
});
