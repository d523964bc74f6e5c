import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuleConfig } from '../../config/index.js';
import { ManualClock, MemoryAlertStateStore, seriesKey, silentLogger } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { EvaluationLoop } from './evaluation-loop.js';
import { type AlertEvent, RuleEngine } from './rule-engine.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

afterEach(() => {
  vi.useRealTimers();
});

describe('EvaluationLoop', () => {
  it('ticks each interval group on its own and hands the events to the sink', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = new MemorySeriesStore();
    await store.append([{ series: seriesKey('up', { target: 'a' }), t: T0, v: 0 }]);
    const clock = new ManualClock(T0);
    const engine = new RuleEngine({ querier: store, appender: store, states: new MemoryAlertStateStore(), log: silentLogger });
    const received: AlertEvent[] = [];
    const loop = new EvaluationLoop(engine, clock, silentLogger, async (events) => {
      received.push(...events);
    });
    const rules = [
      RuleConfig.parse({ name: 'fast', kind: 'threshold', select: 'up', op: '==', value: 0, severity: 'S2', interval: '10s' }),
      RuleConfig.parse({ name: 'slow', kind: 'threshold', select: 'up', op: '==', value: 0, severity: 'S3', interval: '1m' }),
    ];
    loop.apply(rules);
    clock.advance(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(() => expect(received.map((e) => e.rule)).toEqual(['fast']));
    clock.advance(50_000);
    await vi.advanceTimersByTimeAsync(50_000);
    await vi.waitFor(() => expect(received.map((e) => e.rule).sort()).toEqual(['fast', 'slow']));
    expect(loop.evaluations).toBeGreaterThanOrEqual(6);
    await loop.stop();
    const after = loop.evaluations;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(loop.evaluations).toBe(after);
  });

  it('skips a tick while the previous evaluation of its group still runs', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = { evaluate: async () => (await gate, []) } as unknown as RuleEngine;
    const loop = new EvaluationLoop(engine, new ManualClock(T0), silentLogger, async () => undefined);
    loop.apply([RuleConfig.parse({ name: 'r', kind: 'absent', select: 'up', severity: 'S3' })]);
    const first = loop.runOnce();
    const second = loop.runOnce();
    release();
    await Promise.all([first, second]);
    expect(loop.skipped).toBe(1);
    expect(loop.evaluations).toBe(1);
    await loop.stop();
  });
});
