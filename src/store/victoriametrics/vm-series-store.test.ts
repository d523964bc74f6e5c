import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNocError, ManualClock, parseSelector, type Sample, seriesKey } from '../../core/index.js';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { startVictoriaMetrics, type VictoriaMetricsServer } from '../../../test/peers/victoria-metrics.js';
import { freePort } from '../../../test/support/free-port.js';
import { aggregateBuckets } from './bucket-aggregate.js';
import { VictoriaMetricsSeriesStore, type VictoriaMetricsSeriesStoreOptions } from './vm-series-store.js';

const binary = peerBinary('/usr/bin/victoria-metrics', 'apt-get install victoria-metrics');
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const noRetry = { maxRetries: 0, minDelay: 1, maxDelay: 1 };

if (binary === undefined) {
  describe.skip('VictoriaMetricsSeriesStore against victoria-metrics', () => it('needs /usr/bin/victoria-metrics', () => undefined));
} else {
  describe('VictoriaMetricsSeriesStore against victoria-metrics', () => {
    let server: VictoriaMetricsServer;
    beforeAll(async () => {
      server = await startVictoriaMetrics(binary);
    }, 30_000);
    afterAll(async () => server?.stop());

    const open = (options: Partial<VictoriaMetricsSeriesStoreOptions> = {}) =>
      new VictoriaMetricsSeriesStore({ insertUrl: server.url, selectUrl: server.url, clock: new ManualClock(T0), retry: noRetry, ...options });
    const write = async (store: VictoriaMetricsSeriesStore, samples: Sample[]) => {
      const result = await store.append(samples);
      await server.forceFlush();
      return result;
    };

    it('stores series as metric_value / metric_special without a db label, and maps them back', async () => {
      const store = open();
      await write(store, [
        { series: seriesKey('names_probe', { target: 'a' }), t: T0, v: 1 },
        { series: seriesKey('names_probe', { target: 'a' }), t: T0 + SECOND, v: NaN },
      ]);
      const body = new URLSearchParams({ 'match[]': '{__name__=~"names_probe.*"}', start: String(T0 / 1000 - 1) });
      const raw = await (await fetch(`${server.url}/api/v1/export`, { method: 'POST', body })).text();
      const metrics = raw.trim().split('\n').map((line) => (JSON.parse(line) as { metric: Record<string, string> }).metric);
      expect(metrics.sort((a, b) => String(a.__name__).localeCompare(String(b.__name__)))).toEqual([
        { __name__: 'names_probe_special', target: 'a' },
        { __name__: 'names_probe_value', target: 'a' },
      ]);
      const [series] = await store.range(parseSelector('names_probe'), { from: T0, to: T0 + MINUTE });
      expect(series?.key).toBe('names_probe{target="a"}');
      expect([...(series?.v ?? [])]).toEqual([1, NaN]);
      await store.close();
    });

    it('selects label values holding quotes, backslashes and regex metacharacters exactly', async () => {
      const store = open();
      const values = ['say "hi"', 'C:\\dir\\x', 'a.b|c(d)*[e]{2}^$', 'sp ace,comma=eq', 'ñandú €', '.*'];
      await write(store, values.map((value, i) => ({ series: seriesKey('awkward', { v: value }), t: T0, v: i })));
      for (const [i, value] of values.entries()) {
        const selector = { metric: 'awkward', matchers: [{ name: 'v', op: '=' as const, value }] };
        const found = await store.range(selector, { from: T0, to: T0 });
        expect(found.map((s) => [s.labels.v, s.v[0]]), value).toEqual([[value, i]]);
        const others = await store.series({ metric: 'awkward', matchers: [{ name: 'v', op: '!=', value }] });
        expect(others.length, value).toBe(values.length - 1);
      }
      await store.close();
    });

    it('aggregates series holding NaN and ±Inf like the reference, from raw samples', async () => {
      const store = open();
      const key = seriesKey('gappy', { target: 'n' });
      const t = [0, 5, 12, 31, 33, 47].map((s) => T0 + s * SECOND);
      const v = [1, NaN, 2, Infinity, 4, -Infinity];
      await write(store, t.map((time, i) => ({ series: key, t: time, v: v[i] as number })));
      const fns = ['avg', 'min', 'max', 'sum', 'count', 'last'] as const;
      const want = aggregateBuckets(t, v, T0, T0 + 70 * SECOND, 10 * SECOND, fns);
      // Through range queries (the series with specials then redone from raw samples), and from raw samples.
      for (const querier of [open({ rawAggregateSpanMs: 0 }), store]) {
        const [series] = await querier.aggregateMany(parseSelector('gappy'), { from: T0, to: T0 + MINUTE }, 10 * SECOND, fns);
        expect([...(series?.t ?? [])]).toEqual(want.t);
        for (const fn of fns) expect([...(series?.values[fn] ?? [])], fn).toEqual(want.values[fn]);
        await querier.close();
      }
    });

    it('gives the same buckets from query_range as from raw samples for recent data, with no empty buckets', async () => {
      const store = open();
      const key = seriesKey('sparse', { target: 's' });
      const t = [0, 1, 30, 61, 62, 63].map((m) => T0 + m * MINUTE + 7 * SECOND);
      const v = [3, -1, 8, 0.5, 2.25, -7];
      await write(store, t.map((time, i) => ({ series: key, t: time, v: v[i] as number })));
      const range = { from: T0, to: T0 + 2 * 60 * MINUTE };
      const viaServer = open({ rawAggregateSpanMs: 0 });
      const viaRaw = open({ serverClock: new ManualClock(T0) });
      for (const step of [10 * SECOND, MINUTE, 45 * MINUTE]) {
        const want = aggregateBuckets(t, v, Math.floor(range.from / step) * step, Math.floor(range.to / step) * step + step, step, ['avg', 'count', 'last']);
        for (const querier of [viaServer, viaRaw]) {
          const [series] = await querier.aggregateMany(parseSelector('sparse'), range, step, ['avg', 'count', 'last']);
          expect([...(series?.t ?? [])], `step ${step}`).toEqual(want.t);
          expect([...(series?.values.count ?? [])]).toEqual(want.values.count);
          expect([...(series?.values.last ?? [])]).toEqual(want.values.last);
          (series?.values.avg ?? []).forEach((x, i) => expect(x).toBeCloseTo(want.values.avg?.[i] as number, 9));
        }
      }
      await Promise.all([store.close(), viaServer.close(), viaRaw.close()]);
    });

    it('refuses samples older than what an earlier process wrote (order guard seeded from the server)', async () => {
      const first = open();
      const key = seriesKey('seeded', { target: 'a' });
      await write(first, [{ series: key, t: T0 + 10 * SECOND, v: 1 }]);
      await first.close();
      const second = open();
      expect(await write(second, [{ series: key, t: T0 + 5 * SECOND, v: 2 }, { series: key, t: T0 + 20 * SECOND, v: 3 }])).toEqual({ accepted: 1, rejected: 1 });
      expect(second.stats()).toMatchObject({ series: 1, samplesAppended: 1, samplesRejected: 1 });
      await second.close();
      expect(second.ready()).toBe(false);
    });

    it('keeps about 12 significant digits, as VictoriaMetrics stores decimals', async () => {
      const store = open();
      const values = [0.1 + 0.2, Math.PI, -123456.789, 1e-3, 42, 987654.321];
      const key = seriesKey('precision');
      await write(store, values.map((v, i) => ({ series: key, t: T0 + i * SECOND, v })));
      const [series] = await store.range(parseSelector('precision'), { from: T0, to: T0 + MINUTE });
      values.forEach((v, i) => expect(Math.abs(((series?.v[i] as number) - v) / v)).toBeLessThan(1e-11));
      await store.close();
    });
  });

  describe('VictoriaMetricsSeriesStore without a server', () => {
    it('rejects an append and a read with unavailable, keeping nothing of the failed batch', async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const store = new VictoriaMetricsSeriesStore({ insertUrl: url, selectUrl: url, seedFromServer: false, retry: noRetry, timeoutMs: 2000 });
      const samples = [{ series: seriesKey('m'), t: T0, v: 1 }];
      const error = await store.append(samples).catch((caught: unknown) => caught);
      expect(isNocError(error, 'unavailable')).toBe(true);
      expect((error as Error).message).toMatch(/VictoriaMetrics write did not answer/);
      expect(store.stats()).toMatchObject({ series: 0, samplesAppended: 0 });
      await expect(store.range(parseSelector('m'), { from: T0, to: T0 })).rejects.toThrow(/VictoriaMetrics read did not answer/);
      await store.close();
    });
  });
}
