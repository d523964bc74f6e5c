import { describe, expect, it } from 'vitest';
import { RuleConfig } from '../../config/index.js';
import { type LatestSampleVisitor, type Sample, samplesFromDsl, type SeriesKey, type SeriesPointsVisitor, type SeriesQuerier, type SeriesSelector, seriesKey, type TimeRange } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { evaluateAbsent } from './absent.js';
import { evaluateAnomaly } from './anomaly.js';
import { evaluateChange } from './change.js';
import { evaluateForecast } from './forecast.js';
import { HeardPositions, RULE_EVALUATORS } from './index.js';
import type { Observation, RuleEvaluator, RuleOf } from './observation.js';
import { evaluateThreshold } from './threshold.js';
import { counterIncrease, windowValue } from './window-functions.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const STEP = 15_000;

async function storeOf(dsl: string): Promise<MemorySeriesStore> {
  const store = new MemorySeriesStore();
  await store.append(samplesFromDsl(dsl, T0, STEP));
  return store;
}

function rule<K extends RuleConfig['kind']>(raw: Record<string, unknown> & { kind: K }): RuleOf<K> {
  const parsed: RuleConfig = RuleConfig.parse({ name: 'r', select: 'm', severity: 'S3', ...raw });
  return parsed as RuleOf<K>;
}

/** `target=value active/cleared` lines, sorted, for compact expectations. */
function verdicts(observations: readonly Observation[]): string[] {
  return observations
    .map((o) => `${o.labels.target ?? '-'}=${Number(o.value.toFixed(3))} ${o.active ? 'active' : 'inactive'}${o.cleared ? ' cleared' : ''}`)
    .sort();
}

const at = (step: number) => T0 + step * STEP;

describe('window functions', () => {
  it.each([
    ['avg', [1, 2, 3, 6], 3],
    ['min', [4, 2, 9], 2],
    ['max', [4, 2, 9], 9],
    ['delta', [10, 4, 7], -3],
    ['increase', [10, 15, 3, 8], 5 + 3 + 5],
  ] as const)('%s of %j is %d', (fn, values, expected) => {
    expect(windowValue(fn, values.map((_, i) => i * 1000), values)).toBe(expected);
  });

  it('takes a rate per second across a counter reset, and needs two points', () => {
    expect(windowValue('rate', [0, 10_000, 20_000], [100, 150, 30])).toBe((50 + 30) / 20);
    expect(windowValue('rate', [0], [100])).toBeUndefined();
    expect(counterIncrease([5])).toBe(0);
  });
});

describe('threshold rule', () => {
  it('compares each series latest value', async () => {
    const store = await storeOf('up{target="a"} 1 1 0\nup{target="b"} 1 1 1');
    const observations = await evaluateThreshold(rule({ kind: 'threshold', select: 'up', op: '==', value: 0 }), store, at(2));
    expect(verdicts(observations)).toEqual(['a=0 active', 'b=1 inactive cleared']);
    expect(observations.find((o) => o.active)?.labels).toEqual({ alertname: 'r', target: 'a' });
  });

  it('ignores a series whose latest sample is older than five minutes', async () => {
    const store = await storeOf('up{target="a"} 0');
    expect(await evaluateThreshold(rule({ kind: 'threshold', select: 'up', op: '==', value: 0 }), store, T0 + 5 * 60_000 + 1)).toEqual([]);
  });

  it('keeps a firing alert until the value passes clear_value (hysteresis)', async () => {
    const store = await storeOf('rtt{target="a"} 0.3 0.15 0.05');
    const r = rule({ kind: 'threshold', select: 'rtt', op: '>', value: 0.2, clear_value: 0.1 });
    expect(verdicts(await evaluateThreshold(r, store, at(0)))).toEqual(['a=0.3 active']);
    expect(verdicts(await evaluateThreshold(r, store, at(1)))).toEqual(['a=0.15 inactive']);
    expect(verdicts(await evaluateThreshold(r, store, at(2)))).toEqual(['a=0.05 inactive cleared']);
  });

  it('compares a rate over a window', async () => {
    const store = await storeOf('calls_total{target="a"} 0 150 300 450\ncalls_total{target="b"} 0 15 30 45');
    const r = rule({ kind: 'threshold', select: 'calls_total', op: '<', value: 5, aggregate: { fn: 'rate', window: '45s' } });
    expect(verdicts(await evaluateThreshold(r, store, at(3)))).toEqual(['a=10 inactive cleared', 'b=1 active']);
  });

  it('compares the seconds left until a Unix time with time_left, and refuses it with aggregate', async () => {
    const nowSeconds = at(1) / 1000;
    const store = new MemorySeriesStore();
    await store.append([
      { series: seriesKey('tls_cert_expiry_seconds', { target: 'web-1' }), t: at(1), v: nowSeconds + 5 * 86_400 },
      { series: seriesKey('tls_cert_expiry_seconds', { target: 'web-2' }), t: at(1), v: nowSeconds + 60 * 86_400 },
      { series: seriesKey('tls_cert_expiry_seconds', { target: 'web-3' }), t: at(1), v: nowSeconds - 60 },
    ]);
    const expiring = rule({ kind: 'threshold', select: 'tls_cert_expiry_seconds', time_left: true, op: '<', value: 14 * 86_400 });
    expect(verdicts(await evaluateThreshold(expiring, store, at(1)))).toEqual(['web-1=432000 active', 'web-2=5184000 inactive cleared', 'web-3=-60 active']);
    expect(() => rule({ kind: 'threshold', select: 'm', time_left: true, op: '<', value: 1, aggregate: { fn: 'avg', window: '5m' } })).toThrow(/time_left/);
  });

  it('adds the rule labels over the series labels', async () => {
    const store = await storeOf('up{target="a",team="x"} 0');
    const [observation] = await evaluateThreshold(rule({ kind: 'threshold', select: 'up', op: '==', value: 0, labels: { team: 'noc' } }), store, T0);
    expect(observation?.labels).toEqual({ alertname: 'r', target: 'a', team: 'noc' });
  });
});

describe('absent rule', () => {
  it('fires for a series that went silent for the window, not for one still reporting', async () => {
    const store = await storeOf('up{target="a"} 1 1 _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _\nup{target="b"} 1x24');
    const observations = await evaluateAbsent(rule({ kind: 'absent', select: 'up', window: '5m' }), store, at(23));
    expect(verdicts(observations)).toEqual(['a=330 active', 'b=0 inactive cleared']);
  });

  it('fires once with the selector labels when nothing matches at all', async () => {
    const store = await storeOf('up{target="b"} 1');
    const observations = await evaluateAbsent(rule({ kind: 'absent', select: 'up{target="sbc-1",site=~"m.*"}' }), store, T0);
    expect(observations.map(({ labels, active, cleared, value, series }) => ({ labels, active, cleared, value, series }))).toEqual([
      { labels: { alertname: 'r', target: 'sbc-1' }, active: true, cleared: false, value: 0, series: undefined },
    ]);
  });
});

describe('change rule', () => {
  it('fires for hold after a value dropped, not after it rose, with direction down', async () => {
    const store = await storeOf('ssllabs_grade_score{target="a"} 100 100 80 80\nssllabs_grade_score{target="b"} 80 80 100 100');
    const r = rule({ kind: 'change', select: 'ssllabs_grade_score', direction: 'down', hold: '1m' });
    expect(verdicts(await evaluateChange(r, store, at(3)))).toEqual(['a=80 active', 'b=100 inactive cleared']);
    // Five minutes later the drop is older than hold.
    expect(verdicts(await evaluateChange(r, store, at(3) + 5 * 60_000))).toEqual(['a=80 inactive cleared', 'b=100 inactive cleared']);
  });

  it('fires when a label of an info series changed', async () => {
    const store = await storeOf('tls_info{target="a",serial="01"} 1 1 _ _\ntls_info{target="a",serial="02"} _ _ 1 1\ntls_info{target="b",serial="07"} 1 1 1 1');
    const observations = await evaluateChange(rule({ kind: 'change', select: 'tls_info', label: 'serial', hold: '10m' }), store, at(3));
    expect(verdicts(observations)).toEqual(['a=1 active', 'b=0 inactive cleared']);
    expect(observations.find((o) => o.labels.target === 'a')?.labels.serial).toBe('02');
  });
});

describe('forecast rule', () => {
  it('fires when the line through the window reaches the value within the horizon', async () => {
    // Free space falls 1 GB per 15 s step: 100 → 90 GB over 10 steps; 0 is 90 steps (22.5 min) away.
    const values = Array.from({ length: 11 }, (_, i) => 100e9 - i * 1e9).join(' ');
    const store = await storeOf(`disk_free_bytes{target="a"} ${values}\ndisk_free_bytes{target="b"} ${'50e9 '.repeat(11)}`);
    const soon = rule({ kind: 'forecast', select: 'disk_free_bytes', op: '<=', value: 0, window: '150s', horizon: '30m' });
    const observations = await evaluateForecast(soon, store, at(10));
    expect(verdicts(observations).map((line) => line.replace(/=[^ ]+/, ''))).toEqual(['a active', 'b inactive cleared']);
    // At the 30 min horizon the line is 120 steps below 90 GB.
    expect(observations.find((o) => o.labels.target === 'a')?.value).toBeCloseTo(90e9 - 120e9, -3);
    const later = rule({ kind: 'forecast', select: 'disk_free_bytes', op: '<=', value: 0, window: '150s', horizon: '20m' });
    expect((await evaluateForecast(later, store, at(10))).find((o) => o.labels.target === 'a')?.active).toBe(false);
  });
});

describe('anomaly rule', () => {
  it('flags a value beyond k robust deviations of its rolling baseline, once the history suffices', async () => {
    const normal = Array.from({ length: 40 }, (_, i) => 1000 + ((i * 7) % 11) - 5);
    const store = await storeOf(`sip_registered_contacts{target="a"} ${[...normal, 400].join(' ')}\nsip_registered_contacts{target="b"} ${[...normal, 1003].join(' ')}`);
    const r = rule({ kind: 'anomaly', select: 'sip_registered_contacts', baseline: 'rolling', window: '15m', k: 3, min_points: 20 });
    const observations = await evaluateAnomaly(r, store, at(40));
    expect(observations.map((o) => `${o.labels.target} ${o.active}`).sort()).toEqual(['a true', 'b false']);
    expect(observations.find((o) => o.labels.target === 'a')?.value).toBeLessThan(-3);
    const young = rule({ kind: 'anomaly', select: 'sip_registered_contacts', baseline: 'rolling', window: '15m', min_points: 60 });
    expect((await evaluateAnomaly(young, store, at(40))).every((o) => !o.active)).toBe(true);
  });

  it('reads the same hour of the previous weeks', async () => {
    const WEEK = 7 * 86_400_000;
    const store = new MemorySeriesStore();
    // Four weeks of 09:00 readings near 500, then today's 09:00 reading of 900.
    const series = seriesKey('calls', { target: 'a' });
    const samples: Sample[] = [4, 3, 2, 1].flatMap((week) => [-10, -5, 0, 5, 10].map((minute, i) => ({ series, t: T0 - week * WEEK + minute * 60_000, v: 500 + i })));
    await store.append([...samples, { series, t: T0, v: 900 }]);
    const r = rule({ kind: 'anomaly', select: 'calls', baseline: 'same_hour_of_week', weeks: 4, direction: 'above', min_points: 10 });
    const [observation] = await evaluateAnomaly(r, store, T0);
    expect(observation?.active).toBe(true);
  });
});

describe('rules reading windows one series at a time', () => {
  /** The store with `scanRange` as the embedded store has it: one pair of arrays reused, here scrambled after each series. */
  function scanning(store: MemorySeriesStore, names: ReadonlyMap<string, ReadonlySet<string>> = new Map()): SeriesQuerier {
    return Object.assign(Object.create(store) as MemorySeriesStore, {
      async scanRange(selector: SeriesSelector, range: TimeRange, visit: SeriesPointsVisitor): Promise<void> {
        const all = await store.range(selector, range);
        const largest = Math.max(0, ...all.map((points) => points.t.length));
        const t = new Float64Array(largest);
        const v = new Float64Array(largest);
        for (const { key, metric, labels, t: pointsT, v: pointsV } of all) {
          t.set(pointsT);
          v.set(pointsV);
          visit({ key, metric, labels }, t.subarray(0, pointsT.length), v.subarray(0, pointsV.length));
          t.fill(NaN);
          v.fill(-1);
        }
      },
      async scanLatest(selector: SeriesSelector, options: { at?: number; lookback?: number } | undefined, visit: LatestSampleVisitor): Promise<void> {
        for (const { key, metric, labels, t, v } of await store.latest(selector, options)) visit({ key, metric, labels }, t, v);
      },
      labelNames(metric: string): ReadonlySet<string> {
        return names.get(metric) ?? new Set();
      },
    });
  }

  it('judge as they do from copies of the windows', async () => {
    const normal = Array.from({ length: 40 }, (_, i) => 1000 + ((i * 7) % 11) - 5);
    const store = await storeOf(
      [
        `m{target="a"} ${[...normal, 400].join(' ')}`,
        `m{target="b"} ${[...normal, 1003].join(' ')}`,
        `m{target="c"} ${normal.map((_, i) => 5000 - 100 * i).join(' ')} 900`,
        `m{target="d"} ${normal.map(() => 7).join(' ')} 8`,
      ].join('\n'),
    );
    const rules = [
      rule({ kind: 'anomaly', baseline: 'rolling', window: '15m', k: 3, min_points: 20 }),
      rule({ kind: 'forecast', op: '<', value: 0, window: '5m', horizon: '1h' }),
      rule({ kind: 'change', hold: '5m' }),
      rule({ kind: 'threshold', op: '<', value: 1000, aggregate: { fn: 'avg', window: '5m' } }),
    ];
    for (const r of rules) {
      const evaluate = RULE_EVALUATORS[r.kind] as RuleEvaluator<RuleConfig['kind']>;
      const copied = await evaluate(r, store, at(40));
      expect(verdicts(copied).some((line) => line.includes(' active'))).toBe(true);
      expect(verdicts(await evaluate(r, scanning(store), at(40)))).toEqual(verdicts(copied));
    }
  });

  it('report the same observations, in the same order, from latest values visited one at a time', async () => {
    const store = await storeOf(
      ['m{target="a"} 1 2 3 9', 'm{target="b"} 5 5 5 5', 'm{target="c"} 7 8 _ _', 'm{target="d",team="x"} 1 1 1 1', 'm{target="e"} 9 9 9 9'].join('\n'),
    );
    const rules = [
      rule({ kind: 'threshold', op: '>', value: 6 }),
      rule({ kind: 'threshold', op: '>', value: 6, labels: { team: 'voip' } }),
      rule({ kind: 'absent', window: '20s' }),
      rule({ kind: 'anomaly', baseline: 'rolling', window: '1m', k: 3, min_points: 3 }),
    ];
    const names = new Map([['m', new Set(['target', 'team'])]]);
    const shown = (observations: readonly Observation[]) => observations.map((o) => [o.series, o.labels, o.active, o.cleared, o.value]);
    for (const r of rules) {
      const evaluate = RULE_EVALUATORS[r.kind] as RuleEvaluator<RuleConfig['kind']>;
      const scopes = () => [undefined, { watched: new Set<SeriesKey>() }, { watched: new Set([seriesKey('m', { target: 'b' })]), positions: new HeardPositions() }];
      const [plain, visited] = [scopes(), scopes()];
      for (let i = 0; i < plain.length; i++) {
        // Twice each, so the second evaluation looks for the watched series where the first heard them.
        for (let round = 0; round < 2; round++) {
          expect(shown(await evaluate(r, scanning(store, names), at(3), visited[i]))).toEqual(shown(await evaluate(r, store, at(3), plain[i])));
        }
      }
    }
  });
});
