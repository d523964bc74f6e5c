import { describe, expect, it } from 'vitest';
import { RuleConfig } from '../../config/index.js';
import { MemoryAlertStateStore, parseSelector, type Sample, seriesKey, silentLogger } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { type AlertEvent, RuleEngine } from './rule-engine.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const STEP = 15_000;

function rules(...raw: Record<string, unknown>[]): RuleConfig[] {
  return raw.map((r) => RuleConfig.parse({ severity: 'S2', ...r }));
}

const DOWN = rules({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0, for: '30s', group_by: ['site'] });

function up(target: string, site: string, t: number, v: number): Sample {
  return { series: seriesKey('up', { target, site }), t, v };
}

function changes(events: readonly AlertEvent[]): string[] {
  return events.map((e) => `${e.labels.target ?? '-'} ${e.change}`).sort();
}

async function engineOn(store: MemorySeriesStore, states: MemoryAlertStateStore): Promise<RuleEngine> {
  const engine = new RuleEngine({ querier: store, appender: store, states, log: silentLogger });
  await engine.restore();
  return engine;
}

describe('RuleEngine', () => {
  it('takes an alert through pending and firing to resolved, writing ALERTS series', async () => {
    const store = new MemorySeriesStore();
    const engine = await engineOn(store, new MemoryAlertStateStore());
    const values = [0, 0, 0, 1];
    const log: string[][] = [];
    for (const [i, v] of values.entries()) {
      const at = T0 + i * STEP;
      await store.append([up('sbc-1', 'mx', at, v), up('sbc-2', 'mx', at, 1)]);
      log.push(changes(await engine.evaluate(DOWN, at)));
    }
    expect(log).toEqual([['sbc-1 pending'], [], ['sbc-1 firing'], ['sbc-1 resolved']]);
    const firing = await store.range(parseSelector('ALERTS{alertstate="firing"}'), { from: T0, to: T0 + 10 * STEP });
    expect(firing.map((s) => [s.labels.target, [...s.v]])).toEqual([['sbc-1', [1, 0]]]);
    const pending = await store.range(parseSelector('ALERTS{alertstate="pending"}'), { from: T0, to: T0 + 10 * STEP });
    expect([...(pending[0]?.v ?? [])]).toEqual([1, 1, 0]);
    expect(engine.active()).toEqual([]);
  });

  it('groups alerts into incidents by the rule and its group_by labels', async () => {
    const store = new MemorySeriesStore();
    const engine = await engineOn(store, new MemoryAlertStateStore());
    await store.append([up('sbc-1', 'mx', T0, 0), up('sbc-2', 'mx', T0, 0), up('sbc-3', 'co', T0, 0)]);
    const events = await engine.evaluate(DOWN, T0);
    expect(new Set(events.map((e) => e.group))).toEqual(new Set(['target_down{site="mx"}', 'target_down{site="co"}']));
  });

  it('resumes timers after a restart and resolves exactly once what cleared while it was down', async () => {
    const store = new MemorySeriesStore();
    const states = new MemoryAlertStateStore();
    const first = await engineOn(store, states);
    await store.append([up('sbc-1', 'mx', T0, 0), up('core-1', 'cl', T0, 0)]);
    await first.evaluate(DOWN, T0);
    await store.append([up('sbc-1', 'mx', T0 + STEP, 0), up('core-1', 'cl', T0 + STEP, 0)]);
    await first.evaluate(DOWN, T0 + STEP);
    await store.append([up('sbc-1', 'mx', T0 + 2 * STEP, 0), up('core-1', 'cl', T0 + 2 * STEP, 0)]);
    expect(changes(await first.evaluate(DOWN, T0 + 2 * STEP))).toEqual(['core-1 firing', 'sbc-1 firing']);

    // The process dies; meanwhile core-1 recovers. A new process reads the same states.
    const second = await engineOn(store, states);
    expect(second.active().map((a) => a.labels.target).sort()).toEqual(['core-1', 'sbc-1']);
    const later = T0 + 20 * STEP;
    await store.append([up('sbc-1', 'mx', later, 0), up('core-1', 'cl', later, 1)]);
    expect(changes(await second.evaluate(DOWN, later))).toEqual(['core-1 resolved']);
    await store.append([up('sbc-1', 'mx', later + STEP, 0), up('core-1', 'cl', later + STEP, 1)]);
    expect(changes(await second.evaluate(DOWN, later + STEP))).toEqual([]);
    expect(second.active().map((a) => `${a.labels.target} ${a.status}`)).toEqual(['sbc-1 firing']);
  });

  it('after a long downtime, waits for the collector before judging restored alerts, keeping their timers', async () => {
    const store = new MemorySeriesStore();
    const states = new MemoryAlertStateStore();
    const first = await engineOn(store, states);
    for (let i = 0; i < 3; i++) {
      await store.append([up('core-1', 'cl', T0 + i * STEP, 0), ...(i === 2 ? [up('sbc-1', 'mx', T0 + i * STEP, 0)] : [])]);
      await first.evaluate(DOWN, T0 + i * STEP);
    }
    expect(first.active().map((a) => `${a.labels.target} ${a.status}`).sort()).toEqual(['core-1 firing', 'sbc-1 pending']);

    // Down for ten minutes: no sample of either is current when evaluation resumes.
    const second = await engineOn(store, states);
    const resumed = T0 + 10 * 60_000;
    expect(changes(await second.evaluate(DOWN, resumed))).toEqual([]);
    expect(second.active().map((a) => `${a.labels.target} ${a.status}`).sort()).toEqual(['core-1 firing', 'sbc-1 pending']);
    // The collector's first round: both still down. sbc-1 has been pending since before the crash: it fires now.
    await store.append([up('core-1', 'cl', resumed + STEP, 0), up('sbc-1', 'mx', resumed + STEP, 0)]);
    const events = await second.evaluate(DOWN, resumed + STEP);
    expect(changes(events)).toEqual(['sbc-1 firing']);
    expect(events[0]?.activeSince).toBe(T0 + 2 * STEP);
  });

  it('resolves a restored alert whose series stays gone past the grace of one look-back', async () => {
    const store = new MemorySeriesStore();
    const states = new MemoryAlertStateStore();
    const first = await engineOn(store, states);
    await store.append([up('core-1', 'cl', T0, 0)]);
    await first.evaluate(rules({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0 }), T0);
    const second = await engineOn(store, states);
    const resumed = T0 + 60 * 60_000;
    const rule = rules({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0 });
    expect(changes(await second.evaluate(rule, resumed))).toEqual([]);
    expect(changes(await second.evaluate(rule, resumed + 5 * 60_000))).toEqual(['core-1 resolved']);
  });

  it('resolves a restored alert once its series recovers, whether or not its saved state names the series', async () => {
    const rule = rules({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0 });
    for (const savedSeries of [true, false]) {
      const store = new MemorySeriesStore();
      const states = new MemoryAlertStateStore();
      const first = await engineOn(store, states);
      await store.append([up('core-1', 'cl', T0, 0), up('core-2', 'cl', T0, 1)]);
      expect(changes(await first.evaluate(rule, T0))).toEqual(['core-1 firing']);
      if (!savedSeries) {
        // A state saved before alerts remembered their series.
        const saved = await states.loadAll();
        await states.save(
          saved.map(({ state, ...rest }) => {
            const { series: _series, ...older } = state as Record<string, unknown>;
            return { ...rest, state: older };
          }),
          [],
        );
      }
      const second = await engineOn(store, states);
      await store.append([up('core-1', 'cl', T0 + STEP, 1), up('core-2', 'cl', T0 + STEP, 1)]);
      expect(changes(await second.evaluate(rule, T0 + STEP))).toEqual(['core-1 resolved']);
    }
  });

  it('resolves an alert whose series disappeared', async () => {
    const store = new MemorySeriesStore();
    const engine = await engineOn(store, new MemoryAlertStateStore());
    await store.append([up('sbc-1', 'mx', T0, 0)]);
    await engine.evaluate(rules({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0 }), T0);
    // Ten minutes later the series has no current sample at all.
    expect(changes(await engine.evaluate(rules({ name: 'target_down', kind: 'threshold', select: 'up', op: '==', value: 0 }), T0 + 10 * 60_000))).toEqual(['sbc-1 resolved']);
  });

  it('keeps evaluating the other rules when one fails', async () => {
    const store = new MemorySeriesStore();
    const failing = { ...store, latest: () => Promise.reject(new Error('disk on fire')), range: store.range.bind(store), series: store.series.bind(store), aggregate: store.aggregate.bind(store) };
    const engine = new RuleEngine({ querier: failing, appender: store, states: new MemoryAlertStateStore(), log: silentLogger });
    await store.append([{ series: seriesKey('calls_total', { target: 'a' }), t: T0 - STEP, v: 0 }, { series: seriesKey('calls_total', { target: 'a' }), t: T0, v: 1 }]);
    const both = rules(
      { name: 'uses_latest', kind: 'threshold', select: 'up', op: '==', value: 0 },
      { name: 'uses_range', kind: 'threshold', select: 'calls_total', op: '<', value: 1, aggregate: { fn: 'rate', window: '1m' } },
    );
    expect((await engine.evaluate(both, T0)).map((e) => `${e.rule} ${e.change}`)).toEqual(['uses_range firing']);
  });

  it('steps an alert whose series moved in the selection, as when series come and go before it', async () => {
    const store = new MemorySeriesStore();
    let reversed = false;
    // The querier answers in reverse order on demand: the alerting series is then elsewhere in the selection.
    const querier = Object.assign(Object.create(store) as MemorySeriesStore, {
      async latest(...args: Parameters<MemorySeriesStore['latest']>) {
        const samples = await store.latest(...args);
        return reversed ? samples.reverse() : samples;
      },
    });
    const engine = new RuleEngine({ querier, appender: store, states: new MemoryAlertStateStore(), log: silentLogger });
    // Between the clear value and the threshold the alert keeps firing: it must be heard, not taken for gone.
    const hot = rules({ name: 'hot', kind: 'threshold', select: 'up', op: '>', value: 90, clear_value: 80 });
    const log: string[][] = [];
    for (const [i, values] of [[10, 95, 10, 10], [10, 95, 10, 10], [10, 85, 10, 10], [10, 70, 10, 10]].entries()) {
      const at = T0 + i * STEP;
      await store.append(values.map((v, n) => up(`sbc-${n}`, 'mx', at, v)));
      reversed = i >= 2;
      log.push(changes(await engine.evaluate(hot, at)));
    }
    expect(log).toEqual([['sbc-1 firing'], [], [], ['sbc-1 resolved']]);
  });
});
