import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { measuredEnd, monthContaining, periodOf, previousMonth, reportMonth } from './report-month.js';

const DAY = 86_400;

describe('reportMonth', () => {
  it('spans a UTC month of 30 and of 31 days', () => {
    expect(periodOf(reportMonth('2026-04', 'UTC'))).toEqual({
      month: '2026-04',
      timeZone: 'UTC',
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
      seconds: 30 * DAY,
      measuredTo: '2026-05-01T00:00:00.000Z',
    });
    expect(periodOf(reportMonth('2026-12', 'UTC')).seconds).toBe(31 * DAY);
    expect(periodOf(reportMonth('2028-02', 'UTC')).seconds).toBe(29 * DAY);
  });

  it('starts at local midnight and follows DST in America/Santiago', () => {
    // Chile: UTC-3 in summer; winter time (UTC-4) from the first Sunday of April 2026 (5 April),
    // summer time again from the first Sunday of September 2026 (6 September).
    const april = reportMonth('2026-04', 'America/Santiago');
    expect(new Date(april.from).toISOString()).toBe('2026-04-01T03:00:00.000Z');
    expect(new Date(april.to).toISOString()).toBe('2026-05-01T04:00:00.000Z');
    expect(periodOf(april).seconds).toBe(30 * DAY + 3600);
    const september = reportMonth('2026-09', 'America/Santiago');
    expect(new Date(september.from).toISOString()).toBe('2026-09-01T04:00:00.000Z');
    expect(periodOf(september).seconds).toBe(30 * DAY - 3600);
    expect(periodOf(reportMonth('2026-07', 'America/Santiago')).seconds).toBe(31 * DAY);
  });

  it('turns the year and finds the month before and the month containing an instant in the zone', () => {
    expect(reportMonth('2026-12', 'UTC').to).toBe(Date.parse('2027-01-01T00:00:00Z'));
    // 2026-05-01 02:00 UTC is still 30 April in Santiago (UTC-4).
    expect(previousMonth(Date.parse('2026-05-01T02:00:00Z'), 'America/Santiago').month).toBe('2026-03');
    expect(monthContaining(Date.parse('2026-05-01T02:00:00Z'), 'America/Santiago').month).toBe('2026-04');
    expect(previousMonth(Date.parse('2027-01-01T12:00:00Z'), 'UTC').month).toBe('2026-12');
  });

  it('measures a running month up to now, a past one to its end', () => {
    const april = reportMonth('2026-04', 'UTC');
    const mid = Date.parse('2026-04-10T12:00:00Z');
    expect(measuredEnd(april, mid)).toBe(mid);
    expect(periodOf(april, measuredEnd(april, mid)).measuredTo).toBe('2026-04-10T12:00:00.000Z');
    expect(measuredEnd(april, Date.parse('2026-06-01T00:00:00Z'))).toBe(april.to);
    expect(measuredEnd(april, Date.parse('2026-03-01T00:00:00Z'))).toBe(april.from);
  });

  it('refuses a malformed month or an unknown zone with a bad_request naming the input', () => {
    expect(() => reportMonth('2026-13', 'UTC')).toThrow(/month must be YYYY-MM.*"2026-13"/);
    expect(() => reportMonth('2026-1', 'UTC')).toThrow(NocError);
    expect(() => reportMonth('2026-01', 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
