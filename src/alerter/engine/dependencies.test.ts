import { describe, expect, it } from 'vitest';
import { type Sample, seriesKey } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { DependencyTracker, dependencyUnits } from './dependencies.js';

const TARGETS = [
  { id: 'core-1', pair: 'core-2', depends_on: [] },
  { id: 'core-2', pair: 'core-1', depends_on: [] },
  { id: 'db-1', depends_on: [] },
  { id: 'sbc-1', depends_on: ['core-1', 'core-2'] },
  { id: 'app-1', depends_on: ['db-1', 'core-1'] },
];
const T0 = Date.UTC(2026, 10, 26);

const up = (target: string, t: number, v: number, labels: Record<string, string> = {}): Sample => ({ series: seriesKey('up', { target, probe: 'p', ...labels }), t, v });

describe('dependencyUnits', () => {
  it('takes a parent together with its redundant pair, once', () => {
    expect(Object.fromEntries(dependencyUnits(TARGETS))).toEqual({
      'sbc-1': [{ key: 'core-1+core-2', members: ['core-1', 'core-2'] }],
      'app-1': [
        { key: 'db-1', members: ['db-1'] },
        { key: 'core-1+core-2', members: ['core-1', 'core-2'] },
      ],
    });
  });
});

describe('DependencyTracker', () => {
  async function observed(samples: Sample[], at: number, tracker = new DependencyTracker(), store = new MemorySeriesStore()) {
    tracker.configure(TARGETS);
    await store.append(samples);
    await tracker.observe(store, at);
    return { tracker, store };
  }

  it('calls a pair down only when both members are down', async () => {
    const { tracker } = await observed([up('core-1', T0, 0), up('core-2', T0, 1), up('db-1', T0, 1)], T0);
    expect(tracker.verdict('sbc-1', T0, 0)).toEqual({ kind: 'clear' });
    const both = await observed([up('core-1', T0, 0), up('core-2', T0, 0), up('db-1', T0, 1)], T0);
    expect(both.tracker.verdict('sbc-1', T0, 0)).toMatchObject({ kind: 'down', unit: { key: 'core-1+core-2' } });
  });

  it('calls a single parent down on its own, and ignores per-address up series', async () => {
    const { tracker } = await observed([up('db-1', T0, 0), up('core-1', T0, 1), up('core-2', T0, 1)], T0);
    expect(tracker.verdict('app-1', T0, 0)).toMatchObject({ kind: 'down', unit: { key: 'db-1' } });
    const perIp = await observed([up('db-1', T0, 1), up('db-1', T0, 0, { ip: '10.0.0.1' })], T0);
    expect(perIp.tracker.verdict('app-1', T0, 0)).toEqual({ kind: 'clear' });
  });

  it('reports a recovery for the hold, then clear', async () => {
    const { tracker, store } = await observed([up('db-1', T0, 0)], T0);
    const back = T0 + 15_000;
    await observed([up('db-1', back, 1)], back, tracker, store);
    expect(tracker.verdict('app-1', back + 10_000, 45_000)).toEqual({ kind: 'recovering', unit: { key: 'db-1', members: ['db-1'] }, since: back });
    expect(tracker.verdict('app-1', back + 45_000, 45_000)).toEqual({ kind: 'clear' });
  });

  it('has nothing to say about targets without dependencies', async () => {
    const { tracker } = await observed([up('db-1', T0, 0)], T0);
    expect(tracker.verdict('db-1', T0, 0)).toEqual({ kind: 'clear' });
    expect(tracker.verdict(undefined, T0, 0)).toEqual({ kind: 'clear' });
  });
});
