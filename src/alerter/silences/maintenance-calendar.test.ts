import { describe, expect, it } from 'vitest';
import { MaintenanceWindow as MaintenanceWindowSchema, type MaintenanceWindow as MaintenanceWindowConfig } from '../../config/index.js';
import type { Logger, MaintenanceWindow, SilenceStore } from '../../core/index.js';
import { MaintenanceCalendar } from './maintenance-calendar.js';

const HOUR = 3_600_000;
const at = (text: string): number => Date.parse(text);

/** Config windows as the loader yields them (durations in ms, instants in epoch ms). */
const windows = (raw: unknown[]): MaintenanceWindowConfig[] => raw.map((w) => MaintenanceWindowSchema.parse(w));

/** The store's listMaintenance semantics (closed range, cancelled windows included) over an array. */
function fakeMaintenanceStore(list: MaintenanceWindow[]): Pick<SilenceStore, 'listMaintenance'> {
  return {
    listMaintenance: async (range) => list.filter((w) => range === undefined || (w.startsAt <= range.to && w.endsAt > range.from)),
  };
}

const apiWindow = (overrides: Partial<MaintenanceWindow>): MaintenanceWindow => ({
  id: 'w1',
  name: 'firmware',
  targets: ['sbc-co-1'],
  startsAt: at('2026-11-10T02:00:00Z'),
  endsAt: at('2026-11-10T04:00:00Z'),
  createdBy: 'ops',
  comment: 'SBC firmware upgrade',
  ...overrides,
});

const CONFIG = windows([
  { name: 'db-upgrade', targets: ['db-1', 'db-2'], start: '2026-11-05T08:00:00Z', end: '2026-11-05T10:00:00Z' },
  { name: 'nightly', targets: ['sbc-mx-1'], cron: '30 23 * * *', duration: '2h' },
]);

describe('MaintenanceCalendar: windows in effect', () => {
  const calendar = new MaintenanceCalendar({
    config: () => ({ windows: CONFIG, timeZone: 'UTC' }),
    store: fakeMaintenanceStore([
      apiWindow({}),
      apiWindow({ id: 'w2', name: 'cut short', targets: ['core-1'], cancelledAt: at('2026-11-10T03:00:00Z') }),
      apiWindow({ id: 'w3', name: 'called off', targets: ['core-2'], cancelledAt: at('2026-11-09T00:00:00Z') }),
    ]),
  });

  it.each([
    // target, instant, expected window names
    ['db-1', '2026-11-05T07:59:59.999Z', []],
    ['db-1', '2026-11-05T08:00:00Z', ['db-upgrade']],
    ['db-2', '2026-11-05T09:59:59.999Z', ['db-upgrade']],
    ['db-1', '2026-11-05T10:00:00Z', []],
    ['sbc-mx-1', '2026-11-03T23:29:00Z', []],
    ['sbc-mx-1', '2026-11-03T23:30:00Z', ['nightly']],
    ['sbc-mx-1', '2026-11-04T00:10:00Z', ['nightly']],
    ['sbc-mx-1', '2026-11-04T01:29:59.999Z', ['nightly']],
    ['sbc-mx-1', '2026-11-04T01:30:00Z', []],
    ['sbc-mx-2', '2026-11-04T00:10:00Z', []],
    ['sbc-co-1', '2026-11-10T02:00:00Z', ['firmware']],
    ['sbc-co-1', '2026-11-10T04:00:00Z', []],
    ['core-1', '2026-11-10T02:59:59Z', ['cut short']],
    ['core-1', '2026-11-10T03:00:00Z', []],
    ['core-2', '2026-11-10T02:30:00Z', []],
  ])('%s at %s', async (target, instant, expected) => {
    expect(await calendar.windowsAt(target, at(instant))).toEqual(expected);
  });
});

describe('MaintenanceCalendar: recurring windows in a DST zone (America/Santiago)', () => {
  // Every Sunday 00:00-02:00 local time. 2026-09-06 and 2026-04-05 are Sundays on which DST starts and ends.
  const calendar = new MaintenanceCalendar({
    config: () => ({ windows: windows([{ name: 'sunday', targets: ['core-1'], cron: '0 0 * * 0', duration: '2h' }]), timeZone: 'America/Santiago' }),
  });

  it.each([
    ['winter Sunday (-04): before', '2026-06-07T03:59:00Z', false],
    ['winter Sunday (-04): start', '2026-06-07T04:00:00Z', true],
    ['winter Sunday (-04): last minute', '2026-06-07T05:59:00Z', true],
    ['winter Sunday (-04): end', '2026-06-07T06:00:00Z', false],
    ['summer Sunday (-03): start', '2026-11-01T03:00:00Z', true],
    ['summer Sunday (-03): end', '2026-11-01T05:00:00Z', false],
    // Midnight is skipped on 2026-09-06: the window opens at the transition, 01:00 -03.
    ['DST start: before the transition', '2026-09-06T03:59:00Z', false],
    ['DST start: from the transition', '2026-09-06T04:00:00Z', true],
    ['DST start: two hours later it ends', '2026-09-06T06:00:00Z', false],
    // 23:00-23:59 of Saturday 2026-04-04 repeats; Sunday midnight comes once, at 04:00Z.
    ['DST end: the repeated Saturday hour', '2026-04-05T03:30:00Z', false],
    ['DST end: Sunday midnight (-04)', '2026-04-05T04:00:00Z', true],
    ['DST end: end', '2026-04-05T06:00:00Z', false],
    ['a weekday', '2026-06-08T04:30:00Z', false],
  ])('%s', async (_name, instant, inMaintenance) => {
    expect(await calendar.windowsAt('core-1', at(instant))).toEqual(inMaintenance ? ['sunday'] : []);
  });
});

describe('MaintenanceCalendar.windowsBetween', () => {
  it('lists one interval per target and occurrence overlapping the range, cut at cancellation, not clipped', async () => {
    const calendar = new MaintenanceCalendar({
      config: () => ({ windows: CONFIG, timeZone: 'UTC' }),
      store: fakeMaintenanceStore([
        apiWindow({ targets: ['sbc-co-1', 'sbc-co-2'] }),
        apiWindow({ id: 'w2', name: 'cut short', targets: ['core-1'], cancelledAt: at('2026-11-10T03:00:00Z') }),
        apiWindow({ id: 'w3', name: 'called off', targets: ['core-2'], cancelledAt: at('2026-11-09T00:00:00Z') }),
        apiWindow({ id: 'w4', name: 'december', startsAt: at('2026-12-01T00:00:00Z'), endsAt: at('2026-12-01T01:00:00Z') }),
      ]),
    });
    const from = at('2026-11-01T00:00:00Z');
    const to = at('2026-12-01T00:00:00Z');
    const intervals = await calendar.windowsBetween(from, to);
    const nightly = intervals.filter((i) => i.name === 'nightly');
    // 30 nights start in November, plus the one from October 31 still running at midnight.
    expect(nightly).toHaveLength(31);
    expect(nightly[0]).toEqual({ target: 'sbc-mx-1', start: at('2026-10-31T23:30:00Z'), end: at('2026-11-01T01:30:00Z'), source: 'config', name: 'nightly' });
    expect(nightly.every((i) => i.end - i.start === 2 * HOUR)).toBe(true);
    expect(intervals.filter((i) => i.name !== 'nightly')).toEqual([
      { target: 'db-1', start: at('2026-11-05T08:00:00Z'), end: at('2026-11-05T10:00:00Z'), source: 'config', name: 'db-upgrade' },
      { target: 'db-2', start: at('2026-11-05T08:00:00Z'), end: at('2026-11-05T10:00:00Z'), source: 'config', name: 'db-upgrade' },
      { target: 'core-1', start: at('2026-11-10T02:00:00Z'), end: at('2026-11-10T03:00:00Z'), source: 'api', name: 'cut short', id: 'w2' },
      { target: 'sbc-co-1', start: at('2026-11-10T02:00:00Z'), end: at('2026-11-10T04:00:00Z'), source: 'api', name: 'firmware', id: 'w1' },
      { target: 'sbc-co-2', start: at('2026-11-10T02:00:00Z'), end: at('2026-11-10T04:00:00Z'), source: 'api', name: 'firmware', id: 'w1' },
    ]);
  });

  it('lists cancelled windows among the occurrences, for the API listing', async () => {
    const calendar = new MaintenanceCalendar({
      config: () => ({ windows: [], timeZone: 'UTC' }),
      store: fakeMaintenanceStore([apiWindow({ cancelledAt: at('2026-11-09T00:00:00Z') })]),
    });
    const occurrences = await calendar.occurrencesBetween(at('2026-11-10T00:00:00Z'), at('2026-11-11T00:00:00Z'));
    expect(occurrences).toMatchObject([{ source: 'api', id: 'w1', cancelledAt: at('2026-11-09T00:00:00Z') }]);
    expect(await calendar.windowsBetween(at('2026-11-10T00:00:00Z'), at('2026-11-11T00:00:00Z'))).toEqual([]);
  });
});

describe('MaintenanceCalendar configuration', () => {
  it('follows a reload: new windows and a new time zone apply at once', async () => {
    let current = { windows: windows([{ name: 'a', targets: ['core-1'], cron: '0 2 * * *', duration: '1h' }]), timeZone: 'UTC' };
    const calendar = new MaintenanceCalendar({ config: () => current });
    expect(await calendar.windowsAt('core-1', at('2026-11-02T02:30:00Z'))).toEqual(['a']);
    current = { windows: current.windows, timeZone: 'America/Mexico_City' };
    expect(await calendar.windowsAt('core-1', at('2026-11-02T02:30:00Z'))).toEqual([]);
    expect(await calendar.windowsAt('core-1', at('2026-11-02T08:30:00Z'))).toEqual(['a']);
    current = { windows: windows([{ name: 'b', targets: ['core-1'], cron: '0 8 * * *', duration: '1h' }]), timeZone: 'UTC' };
    expect(await calendar.windowsAt('core-1', at('2026-11-02T08:30:00Z'))).toEqual(['b']);
  });

  it('ignores a window whose cron node-cron rejects, logs it, and keeps the others', async () => {
    const logged: string[] = [];
    const log = { error: (_obj: object, msg?: string) => logged.push(msg ?? '') } as unknown as Logger;
    // The schema rejects such a cron at load; the calendar still must not fall over one that slips through.
    const [good] = windows([{ name: 'good', targets: ['core-1'], cron: '0 2 * * *', duration: '1h' }]) as [MaintenanceWindowConfig];
    const config = [{ ...good, name: 'bad', cron: '0 25 * * *' }, good];
    const calendar = new MaintenanceCalendar({ config: () => ({ windows: config, timeZone: 'UTC' }), log });
    expect(await calendar.windowsAt('core-1', at('2026-11-02T02:30:00Z'))).toEqual(['good']);
    await calendar.windowsAt('core-1', at('2026-11-02T02:40:00Z'));
    expect(logged).toEqual(['maintenance window ignored: invalid cron expression']);
  });
});
