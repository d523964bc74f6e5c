import { describe, expect, it } from 'vitest';
import { configReloadEvents } from './config-reload-events.js';
import { at, seriesStore, T0 } from './testing/series-from-dsl.js';

const HOUR = 3_600_000;
const S = T0 / 1000;
const stamp = (values: string) => `noc_config_last_reload_success_timestamp_seconds{target="noc",probe="prometheus"} ${values}`;
const ok = (values: string) => `noc_config_last_reload_successful{target="noc",probe="prometheus"} ${values}`;

describe('configReloadEvents', () => {
  const cases: { name: string; dsl: string[]; window: [number, number]; want: string[] }[] = [
    { name: 'a new load time is a reload, placed at that time', dsl: [stamp(`${S - 100} ${S - 100} ${S + 15} ${S + 15}`)], window: [0, 3], want: ['15000 config_reloaded reload'] },
    { name: 'a load time outside the scrape interval falls back to the scrape', dsl: [stamp(`${S - 100} ${S + 500}`)], window: [0, 1], want: ['10000 config_reloaded reload'] },
    { name: 'the first value seen is no reload', dsl: [stamp(`_ ${S + 5} ${S + 5}`)], window: [0, 2], want: [] },
    { name: 'a reload just before from, seen at from, stays out', dsl: [stamp(`${S - 100} ${S + 5}`)], window: [1, 1], want: [] },
    { name: 'a failed reload: the success gauge drops', dsl: [ok('1 1 0 0 1'), stamp(`${S - 100} ${S - 100} ${S - 100} ${S - 100} ${S + 35}`)], window: [0, 4], want: ['20000 config_reload_failed', '35000 config_reloaded reload'] },
    { name: 'a load matching the process start is the start-up', dsl: [stamp(`${S - 100} _ ${S + 12}`), `process_start_time_seconds{target="noc",probe="prometheus"} ${S - 200} _ ${S + 11}`], window: [0, 2], want: ['12000 config_reloaded startup'] },
    { name: 'nothing when no target scrapes the NOC', dsl: ['up{target="noc"} 1 1 1'], window: [0, 2], want: [] },
  ];
  it.each(cases)('$name', async ({ dsl, window, want }) => {
    const store = await seriesStore(dsl.join('\n'));
    const events = await configReloadEvents(store, { from: at(window[0]), to: at(window[1]) }, HOUR);
    const got = events.map((e) => `${e.at - T0} ${e.kind}${e.kind === 'config_reloaded' ? (e.details['startup'] ? ' startup' : ' reload') : ''}`);
    expect(got.sort()).toEqual([...want].sort());
  });

  it('titles', async () => {
    const store = await seriesStore([stamp(`${S - 100} ${S + 5}`), ok('1 0')].join('\n'));
    const events = await configReloadEvents(store, { from: at(0), to: at(1) }, HOUR);
    expect(events.map((e) => e.title)).toEqual(['configuration reloaded (noc)', 'configuration reload failed, previous configuration kept (noc)']);
  });
});
