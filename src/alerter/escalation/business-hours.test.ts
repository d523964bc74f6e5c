import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/index.js';
import { WeeklyHours } from '../../config/index.js';
import { BusinessHours, businessHoursIssue } from '../../config/schema/business-hours.js';
import { isBusinessHours, resolveBusinessHours } from './business-hours.js';

const utc = (iso: string): number => Date.parse(iso);
const defaults = BusinessHours.parse(undefined);

describe('isBusinessHours with the default hours (weekdays 06:00-21:00, weekends 07:00-17:00)', () => {
  // Europe/Madrid moves from CET (+1) to CEST (+2) on Sun 2026-03-29 at 02:00 local.
  const madrid: [string, string, boolean][] = [
    ['Mon before DST, 05:59:59 CET', '2026-03-23T04:59:59Z', false],
    ['Mon before DST, 06:00 CET', '2026-03-23T05:00:00Z', true],
    ['Mon before DST, 20:59:59 CET', '2026-03-23T19:59:59Z', true],
    ['Mon before DST, 21:00 CET', '2026-03-23T20:00:00Z', false],
    ['Fri 20:59 CET, the end of the week', '2026-03-27T19:59:00Z', true],
    ['Sat 06:59 CET', '2026-03-28T05:59:00Z', false],
    ['Sat 07:00 CET', '2026-03-28T06:00:00Z', true],
    ['Sun, the DST day, 06:59 CEST', '2026-03-29T04:59:00Z', false],
    ['Sun, the DST day, 07:00 CEST', '2026-03-29T05:00:00Z', true],
    ['Sun, the DST day, 16:59 CEST', '2026-03-29T14:59:00Z', true],
    ['Sun, the DST day, 17:00 CEST', '2026-03-29T15:00:00Z', false],
    ['Mon after DST, 05:59 CEST', '2026-03-30T03:59:00Z', false],
    ['Mon after DST, 06:00 CEST (05:00Z would still be shut a week earlier)', '2026-03-30T04:00:00Z', true],
    ['Mon after DST, 21:00 CEST', '2026-03-30T19:00:00Z', false],
    ['Mon after DST, 20:30 CEST', '2026-03-30T18:30:00Z', true],
  ];
  it.each(madrid)('Europe/Madrid %s: %s', (_name, at, open) => {
    expect(isBusinessHours(defaults, 'Europe/Madrid', utc(at))).toBe(open);
  });

  // America/New_York moves from EST (-5) to EDT (-4) on Sun 2026-03-08 at 02:00 local.
  const newYork: [string, string, boolean][] = [
    ['Fri 20:30 EST is Saturday 01:30 in UTC, still Friday locally', '2026-03-07T01:30:00Z', true],
    ['Fri 21:00 EST', '2026-03-07T02:00:00Z', false],
    ['Sat 06:59 EST', '2026-03-07T11:59:00Z', false],
    ['Sun, the DST day, 07:00 EDT', '2026-03-08T11:00:00Z', true],
    ['Sun, the DST day, 06:59 EDT (07:59 in EST terms)', '2026-03-08T10:59:00Z', false],
    ['Sun 17:00 EDT', '2026-03-08T21:00:00Z', false],
    ['Sun 23:30 EDT is Monday 03:30 in UTC, still Sunday locally', '2026-03-09T03:30:00Z', false],
    ['Mon 06:00 EDT', '2026-03-09T10:00:00Z', true],
  ];
  it.each(newYork)('America/New_York %s: %s', (_name, at, open) => {
    expect(isBusinessHours(defaults, 'America/New_York', utc(at))).toBe(open);
  });

  it('reads UTC without any offset', () => {
    expect(isBusinessHours(defaults, 'UTC', utc('2026-03-23T05:59:00Z'))).toBe(false);
    expect(isBusinessHours(defaults, 'UTC', utc('2026-03-23T06:00:00Z'))).toBe(true);
  });
});

describe('isBusinessHours with inline hours', () => {
  it('honours split days and a range to 24:00', () => {
    const hours = BusinessHours.parse({ fri: ['08:00-13:00', '14:00-18:00'], sat: '00:00-24:00' });
    expect(isBusinessHours(hours, 'Europe/Madrid', utc('2026-03-27T12:30:00Z'))).toBe(false); // Fri 13:30 CET
    expect(isBusinessHours(hours, 'Europe/Madrid', utc('2026-03-27T13:00:00Z'))).toBe(true); // Fri 14:00 CET
    expect(isBusinessHours(hours, 'Europe/Madrid', utc('2026-03-28T22:59:59Z'))).toBe(true); // Sat 23:59:59 CET
    expect(isBusinessHours(hours, 'Europe/Madrid', utc('2026-03-28T23:00:00Z'))).toBe(false); // Sun 00:00 CET
    expect(isBusinessHours(hours, 'Europe/Madrid', utc('2026-03-23T12:00:00Z'))).toBe(false); // Mon: no hours given
  });
});

describe('BusinessHours', () => {
  const calendars = { office: WeeklyHours.parse({ mon: '09:00-18:00' }) };

  it('defaults to the support centre hours', () => {
    expect(defaults.mon).toEqual([{ from: 360, to: 1260 }]);
    expect(defaults.sun).toEqual([{ from: 420, to: 1020 }]);
    expect(defaults.calendar).toBeUndefined();
  });

  it('takes a calendar name, plain or under calendar:', () => {
    expect(BusinessHours.parse('office').calendar).toBe('office');
    expect(BusinessHours.parse({ calendar: 'office' }).calendar).toBe('office');
    expect(resolveBusinessHours(BusinessHours.parse('office'), calendars)).toBe(calendars.office);
  });

  it('resolves inline hours to themselves', () => {
    const inline = BusinessHours.parse({ mon: '10:00-11:00' });
    expect(resolveBusinessHours(inline, calendars).mon).toEqual([{ from: 600, to: 660 }]);
  });

  it('refuses an unknown calendar', () => {
    expect(businessHoursIssue(BusinessHours.parse('ofice'), calendars)).toBe('unknown calendar "ofice" (known: office)');
    expect(businessHoursIssue(BusinessHours.parse('office'), undefined)).toBe('unknown calendar "office" (sla.calendars defines none)');
    expect(businessHoursIssue(BusinessHours.parse('office'), calendars)).toBeUndefined();
    expect(businessHoursIssue(defaults, undefined)).toBeUndefined();
    let thrown: unknown;
    try {
      resolveBusinessHours(BusinessHours.parse('ofice'), calendars);
    } catch (error) {
      thrown = error;
    }
    expect(isNocError(thrown, 'invalid_config')).toBe(true);
  });

  it('refuses a calendar with inline hours, hours on no day, and bad ranges', () => {
    const issues = (input: unknown) => BusinessHours.safeParse(input).error?.issues.map(({ path, message }) => ({ path, message }));
    expect(issues({ calendar: 'office', mon: '09:00-18:00' })).toEqual([{ path: ['calendar'], message: 'give either a calendar or weekly hours, not both' }]);
    expect(issues({})).toEqual([{ path: [], message: expect.stringMatching(/no business hours on any day/) }]);
    expect(issues({ mon: '18:00-09:00' })?.[0]?.path).toEqual(['mon', 0]);
    expect(issues({ monday: '09:00-18:00' })?.[0]?.path).toEqual([]);
  });
});
