import { describe, expect, it } from 'vitest';
import { WeeklyHours } from '../../config/index.js';
import { addServiceTime } from './service-hours.js';

const HOUR = 3_600_000;
const BUSINESS = WeeklyHours.parse({
  mon: '08:00-18:00',
  tue: '08:00-18:00',
  wed: '08:00-18:00',
  thu: '08:00-18:00',
  fri: ['08:00-13:00', '14:00-18:00'],
});
const ALWAYS = WeeklyHours.parse(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, '00:00-24:00'])));

/** Mexico City has had no DST since 2022: UTC-6 all year, so local times read plainly. */
const mx = (iso: string): number => Date.parse(`${iso}-06:00`);
const madrid = (iso: string, offset: '+01:00' | '+02:00'): number => Date.parse(`${iso}${offset}`);

describe('addServiceTime', () => {
  // 2025-03-10 is a Monday; 2025-03-14 a Friday; 2025-03-15 a Saturday.
  const cases: { name: string; start: number; hours: number; due: number }[] = [
    { name: 'within one day', start: mx('2025-03-10T10:00'), hours: 2, due: mx('2025-03-10T12:00') },
    { name: 'ending exactly at closing time', start: mx('2025-03-10T16:00'), hours: 2, due: mx('2025-03-10T18:00') },
    { name: 'overnight: the clock stops at closing and resumes at opening', start: mx('2025-03-10T17:00'), hours: 2, due: mx('2025-03-11T09:00') },
    { name: 'from before opening', start: mx('2025-03-10T06:00'), hours: 2, due: mx('2025-03-10T10:00') },
    { name: 'across the Friday lunch gap', start: mx('2025-03-14T12:00'), hours: 2, due: mx('2025-03-14T15:00') },
    { name: 'over the weekend', start: mx('2025-03-14T17:00'), hours: 2, due: mx('2025-03-17T09:00') },
    { name: 'from a Saturday', start: mx('2025-03-15T11:00'), hours: 4, due: mx('2025-03-17T12:00') },
    { name: 'longer than a working day', start: mx('2025-03-10T08:00'), hours: 12, due: mx('2025-03-11T10:00') },
  ];
  it.each(cases)('counts only service hours: $name', ({ start, hours, due }) => {
    expect(new Date(addServiceTime(start, hours * HOUR, BUSINESS, 'America/Mexico_City')).toISOString()).toBe(new Date(due).toISOString());
  });

  it('counts real time across a DST change (Madrid, spring forward on 2025-03-30)', () => {
    // Friday 17:00 CET + 2 service hours: one hour on Friday, one from Monday 08:00 CEST.
    expect(addServiceTime(madrid('2025-03-28T17:00', '+01:00'), 2 * HOUR, BUSINESS, 'Europe/Madrid')).toBe(madrid('2025-03-31T09:00', '+02:00'));
    // A calendar of whole days is 24x7: 24 real hours, though Sunday has only 23 on the wall clock.
    const start = madrid('2025-03-29T12:00', '+01:00');
    expect(addServiceTime(start, 24 * HOUR, ALWAYS, 'Europe/Madrid')).toBe(start + 24 * HOUR);
  });

  it('merges overlapping ranges instead of counting them twice', () => {
    const overlapping = WeeklyHours.parse({ mon: ['08:00-12:00', '10:00-14:00'] });
    expect(addServiceTime(mx('2025-03-10T08:00'), 6 * HOUR, overlapping, 'America/Mexico_City')).toBe(mx('2025-03-10T14:00'));
  });

  it('returns the start for a zero duration', () => {
    expect(addServiceTime(mx('2025-03-15T11:00'), 0, BUSINESS, 'America/Mexico_City')).toBe(mx('2025-03-15T11:00'));
  });

  it('fails rather than loop forever on a calendar without hours', () => {
    expect(() => addServiceTime(0, HOUR, WeeklyHours.parse({}), 'UTC')).toThrow(/too few service hours/);
  });
});
