import { describe, expect, it } from 'vitest';
import { OnCallSchedule } from '../../config/schema/on-call.js';
import { nextHandoff, onCallAt } from './on-call-schedule.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const utc = (iso: string): number => Date.parse(iso);

// Europe/Madrid: CET (+1) until Sun 2026-03-29 02:00 local, CEST (+2) until Sun 2026-10-25 03:00 local.
function schedule(overrides: Record<string, unknown> = {}): OnCallSchedule {
  return OnCallSchedule.parse({
    name: 'noc',
    time_zone: 'Europe/Madrid',
    members: [{ name: 'ana', email: 'ana@example.net' }, { name: 'bob', phone: '+52 55 0000 0000' }, { name: 'carla' }],
    rotation: { start: '2026-03-02T09:00' },
    ...overrides,
  });
}

describe('onCallAt, weekly rotation', () => {
  const weekly = schedule();
  const cases: [string, string][] = [
    ['2026-03-02T08:00:00Z', 'ana'], // Mon 09:00 CET: the first handoff
    ['2026-03-02T07:59:59.999Z', 'carla'], // before the start the rotation runs backwards
    ['2026-03-09T07:59:59.999Z', 'ana'],
    ['2026-03-09T08:00:00Z', 'bob'],
    ['2026-03-16T08:00:00Z', 'carla'],
    ['2026-03-23T08:00:00Z', 'ana'],
    // After the spring change, 09:00 local is 07:00Z: a fixed 168 h would hand off an hour late.
    ['2026-03-30T06:59:59.999Z', 'ana'],
    ['2026-03-30T07:00:00Z', 'bob'],
  ];

  it.each(cases)('at %s: %s', (at, name) => {
    expect(onCallAt(weekly, utc(at)).name).toBe(name);
  });

  it('hands the autumn week over at 09:00 local, 08:00Z again in winter time', () => {
    // 2026-03-02 to 2026-10-26 is 238 days: 34 weeks, so the member there is members[34 % 3].
    expect(onCallAt(weekly, utc('2026-10-26T08:00:00Z')).name).toBe('bob');
    expect(onCallAt(weekly, utc('2026-10-26T07:59:59.999Z')).name).toBe('ana');
  });

  it('returns the whole member, contact data included', () => {
    expect(onCallAt(weekly, utc('2026-03-02T12:00:00Z'))).toEqual({ name: 'ana', email: 'ana@example.net' });
  });
});

describe('onCallAt, DST-correct shifts', () => {
  it('keeps 12-hour shifts at 09:00 and 21:00 local through the spring gap (an 11-hour night)', () => {
    const shifts = schedule({ members: [{ name: 'day' }, { name: 'night' }], rotation: { start: '2026-03-28T09:00', length: '12h' } });
    expect(onCallAt(shifts, utc('2026-03-28T19:59:59Z')).name).toBe('day'); // Sat 20:59 CET
    expect(onCallAt(shifts, utc('2026-03-28T20:00:00Z')).name).toBe('night'); // Sat 21:00 CET
    expect(onCallAt(shifts, utc('2026-03-29T06:59:59Z')).name).toBe('night'); // Sun 08:59 CEST
    expect(onCallAt(shifts, utc('2026-03-29T07:00:00Z')).name).toBe('day'); // Sun 09:00 CEST
    expect(nextHandoff(shifts, utc('2026-03-28T20:00:00Z'))).toEqual({ at: utc('2026-03-29T07:00:00Z'), member: { name: 'day' } });
  });

  it('keeps daily handoffs at 09:00 local through the autumn change (a 25-hour day)', () => {
    const daily = schedule({ members: [{ name: 'ana' }, { name: 'bob' }], rotation: { start: '2026-10-24T09:00', length: '1d' } });
    expect(onCallAt(daily, utc('2026-10-24T07:00:00Z')).name).toBe('ana'); // Sat 09:00 CEST
    expect(nextHandoff(daily, utc('2026-10-24T07:00:00Z'))).toEqual({ at: utc('2026-10-25T08:00:00Z'), member: { name: 'bob' } }); // Sun 09:00 CET
    expect(onCallAt(daily, utc('2026-10-25T07:59:59Z')).name).toBe('ana');
  });

  it('reads a schedule without time_zone in the zone passed in, UTC otherwise', () => {
    const { time_zone: _zone, ...plain } = schedule();
    const zoneless = OnCallSchedule.parse({ ...plain, rotation: { start: '2026-03-02T09:00' } });
    expect(zoneless.time_zone).toBeUndefined();
    expect(onCallAt(zoneless, utc('2026-03-09T08:30:00Z'), 'Europe/Madrid').name).toBe('bob');
    expect(onCallAt(zoneless, utc('2026-03-09T08:30:00Z')).name).toBe('ana');
  });
});

describe('overrides', () => {
  const covered = schedule({
    overrides: [
      { member: 'carla', start: '2026-03-10T00:00', end: '2026-03-12T00:00', reason: 'bob at a conference' },
      { member: 'ana', start: '2026-03-10T18:00', end: '2026-03-11T09:00', reason: 'swap' },
    ],
  });

  it.each([
    ['2026-03-09T22:59:59Z', 'bob'], // before the first override (Mon 23:59 CET)
    ['2026-03-09T23:00:00Z', 'carla'], // Tue 00:00 CET
    ['2026-03-10T16:59:59Z', 'carla'],
    ['2026-03-10T17:00:00Z', 'ana'], // the later-starting override wins
    ['2026-03-11T08:00:00Z', 'carla'], // it ended; the other one still holds
    ['2026-03-11T23:00:00Z', 'bob'], // both over: the rotation again
  ])('at %s: %s', (at, name) => {
    expect(onCallAt(covered, utc(at)).name).toBe(name);
  });

  it('gives the next change, override boundaries included', () => {
    expect(nextHandoff(covered, utc('2026-03-09T12:00:00Z'))).toEqual({ at: utc('2026-03-09T23:00:00Z'), member: { name: 'carla' } });
    expect(nextHandoff(covered, utc('2026-03-10T12:00:00Z'))?.at).toBe(utc('2026-03-10T17:00:00Z'));
    expect(nextHandoff(covered, utc('2026-03-10T20:00:00Z'))).toEqual({ at: utc('2026-03-11T08:00:00Z'), member: { name: 'carla' } });
    expect(nextHandoff(covered, utc('2026-03-11T10:00:00Z'))).toEqual({ at: utc('2026-03-11T23:00:00Z'), member: expect.objectContaining({ name: 'bob' }) });
    expect(nextHandoff(covered, utc('2026-03-12T00:00:00Z'))).toEqual({ at: utc('2026-03-16T08:00:00Z'), member: { name: 'carla' } });
  });

  it('takes an override with an explicit offset as that instant', () => {
    const exact = schedule({ overrides: [{ member: 'carla', start: '2026-03-10T10:00:00Z', end: '2026-03-10T12:00:00+01:00' }] });
    expect(onCallAt(exact, utc('2026-03-10T09:59:59Z')).name).toBe('bob');
    expect(onCallAt(exact, utc('2026-03-10T10:00:00Z')).name).toBe('carla');
    expect(onCallAt(exact, utc('2026-03-10T10:59:59Z')).name).toBe('carla');
    expect(onCallAt(exact, utc('2026-03-10T11:00:00Z')).name).toBe('bob');
  });

  it('of two overrides starting together, the one listed later wins', () => {
    const twins = schedule({
      overrides: [
        { member: 'carla', start: '2026-03-10T00:00', end: '2026-03-11T00:00' },
        { member: 'ana', start: '2026-03-10T00:00', end: '2026-03-10T12:00' },
      ],
    });
    expect(onCallAt(twins, utc('2026-03-10T06:00:00Z')).name).toBe('ana');
    expect(onCallAt(twins, utc('2026-03-10T12:00:00Z')).name).toBe('carla');
  });

  it('looks past rotation handoffs an override covers', () => {
    const hourly = schedule({
      rotation: { start: '2026-03-02T00:00', length: '1h' },
      overrides: [{ member: 'bob', start: '2026-03-10T00:00', end: '2026-03-20T00:00' }],
    });
    // At the override's end (Fri 00:00 CET) the hourly rotation has ana on call.
    expect(nextHandoff(hourly, utc('2026-03-12T00:00:00Z'))?.at).toBe(utc('2026-03-19T23:00:00Z'));
  });
});

describe('nextHandoff far ahead or never', () => {
  it('is undefined for a lone member with no override ahead', () => {
    const alone = schedule({ members: [{ name: 'ana' }], rotation: { start: '2026-03-02T09:00', length: '1d' } });
    expect(nextHandoff(alone, utc('2026-03-10T00:00:00Z'))).toBeUndefined();
  });

  it('finds an override months ahead when the rotation will not turn for years', () => {
    const lone = OnCallSchedule.parse({
      name: 'solo',
      time_zone: 'Europe/Madrid',
      members: [{ name: 'ana' }, { name: 'bob' }],
      rotation: { start: '2026-03-02T09:00', length: '520w' },
      overrides: [{ member: 'bob', start: '2026-06-01T00:00', end: '2026-06-02T00:00' }],
    });
    expect(nextHandoff(lone, utc('2026-03-10T00:00:00Z'))).toEqual({ at: utc('2026-05-31T22:00:00Z'), member: { name: 'bob' } });
  });
});

describe('OnCallSchedule validation', () => {
  function issues(input: Record<string, unknown>): { path: PropertyKey[]; message: string }[] {
    const result = OnCallSchedule.safeParse({ name: 'noc', members: [{ name: 'ana' }, { name: 'bob' }], rotation: { start: '2026-03-02T09:00' }, ...input });
    return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
  }

  it('defaults the rotation to a week and overrides to none', () => {
    const parsed = OnCallSchedule.parse({ name: 'noc', members: [{ name: 'ana' }], rotation: { start: '2026-03-02T09:00' } });
    expect(parsed.rotation).toEqual({ start: { wall: Date.UTC(2026, 2, 2, 9) }, length: 7 * 24 * HOUR });
    expect(parsed.overrides).toEqual([]);
  });

  it('names the override of an unknown member', () => {
    expect(issues({ overrides: [{ member: 'zoe', start: '2026-03-10T00:00', end: '2026-03-11T00:00' }] })).toEqual([
      { path: ['overrides', 0, 'member'], message: 'unknown member "zoe" (members: ana, bob)' },
    ]);
  });

  it('refuses an override that ends before it starts', () => {
    expect(issues({ overrides: [{ member: 'ana', start: '2026-03-11T00:00', end: '2026-03-10T00:00' }] })).toEqual([
      { path: ['overrides', 0, 'end'], message: 'must be after start' },
    ]);
    expect(issues({ overrides: [{ member: 'ana', start: '2026-03-11T00:00', end: '2026-03-11T00:00' }] })).toHaveLength(1);
  });

  it('compares a local and an offset time in the schedule zone', () => {
    // 10:30 in Madrid (CET) is 09:30Z: before a 09:45Z start.
    expect(
      issues({ time_zone: 'Europe/Madrid', overrides: [{ member: 'ana', start: '2026-03-10T09:45:00Z', end: '2026-03-10T10:30' }] }),
    ).toEqual([{ path: ['overrides', 0, 'end'], message: 'must be after start' }]);
    expect(issues({ time_zone: 'Europe/Madrid', overrides: [{ member: 'ana', start: '2026-03-10T09:15:00Z', end: '2026-03-10T10:30' }] })).toEqual([]);
  });

  it('refuses duplicate members and an empty list', () => {
    expect(issues({ members: [{ name: 'ana' }, { name: 'ana' }] })).toEqual([
      { path: ['members', 1, 'name'], message: 'duplicate member "ana" (first as members[0])' },
    ]);
    expect(issues({ members: [] })).toEqual([{ path: ['members'], message: 'an on-call schedule needs at least one member' }]);
  });

  it('refuses impossible dates, offsets on the rotation start and unknown zones', () => {
    expect(issues({ rotation: { start: '2026-02-30T09:00' } })[0]).toMatchObject({ path: ['rotation', 'start'], message: expect.stringMatching(/got "2026-02-30T09:00"/) });
    expect(issues({ rotation: { start: '2026-03-02T25:00' } })[0]?.path).toEqual(['rotation', 'start']);
    expect(issues({ rotation: { start: '2026-03-02T09:00:00Z' } })[0]).toMatchObject({ path: ['rotation', 'start'], message: expect.stringMatching(/without an offset/) });
    expect(issues({ rotation: { start: '2026-03-02T09:00', length: '0' } })[0]?.path).toEqual(['rotation', 'length']);
    expect(issues({ time_zone: 'Mars/Olympus' })[0]?.path).toEqual(['time_zone']);
  });

  it('checks contact fields', () => {
    expect(issues({ members: [{ name: 'ana', email: 'not-an-address' }] })[0]).toEqual({ path: ['members', 0, 'email'], message: 'expected an email address' });
    expect(issues({ members: [{ name: 'ana', webhook: 'ftp://x' }] })[0]).toEqual({ path: ['members', 0, 'webhook'], message: 'expected an http(s) URL' });
  });
});
