import { getTasks } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/index.js';
import { cronSchedule } from './cron-schedule.js';

const iso = (times: readonly number[]): string[] => times.map((t) => new Date(t).toISOString());
const at = (text: string): number => Date.parse(text);

describe('cronSchedule', () => {
  it.each([
    // name, expression, zone, from, to, expected occurrences
    ['weekly in UTC', '0 3 * * 0', 'UTC', '2026-11-01T00:00:00Z', '2026-11-16T00:00:00Z', ['2026-11-01T03:00:00.000Z', '2026-11-08T03:00:00.000Z', '2026-11-15T03:00:00.000Z']],
    ['from is inclusive, to exclusive', '0 3 * * *', 'UTC', '2026-11-01T03:00:00Z', '2026-11-02T03:00:00Z', ['2026-11-01T03:00:00.000Z']],
    ['a from inside a minute starts at the next minute', '0 3 * * *', 'UTC', '2026-11-01T03:00:00.001Z', '2026-11-02T03:00:01Z', ['2026-11-02T03:00:00.000Z']],
    ['in a zone west of UTC', '30 23 * * *', 'America/Mexico_City', '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z', ['2026-11-01T05:30:00.000Z', '2026-11-02T05:30:00.000Z']],
    ['a half-hour zone', '0 2 * * *', 'Asia/Kolkata', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', ['2026-11-01T20:30:00.000Z']],
    ['weekdays only', '0 2 * * 1-5', 'UTC', '2026-11-06T00:00:00Z', '2026-11-10T00:00:00Z', ['2026-11-06T02:00:00.000Z', '2026-11-09T02:00:00.000Z']],
    // America/Santiago: DST starts 2026-09-06 at 00:00 (-04 -> -03): midnight does not exist that day.
    ['Santiago, a skipped time fires at the transition', '0 0 * * *', 'America/Santiago', '2026-09-05T00:00:00Z', '2026-09-08T00:00:00Z', ['2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']],
    ['Santiago, a time after the gap is unaffected', '30 1 * * *', 'America/Santiago', '2026-09-06T00:00:00Z', '2026-09-07T00:00:00Z', ['2026-09-06T04:30:00.000Z']],
    // DST ends 2026-04-05 at 00:00 -03 (03:00Z), back to 23:00 -04: 23:00-23:59 of April 4 happens twice.
    ['Santiago, a repeated time fires once', '30 23 * * *', 'America/Santiago', '2026-04-04T12:00:00Z', '2026-04-06T12:00:00Z', ['2026-04-05T02:30:00.000Z', '2026-04-06T03:30:00.000Z']],
    ['Santiago, a range starting in the second pass knows it', '30 23 * * *', 'America/Santiago', '2026-04-05T03:00:00Z', '2026-04-05T05:00:00Z', []],
    ['Santiago, an hourly expression fires in both passes', '0 * * * *', 'America/Santiago', '2026-04-05T01:30:00Z', '2026-04-05T05:00:00Z', ['2026-04-05T02:00:00.000Z', '2026-04-05T03:00:00.000Z', '2026-04-05T04:00:00.000Z']],
  ])('%s', (_name, expression, zone, from, to, expected) => {
    expect(iso(cronSchedule(expression, zone).occurrences(at(from), at(to)))).toEqual(expected);
  });

  it('covers a year of a daily expression in a DST zone: one occurrence per local day', () => {
    const times = cronSchedule('0 0 * * *', 'America/Santiago').occurrences(at('2026-01-01T12:00:00Z'), at('2027-01-01T12:00:00Z'));
    expect(times).toHaveLength(365);
  });

  it.each([
    ['an hour out of range', '0 25 * * *', 'UTC', /hour/],
    ['an unknown zone', '0 2 * * *', 'Mars/Olympus', /time zone/i],
  ])('refuses %s with invalid_config', (_name, expression, zone, message) => {
    let thrown: unknown;
    try {
      cronSchedule(expression, zone);
    } catch (error) {
      thrown = error;
    }
    expect(isNocError(thrown, 'invalid_config')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it('leaves nothing in node-cron task registry', () => {
    const before = getTasks().size;
    for (let i = 0; i < 5; i++) cronSchedule('0 3 * * 0', 'America/Santiago');
    expect(getTasks().size).toBe(before);
  });
});
