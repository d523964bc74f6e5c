import { describe, expect, it } from 'vitest';
import { targetEvents } from './target-events.js';
import { at, seriesStore } from './testing/series-from-dsl.js';

const HOUR = 3_600_000;

describe('targetEvents', () => {
  const cases: { name: string; dsl: string; window: [number, number]; lookback?: number; targets?: string[]; want: string[] }[] = [
    { name: 'flips inside the window', dsl: 'up{target="a",probe="p"} 1 1 1 0 0 1 1', window: [2, 6], want: ['3 target_down a', '5 target_up a'] },
    { name: 'a change exactly at from, against the point before it', dsl: 'up{target="a",probe="p"} 1 1 0 0', window: [2, 3], want: ['2 target_down a'] },
    { name: 'no change at from when the point before agrees', dsl: 'up{target="a",probe="p"} 0 0 0 1', window: [1, 2], want: [] },
    { name: 'a series starting inside the window sets its state silently', dsl: 'up{target="a",probe="p"} _ _ 0 1', window: [0, 3], want: ['3 target_up a'] },
    { name: 'a gap is no change; the flip after it is', dsl: 'up{target="a",probe="p"} 1 1 _ _ 0 0', window: [0, 5], want: ['4 target_down a'] },
    { name: 'a gap over from: the point before is read', dsl: 'up{target="a",probe="p"} 1 _ _ _ 0 1', window: [3, 5], want: ['4 target_down a', '5 target_up a'] },
    { name: 'a point before from older than the look-back is ignored', dsl: 'up{target="a",probe="p"} 1 _ _ _ 0 1', window: [3, 5], lookback: 20_000, want: ['5 target_up a'] },
    { name: 'nothing outside the window leaks in', dsl: 'up{target="a",probe="p"} 1 0 1 0 1 0', window: [2, 3], want: ['2 target_up a', '3 target_down a'] },
    { name: 'a change exactly at to is in', dsl: 'up{target="a",probe="p"} 1 1 0 1', window: [0, 2], want: ['2 target_down a'] },
    {
      name: 'each target and probe on its own',
      dsl: 'up{target="a",probe="p"} 1 0 0\nup{target="a",probe="q"} 1 1 0\nup{target="b",probe="p"} 0 1 1',
      window: [0, 2],
      want: ['1 target_down a', '1 target_up b', '2 target_down a'],
    },
    {
      name: 'a target filter keeps only its targets',
      dsl: 'up{target="a",probe="p"} 1 0\nup{target="b.c",probe="p"} 1 0\nup{target="bxc",probe="p"} 1 0',
      window: [0, 1],
      targets: ['b.c'],
      want: ['1 target_down b.c'],
    },
  ];
  it.each(cases)('$name', async ({ dsl, window, lookback, targets, want }) => {
    const store = await seriesStore(dsl);
    const events = await targetEvents(store, { from: at(window[0]), to: at(window[1]) }, lookback ?? HOUR, targets);
    const got = events.map((e) => `${(e.at - at(0)) / 10_000} ${e.kind} ${e.target}`).sort();
    expect(got).toEqual([...want].sort());
  });

  it('says how long the state before lasted, and what it flipped from', async () => {
    const store = await seriesStore('up{target="sbc-1",probe="sip_options"} 1 0 0 0 1');
    const [down, up] = await targetEvents(store, { from: at(0), to: at(4) }, HOUR, undefined);
    expect(down).toMatchObject({ kind: 'target_down', title: 'sbc-1 (sip_options) down', labels: { target: 'sbc-1', probe: 'sip_options' }, details: { previousValue: 1, previousAt: at(0) } });
    expect(up).toMatchObject({ kind: 'target_up', title: 'sbc-1 (sip_options) up after 30s down', details: { stateSince: at(1) } });
  });
});
