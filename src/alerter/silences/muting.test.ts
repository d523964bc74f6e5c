import { describe, expect, it } from 'vitest';
import { MaintenanceWindow as MaintenanceWindowSchema } from '../../config/index.js';
import type { Silence, SilenceStore } from '../../core/index.js';
import { MaintenanceCalendar } from './maintenance-calendar.js';
import { Muting } from './muting.js';
import { silenceMatchersFromText } from './silence-matcher.js';

const T0 = Date.parse('2026-11-02T02:30:00Z');
const HOUR = 3_600_000;

const silence = (id: string, matchers: string, overrides: Partial<Silence> = {}): Silence => ({
  id,
  matchers: silenceMatchersFromText(matchers),
  startsAt: T0 - HOUR,
  endsAt: T0 + HOUR,
  createdBy: 'ops',
  comment: 'work',
  ...overrides,
});

describe('Muting', () => {
  const silences = [
    silence('s-mx', '{site="mx"}'),
    silence('s-rtt', 'HighRtt{target="sbc-co-1"}'),
    silence('s-later', '{site="co"}', { startsAt: T0 + HOUR / 4 }),
    // A store that returned an expired silence must not mute with it.
    silence('s-expired', '{site="co"}', { expiredAt: T0 - 1 }),
  ];
  const store: Pick<SilenceStore, 'listSilences'> = { listSilences: async () => silences };
  const calendar = new MaintenanceCalendar({
    config: () => ({ windows: [MaintenanceWindowSchema.parse({ name: 'nightly core', targets: ['core-1'], cron: '0 2 * * *', duration: '1h' })], timeZone: 'UTC' }),
  });
  const muting = new Muting({ calendar, silences: store });

  it.each([
    ['a silenced site', { alertname: 'TargetDown', target: 'sbc-mx-1', site: 'mx' }, ['s-mx'], []],
    ['a silence on one alert of a target', { alertname: 'HighRtt', target: 'sbc-co-1', site: 'co' }, ['s-rtt'], []],
    ['another alert of that target', { alertname: 'TargetDown', target: 'sbc-co-1', site: 'co' }, [], []],
    ['a target in maintenance', { alertname: 'TargetDown', target: 'core-1', site: 'mx' }, ['s-mx'], ['nightly core']],
    ['maintenance goes by the target label only', { alertname: 'TargetDown', instance: 'core-1' }, [], []],
    ['nothing', { alertname: 'TargetDown', target: 'core-2', site: 'co' }, [], []],
  ])('%s', async (_name, labels, silencedBy, maintenance) => {
    expect(await muting.isMuted(labels, T0)).toEqual({ muted: silencedBy.length + maintenance.length > 0, silencedBy, maintenance });
  });

  it('answers many alerts from one snapshot', async () => {
    const snapshot = await muting.snapshot(T0 + HOUR / 3);
    expect(snapshot.check({ target: 'sbc-co-1', site: 'co' }).silencedBy).toEqual(['s-later']);
    expect(snapshot.check({ target: 'core-1' }).maintenance).toEqual(['nightly core']);
  });

  it('mutes by maintenance alone when no silence store is wired', async () => {
    const only = new Muting({ calendar });
    expect(await only.isMuted({ target: 'core-1', site: 'mx' }, T0)).toEqual({ muted: true, silencedBy: [], maintenance: ['nightly core'] });
    expect(await only.isMuted({ target: 'core-1' }, T0 + HOUR)).toEqual({ muted: false, silencedBy: [], maintenance: [] });
  });
});
