import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type Aggregation,
  AGGREGATIONS,
  ManualClock,
  parseSelector,
  type Sample,
  type SampleAppender,
  type SeriesPoints,
  type SeriesQuerier,
  samplesFromDsl,
  scanRange,
  seriesKey,
} from '../core/index.js';

/** A store under test, opened on a directory that survives `reopen`. */
export interface SeriesStoreUnderTest {
  readonly appender: SampleAppender;
  readonly querier: SeriesQuerier;
  /** Makes everything appended visible to reads from disk (seal/flush), where the store buffers. */
  flush(): Promise<void>;
  /** Closes and opens the same store again. */
  reopen(): Promise<SeriesStoreUnderTest>;
  close(): Promise<void>;
  /**
   * Relative precision of finite values, for engines that store decimals (VictoriaMetrics keeps about 12
   * significant digits, one exponent per block of samples, and no sign of zero). Absent: values come back
   * bit for bit. NaN and ±Inf must come back exactly either way.
   */
  readonly valuePrecision?: number;
}

/** Opens a fresh, empty store whose notion of "now" is `clock`. */
export type SeriesStoreFactory = (clock: ManualClock) => Promise<SeriesStoreUnderTest>;

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Reference aggregation over raw points: what every store must return, rollups or not. */
function naiveAggregate(t: ArrayLike<number>, v: ArrayLike<number>, from: number, to: number, step: number, fn: Aggregation) {
  const first = Math.floor(from / step) * step;
  const last = Math.floor(to / step) * step;
  const groups = new Map<number, number[]>();
  for (let i = 0; i < t.length; i++) {
    const time = t[i] as number;
    const bucket = Math.floor(time / step) * step;
    if (bucket < first || bucket > last) continue;
    const list = groups.get(bucket) ?? [];
    list.push(v[i] as number);
    groups.set(bucket, list);
  }
  const buckets = [...groups.keys()].sort((a, b) => a - b);
  const values = buckets.map((b) => {
    const xs = groups.get(b) as number[];
    switch (fn) {
      case 'avg':
        return xs.reduce((s, x) => s + x, 0) / xs.length;
      case 'min':
        return xs.reduce((m, x) => Math.min(m, x), Infinity);
      case 'max':
        return xs.reduce((m, x) => Math.max(m, x), -Infinity);
      case 'sum':
        return xs.reduce((s, x) => s + x, 0);
      case 'count':
        return xs.length;
      case 'last':
        return xs[xs.length - 1] as number;
    }
  });
  return { t: buckets, v: values };
}

function byKey(result: SeriesPoints[]): Map<string, SeriesPoints> {
  return new Map(result.map((s) => [s.key, s]));
}

function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i] as number;
    if (Number.isNaN(want)) expect(value).toBeNaN();
    else expect(value).toBeCloseTo(want, 6);
  });
}

/** The behaviour every SampleAppender + SeriesQuerier implementation must show. */
export function describeSeriesStoreContract(name: string, open: SeriesStoreFactory): void {
  describe(`series store contract: ${name}`, () => {
    const all = parseSelector('{__name__=~".+"}');

    it('returns raw samples exactly (or to the declared precision), NaN, ±Inf and -0 included', async () => {
      const clock = new ManualClock(T0 + HOUR);
      const store = await open(clock);
      const key = seriesKey('odd_values', { target: 'x' });
      const precision = store.valuePrecision;
      // A decimal engine is asked for metric-like magnitudes: it cannot keep -0, subnormals or MAX_VALUE beside 1.
      const values =
        precision === undefined
          ? [0, -0, NaN, Infinity, -Infinity, 1e-310, 0.1 + 0.2, -123456.789, Number.MAX_VALUE]
          : [0, 1.5, NaN, Infinity, -Infinity, 1e-3, 0.1 + 0.2, -123456.789, 987654321.5];
      await store.appender.append(values.map((v, i) => ({ series: key, t: T0 + i * 10 * SECOND, v })));
      const [series] = await store.querier.range(parseSelector('odd_values'), { from: T0, to: T0 + HOUR });
      expect(series?.labels).toEqual({ target: 'x' });
      expect([...(series?.v ?? [])].map((v) => Object.is.bind(null, v))).toHaveLength(values.length);
      values.forEach((v, i) => {
        const got = series?.v[i] as number;
        if (precision === undefined || !Number.isFinite(v) || v === 0) expect(Object.is(got, v), `value ${i}`).toBe(true);
        else expect(Math.abs((got - v) / v), `value ${i}`).toBeLessThanOrEqual(precision);
      });
      expect([...(series?.t ?? [])]).toEqual(values.map((_, i) => T0 + i * 10 * SECOND));
      await store.close();
    });

    it('selects series with =, !=, =~ and !~ matchers', async () => {
      const clock = new ManualClock(T0 + HOUR);
      const store = await open(clock);
      await store.appender.append(
        samplesFromDsl(
          `up{target="core-1",role="core",site="mx"} 1 1
           up{target="sbc-mx-1",role="sbc",site="mx"} 1 0
           up{target="sbc-co-1",role="sbc",site="co"} 0 0
           sip_active_dialogs{target="core-1"} 10 12`,
          T0,
          10 * SECOND,
        ),
      );
      const cases: Array<[string, string[]]> = [
        ['up', ['core-1', 'sbc-co-1', 'sbc-mx-1']],
        ['up{role="sbc"}', ['sbc-co-1', 'sbc-mx-1']],
        ['up{role!="sbc"}', ['core-1']],
        ['up{target=~"sbc-.*"}', ['sbc-co-1', 'sbc-mx-1']],
        ['up{target!~"sbc-.*",site="mx"}', ['core-1']],
        ['up{target=~"sbc"}', []],
        ['{target="core-1"}', ['core-1', 'core-1']],
        ['up{missing=""}', ['core-1', 'sbc-co-1', 'sbc-mx-1']],
      ];
      for (const [text, targets] of cases) {
        const found = await store.querier.series(parseSelector(text));
        expect(found.map((s) => s.labels.target).sort(), text).toEqual(targets);
      }
      await store.close();
    });

    it('answers latest per series at a given time, ignoring series silent past the lookback', async () => {
      const clock = new ManualClock(T0 + 10 * MINUTE);
      const store = await open(clock);
      await store.appender.append(samplesFromDsl(`up{target="a"} 1 1 1 0\nup{target="b"} 1 _ _ _`, T0, MINUTE));
      const now = await store.querier.latest(parseSelector('up'), { at: T0 + 3 * MINUTE, lookback: 2 * MINUTE });
      expect(now.map((s) => [s.labels.target, s.t, s.v])).toEqual([['a', T0 + 3 * MINUTE, 0]]);
      const earlier = await store.querier.latest(parseSelector('up'), { at: T0 + 90 * SECOND, lookback: 5 * MINUTE });
      expect(earlier.map((s) => [s.labels.target, s.t, s.v]).sort()).toEqual([
        ['a', T0 + MINUTE, 1],
        ['b', T0, 1],
      ]);
      await store.close();
    });

    it('rejects samples older than or equal to the newest of their series, and keeps the rest', async () => {
      const clock = new ManualClock(T0 + HOUR);
      const store = await open(clock);
      const key = seriesKey('m');
      await store.appender.append([{ series: key, t: T0 + 20 * SECOND, v: 2 }]);
      const result = await store.appender.append([
        { series: key, t: T0 + 10 * SECOND, v: 1 },
        { series: key, t: T0 + 20 * SECOND, v: 9 },
        { series: key, t: T0 + 30 * SECOND, v: 3 },
      ]);
      expect(result).toEqual({ accepted: 1, rejected: 2 });
      const [series] = await store.querier.range(parseSelector('m'), { from: T0, to: T0 + HOUR });
      expect([...(series?.v ?? [])]).toEqual([2, 3]);
      await store.close();
    });

    it('aggregates like the naive reference at raw, minute and hour steps, across sealed and live data', async () => {
      const clock = new ManualClock(T0);
      const store = await open(clock);
      const keys = [seriesKey('load', { target: 'a' }), seriesKey('load', { target: 'b' })];
      const rng = fc.sample(fc.integer({ min: -500, max: 500 }), { numRuns: 6 * 360 * 2, seed: 7 });
      const raw = new Map<string, { t: number[]; v: number[] }>(keys.map((k) => [k, { t: [], v: [] }]));
      for (let i = 0; i < 6 * 360; i++) {
        const t = T0 + i * 10 * SECOND + (i % 3);
        const batch: Sample[] = keys.map((key, k) => ({ series: key, t, v: (rng[i * 2 + k] as number) / 100 }));
        for (const s of batch) {
          raw.get(s.series)?.t.push(s.t);
          raw.get(s.series)?.v.push(s.v);
        }
        clock.set(t);
        await store.appender.append(batch);
      }
      await store.flush();
      // The reopened store holds only the hot window in memory: older buckets must come from disk rollups.
      const reopened = await store.reopen();
      const windows: Array<[number, number]> = [
        [T0, T0 + 6 * HOUR],
        [T0 + 25 * MINUTE + 7 * SECOND, T0 + 4 * HOUR + 3 * MINUTE],
        [T0 + 5 * HOUR + 30 * MINUTE, T0 + 6 * HOUR],
      ];
      for (const step of [10 * SECOND, 45 * SECOND, MINUTE, 5 * MINUTE, HOUR]) {
        for (const [from, to] of windows) {
          for (const fn of AGGREGATIONS) {
            const result = byKey(await reopened.querier.aggregate(parseSelector('load'), { from, to }, step, fn));
            for (const key of keys) {
              const points = raw.get(key) as { t: number[]; v: number[] };
              const want = naiveAggregate(points.t, points.v, from, to, step, fn);
              const got = result.get(key);
              expect([...(got?.t ?? [])], `${fn} step ${step}`).toEqual(want.t);
              expectClose(got?.v ?? new Float64Array(), want.v);
            }
          }
        }
      }
      const rawRange = byKey(await reopened.querier.range(parseSelector('load'), { from: T0 + 59 * MINUTE, to: T0 + 301 * MINUTE }));
      const reference = raw.get(keys[0] as string) as { t: number[]; v: number[] };
      const inWindow = (t: number) => t >= T0 + 59 * MINUTE && t <= T0 + 301 * MINUTE;
      expect([...(rawRange.get(keys[0] as string)?.t ?? [])]).toEqual(reference.t.filter(inWindow));
      expect([...(rawRange.get(keys[0] as string)?.v ?? [])]).toEqual(reference.v.filter((_, i) => inWindow(reference.t[i] as number)));
      await reopened.close();
    });

    it('keeps every acknowledged sample across close and reopen', async () => {
      const clock = new ManualClock(T0 + 2 * HOUR);
      const store = await open(clock);
      const samples = samplesFromDsl(`db_connections{target="db-1"} 5 6 7 8 9x200`, T0, 30 * SECOND);
      await store.appender.append(samples);
      const reopened = await store.reopen();
      const [series] = await reopened.querier.range(parseSelector('db_connections'), { from: T0, to: T0 + 3 * HOUR });
      expect(series?.v.length).toBe(samples.length);
      expect([...(series?.v ?? [])].slice(0, 5)).toEqual([5, 6, 7, 8, 9]);
      const latest = await reopened.querier.latest(parseSelector('db_connections'), { at: T0 + 2 * HOUR, lookback: 2 * HOUR });
      expect(latest[0]?.t).toBe((samples.at(-1) as Sample).t);
      await reopened.close();
    });

    it('scans the series and points range returns, in the same order', async () => {
      const clock = new ManualClock(T0 + 3 * HOUR);
      const store = await open(clock);
      await store.appender.append(samplesFromDsl(`a{t="1"} 1+1x300\nb{t="2"} _x200 5-0.5x100\nc{t="3"} 7x50`, T0, 30 * SECOND));
      await store.flush();
      for (const range of [{ from: T0, to: T0 + 3 * HOUR }, { from: T0 + 90 * MINUTE + 15 * SECOND, to: T0 + 2 * HOUR }]) {
        const scanned: Array<{ key: string; t: number[]; v: number[] }> = [];
        await scanRange(store.querier, all, range, (series, t, v) => scanned.push({ key: series.key, t: [...t], v: [...v] }));
        const ranged = (await store.querier.range(all, range)).map((s) => ({ key: s.key, t: [...s.t], v: [...s.v] }));
        expect(scanned).toEqual(ranged);
        expect(scanned.length).toBeGreaterThan(0);
      }
      await store.close();
    });

    it('lists series with data in a range', async () => {
      const clock = new ManualClock(T0 + 3 * HOUR);
      const store = await open(clock);
      await store.appender.append(samplesFromDsl(`early{t="1"} 1 1\nlate{t="2"} _ _ _ _ 1`, T0, HOUR / 2));
      const inRange = await store.querier.series(all, { from: T0 + 100 * MINUTE, to: T0 + 3 * HOUR });
      expect(inRange.map((s) => s.metric)).toEqual(['late']);
      await store.close();
    });

    it('refuses an aggregate asking for too many points', async () => {
      const clock = new ManualClock(T0);
      const store = await open(clock);
      await expect(store.querier.aggregate(all, { from: 0, to: T0 }, SECOND, 'avg')).rejects.toThrow(/at most/);
      await store.close();
    });
  });
}
