import { describe, expect, it } from 'vitest';
import { alertEvents } from './alert-events.js';
import { at, seriesStore } from './testing/series-from-dsl.js';

const HOUR = 3_600_000;
const P = 'ALERTS{alertname="HighRtt",alertstate="pending",target="sbc-1"}';
const F = 'ALERTS{alertname="HighRtt",alertstate="firing",target="sbc-1"}';

describe('alertEvents', () => {
  const cases: { name: string; dsl: string; window: [number, number]; want: string[] }[] = [
    { name: 'pending, then firing (the end of pending is the firing), then resolved', dsl: `${P} _ 1 1 0\n${F} _ _ _ 1 1 0`, window: [0, 6], want: ['1 alert_pending', '3 alert_firing', '5 alert_resolved'] },
    { name: 'pending that clears before firing', dsl: `${P} _ 1 1 0`, window: [0, 4], want: ['1 alert_pending', '3 alert_inactive'] },
    { name: 'firing with no for: no pending', dsl: `${F} _ 1 1 0`, window: [0, 4], want: ['1 alert_firing', '3 alert_resolved'] },
    { name: 'firing since before the window: only its resolution', dsl: `${F} 1 1 1 1 0`, window: [2, 4], want: ['4 alert_resolved'] },
    { name: 'a first 1 in the window with nothing before it is a transition', dsl: `${F} _ _ 1 1`, window: [2, 3], want: ['2 alert_firing'] },
    { name: 'firing exactly at from', dsl: `${F} _ 0 1 1`, window: [2, 3], want: ['2 alert_firing'] },
    { name: 'a gap in evaluations while firing is no change', dsl: `${F} 1 1 _ _ 1 1 0`, window: [0, 5], want: ['0 alert_firing'] },
    { name: 'nothing after to leaks in', dsl: `${F} 0 1 1 1 0`, window: [0, 3], want: ['1 alert_firing'] },
    { name: 'fires again after resolving', dsl: `${F} 1 0 _ 1 0`, window: [1, 4], want: ['1 alert_resolved', '3 alert_firing', '4 alert_resolved'] },
  ];
  it.each(cases)('$name', async ({ dsl, window, want }) => {
    const store = await seriesStore(dsl);
    const events = await alertEvents(store, { from: at(window[0]), to: at(window[1]) }, HOUR, undefined);
    expect(events.map((e) => `${(e.at - at(0)) / 10_000} ${e.kind}`).sort()).toEqual([...want].sort());
  });

  it('names the rule and target, drops alertstate from the labels and takes the severity from the rule', async () => {
    const store = await seriesStore(`${F} _ 1`);
    const [event] = await alertEvents(store, { from: at(0), to: at(1) }, HOUR, undefined, (name) => (name === 'HighRtt' ? 'S1' : undefined));
    expect(event).toEqual({
      at: at(1),
      kind: 'alert_firing',
      title: 'HighRtt firing on sbc-1',
      labels: { alertname: 'HighRtt', target: 'sbc-1' },
      target: 'sbc-1',
      severity: 'S1',
      details: { alertname: 'HighRtt' },
    });
  });

  it('falls back to a severity label', async () => {
    const store = await seriesStore('ALERTS{alertname="Down",alertstate="firing",severity="S3"} 1');
    const [event] = await alertEvents(store, { from: at(0), to: at(0) }, HOUR, undefined);
    expect(event?.severity).toBe('S3');
  });

  it('keeps only the filtered targets', async () => {
    const store = await seriesStore(`${F} 1\nALERTS{alertname="HighRtt",alertstate="firing",target="sbc-2"} 1`);
    const events = await alertEvents(store, { from: at(0), to: at(0) }, HOUR, ['sbc-2']);
    expect(events.map((e) => e.target)).toEqual(['sbc-2']);
  });
});
