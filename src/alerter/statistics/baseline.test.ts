import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BaselineScratch, baselineRange, baselineValuesInto, buildBaseline, type BaselineOptions } from './baseline.js';
import type { TimeValues } from './time-values.js';
import { zoneOffsets } from '../../core/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const utc = (iso: string): number => Date.parse(`${iso}Z`);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 16);

/** A point every `step` ms in [from, to], valued by its time so picks can be read back. */
function regular(from: number, to: number, step: number): TimeValues {
  const t: number[] = [];
  for (let x = from; x <= to; x += step) t.push(x);
  return { t: Float64Array.from(t), v: Float64Array.from(t, (x) => x / MINUTE) };
}

/** Every 10 minutes from `from` to `to` (ISO, UTC), inclusive. */
function every10(from: string, to: string): string[] {
  const out: string[] = [];
  for (let x = utc(from); x <= utc(to); x += 10 * MINUTE) out.push(iso(x));
  return out;
}

const sameHour = (weeks: number, extra: Partial<BaselineOptions> = {}): BaselineOptions => ({ kind: 'same_hour_of_week', window: HOUR, weeks, ...extra });

describe('rolling baseline', () => {
  const points = regular(utc('2024-06-03T10:00'), utc('2024-06-03T12:00'), MINUTE);

  it('takes [at − window, at): the start included, `at` itself excluded', () => {
    const at = utc('2024-06-03T11:00');
    const baseline = buildBaseline(points, at, { kind: 'rolling', window: 30 * MINUTE, weeks: 1 });
    expect(baseline.t.length).toBe(30);
    expect(baseline.t[0]).toBe(at - 30 * MINUTE);
    expect(baseline.t[29]).toBe(at - MINUTE);
    expect(baseline.span).toBe(30 * MINUTE);
    expect(baseline.weeks).toBe(0);
    expect(baseline.sufficient).toBe(true);
  });

  it('leaves out non-finite values', () => {
    const t = [0, 1, 2, 3, 4].map((i) => i * MINUTE);
    const baseline = buildBaseline({ t, v: [1, NaN, 3, Infinity, 5] }, 5 * MINUTE, { kind: 'rolling', window: HOUR, weeks: 1 });
    expect(Array.from(baseline.v)).toEqual([1, 3, 5]);
  });

  it('is insufficient below the minimum points or span', () => {
    const at = utc('2024-06-03T10:05');
    // Five points, reaching back five minutes.
    expect(buildBaseline(points, at, { kind: 'rolling', window: HOUR, weeks: 1, minHistory: { points: 6 } }).sufficient).toBe(false);
    expect(buildBaseline(points, at, { kind: 'rolling', window: HOUR, weeks: 1, minHistory: { points: 5 } }).sufficient).toBe(true);
    expect(buildBaseline(points, at, { kind: 'rolling', window: HOUR, weeks: 1, minHistory: { span: 10 * MINUTE } }).sufficient).toBe(false);
    expect(buildBaseline(points, at, { kind: 'rolling', window: HOUR, weeks: 1, minHistory: { span: 5 * MINUTE } }).sufficient).toBe(true);
  });

  it('needs 3 points by default', () => {
    const two = buildBaseline({ t: [0, MINUTE], v: [1, 2] }, 2 * MINUTE, { kind: 'rolling', window: HOUR, weeks: 1 });
    expect(two.sufficient).toBe(false);
  });
});

describe('same-hour-of-week baseline', () => {
  it('picks ±30 min around the same time in each previous week (UTC), across a year and week boundary', () => {
    // Monday 00:10 UTC on New Year's Day: the slots straddle Sunday → Monday.
    const at = utc('2024-01-01T00:10');
    const points = regular(at - 3 * WEEK - DAY, at, 10 * MINUTE);
    const baseline = buildBaseline(points, at, sameHour(2));
    expect(Array.from(baseline.t, iso)).toEqual([...every10('2023-12-17T23:40', '2023-12-18T00:40'), ...every10('2023-12-24T23:40', '2023-12-25T00:40')]);
    expect(baseline.weeks).toBe(2);
    expect(baseline.span).toBe(2 * WEEK);
  });

  it('follows local time across the April fall-back in America/Santiago', () => {
    // Monday 2024-04-08 09:00 −04 (after the change); the weeks before were at −03, so 09:00 local was 12:00Z.
    const at = utc('2024-04-08T13:00');
    const points = regular(at - 3 * WEEK - DAY, at, 10 * MINUTE);
    const baseline = buildBaseline(points, at, sameHour(2, { timeZone: 'America/Santiago' }));
    expect(Array.from(baseline.t, iso)).toEqual([...every10('2024-03-25T11:30', '2024-03-25T12:30'), ...every10('2024-04-01T11:30', '2024-04-01T12:30')]);
    // Naive instant arithmetic (at − 1 week) would have centred week 1 on 13:00Z, 10:00 local.
  });

  it('follows local time across the September spring-forward in America/Santiago', () => {
    // Wednesday 2024-09-11 18:00 −03; a week earlier 18:00 local was −04, 22:00Z.
    const at = utc('2024-09-11T21:00');
    const points = regular(at - 2 * WEEK - DAY, at, 10 * MINUTE);
    const baseline = buildBaseline(points, at, sameHour(1, { timeZone: 'America/Santiago' }));
    expect(Array.from(baseline.t, iso)).toEqual(every10('2024-09-04T21:30', '2024-09-04T22:30'));
  });

  it('takes only the wall-clock times that existed when the slot fell in the skipped hour', () => {
    // Sunday 2024-09-15 00:20 −03. A week earlier Santiago went from Saturday 24:00 −04 straight to Sunday
    // 01:00 −03: of 23:50–00:50 only 23:50–24:00 existed (03:50Z); two weeks earlier the whole slot did.
    const at = utc('2024-09-15T03:20');
    const points = regular(at - 3 * WEEK, at, 10 * MINUTE);
    const baseline = buildBaseline(points, at, sameHour(2, { timeZone: 'America/Santiago' }));
    expect(Array.from(baseline.t, iso)).toEqual([...every10('2024-09-01T03:50', '2024-09-01T04:50'), '2024-09-08T03:50']);
  });

  it('takes both occurrences of a repeated hour after the fall-back', () => {
    // Saturday 2024-04-13 23:30 −04. A week earlier 23:00–24:00 Saturday happened twice: at −03 (02:00Z–03:00Z)
    // and again at −04 (03:00Z–04:00Z).
    const at = utc('2024-04-14T03:30');
    const points = regular(at - 2 * WEEK, at, 10 * MINUTE);
    const baseline = buildBaseline(points, at, sameHour(1, { timeZone: 'America/Santiago' }));
    expect(Array.from(baseline.t, iso)).toEqual(every10('2024-04-07T02:00', '2024-04-07T04:00'));
  });

  it('honours the tolerance', () => {
    const at = utc('2024-06-05T12:00');
    const points = regular(at - 2 * WEEK, at, 5 * MINUTE);
    const baseline = buildBaseline(points, at, sameHour(1, { tolerance: 10 * MINUTE }));
    expect(Array.from(baseline.t, iso)).toEqual(['2024-05-29T11:50', '2024-05-29T11:55', '2024-05-29T12:00', '2024-05-29T12:05', '2024-05-29T12:10']);
  });

  it('is insufficient with one week of history when two are required', () => {
    const at = utc('2024-06-05T12:00');
    const options = sameHour(4, { minHistory: { points: 3, span: 2 * WEEK } });
    const oneWeek = buildBaseline(regular(at - WEEK - 2 * HOUR, at, 5 * MINUTE), at, options);
    expect(oneWeek.t.length).toBe(13);
    expect(oneWeek.weeks).toBe(1);
    expect(oneWeek.span).toBe(WEEK);
    expect(oneWeek.sufficient).toBe(false);
    const twoWeeks = buildBaseline(regular(at - 2 * WEEK - 2 * HOUR, at, 5 * MINUTE), at, options);
    expect(twoWeeks.weeks).toBe(2);
    expect(twoWeeks.sufficient).toBe(true);
  });

  it('counts the span to the oldest contributing week even with a gap in between', () => {
    const at = utc('2024-06-05T12:00');
    const t = [at - 3 * WEEK, at - 3 * WEEK + MINUTE, at - WEEK];
    const baseline = buildBaseline({ t, v: [1, 2, 3] }, at, sameHour(4));
    expect(baseline.weeks).toBe(2);
    expect(baseline.span).toBe(3 * WEEK);
  });

  it('rejects nonsense options', () => {
    const points = { t: [], v: [] };
    expect(() => buildBaseline(points, 0, sameHour(0))).toThrow(RangeError);
    expect(() => buildBaseline(points, 0, sameHour(1.5))).toThrow(RangeError);
    expect(() => buildBaseline(points, 0, sameHour(1, { tolerance: 4 * DAY }))).toThrow(RangeError);
    expect(() => buildBaseline(points, 0, { kind: 'rolling', window: 0, weeks: 1 })).toThrow(RangeError);
    expect(() => buildBaseline(points, 0, sameHour(1, { timeZone: 'Nowhere/Special' }))).toThrow(RangeError);
  });

  it('matches a brute-force time-of-week filter around DST changes', () => {
    // Oracle: Intl's own weekday/hour/minute of each point, compared on the circle of minutes in a week —
    // no offsets, no wall-clock arithmetic.
    const zone = 'America/Santiago';
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const minuteOfWeek = (t: number): number => {
      const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
      return days.indexOf(parts.weekday ?? '') * 1440 + Number(parts.hour) * 60 + Number(parts.minute);
    };
    const transitions = ['2023-04-02T03:00', '2023-09-03T04:00', '2024-04-07T03:00', '2024-09-08T04:00', '2025-04-06T03:00', '2025-09-07T04:00'].map(utc);
    const near = fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([tr, weeks, minutes]) => tr + weeks * WEEK + minutes * MINUTE);
    const anywhere = fc.integer({ min: utc('2023-01-01T00:00') / MINUTE, max: utc('2026-01-01T00:00') / MINUTE }).map((m) => m * MINUTE);
    fc.assert(
      fc.property(fc.oneof(near, anywhere), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 5, max: 90 }), (at, weeks, toleranceMinutes) => {
        // Nothing older than the deepest slot, nothing newer than a day before `at`: every time-of-week match
        // in the series then belongs to one of the weeks asked for.
        const points = regular(at - weeks * WEEK - 12 * HOUR, at - DAY, 10 * MINUTE);
        const tolerance = toleranceMinutes * MINUTE;
        const target = minuteOfWeek(at);
        const expected = Array.from(points.t).filter((t) => {
          const d = Math.abs(minuteOfWeek(t) - target);
          return Math.min(d, 7 * 1440 - d) <= toleranceMinutes;
        });
        const baseline = buildBaseline(points, at, sameHour(weeks, { timeZone: zone, tolerance }));
        expect(Array.from(baseline.t)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('both', () => {
  it('is the union of the rolling window and the weekly slots, in time order, without duplicates', () => {
    const at = utc('2024-06-05T12:00');
    const points = regular(at - 2 * WEEK - HOUR, at, 10 * MINUTE);
    // An 8-day rolling window also covers last week's slot.
    const baseline = buildBaseline(points, at, { kind: 'both', window: 8 * DAY, weeks: 2 });
    const rolling = buildBaseline(points, at, { kind: 'rolling', window: 8 * DAY, weeks: 2 });
    const weekly = buildBaseline(points, at, sameHour(2));
    const union = [...new Set([...rolling.t, ...weekly.t])].sort((a, b) => a - b);
    expect(Array.from(baseline.t)).toEqual(union);
    expect(Array.from(baseline.v)).toEqual(union.map((t) => t / MINUTE));
    expect(baseline.span).toBe(2 * WEEK);
    expect(baseline.weeks).toBe(2);
  });

  it('is sufficient on rolling points alone when only the point count is asked', () => {
    const at = utc('2024-06-05T12:00');
    const baseline = buildBaseline(regular(at - HOUR, at, MINUTE), at, { kind: 'both', window: HOUR, weeks: 4, minHistory: { points: 20 } });
    expect(baseline.weeks).toBe(0);
    expect(baseline.sufficient).toBe(true);
  });
});

describe('baselineRange', () => {
  it('covers the rolling window', () => {
    expect(baselineRange(10 * DAY, { kind: 'rolling', window: HOUR, weeks: 4 })).toEqual({ from: 10 * DAY - HOUR, to: 10 * DAY });
  });

  it('covers every point a baseline can pick, in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2023-01-01T00:00') / MINUTE, max: utc('2026-01-01T00:00') / MINUTE }),
        fc.constantFrom('UTC', 'America/Santiago', 'Australia/Lord_Howe', 'Europe/London'),
        fc.integer({ min: 1, max: 3 }),
        (minute, timeZone, weeks) => {
          const at = minute * MINUTE;
          const options: BaselineOptions = { kind: 'both', window: HOUR, weeks, timeZone: zoneOffsets(timeZone) };
          const points = regular(at - weeks * WEEK - DAY, at + HOUR, 10 * MINUTE);
          const range = baselineRange(at, options);
          const picked = buildBaseline(points, at, options).t;
          expect(picked.length).toBeGreaterThan(0);
          for (const t of picked) {
            expect(t).toBeGreaterThanOrEqual(range.from);
            expect(t).toBeLessThanOrEqual(range.to);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('baselineValuesInto', () => {
  it("writes buildBaseline's values, in order, into one reused array, and says whether they suffice", () => {
    const points = regular(utc('2024-05-06T08:00'), utc('2024-06-03T12:00'), 10 * MINUTE);
    const v = Float64Array.from(points.v);
    v[points.t.length - 1 - 9] = Number.NaN; // 10:30, inside the rolling windows
    v[points.t.length - 1 - 7 * 144 - 9] = Number.NaN; // a week before, inside the same-hour ones
    const gappy = { t: points.t, v };
    const scratch = new BaselineScratch();
    const cases: [TimeValues, number, BaselineOptions][] = [
      [gappy, utc('2024-06-03T11:00'), { kind: 'rolling', window: 2 * HOUR, weeks: 1 }],
      [gappy, utc('2024-06-03T11:00'), sameHour(3)],
      [gappy, utc('2024-06-03T11:00'), { kind: 'both', window: HOUR, weeks: 4 }],
      [gappy, utc('2024-06-03T11:00'), { kind: 'rolling', window: 20 * MINUTE, weeks: 1, minHistory: { points: 3 } }],
      [gappy, utc('2024-06-03T11:00'), { kind: 'rolling', window: HOUR, weeks: 1, minHistory: { span: 2 * HOUR } }],
      // More values than the array first holds, then fewer again.
      [gappy, utc('2024-06-03T11:00'), { kind: 'rolling', window: DAY, weeks: 1 }],
      [gappy, utc('2024-06-03T11:00'), { kind: 'rolling', window: HOUR, weeks: 1 }],
    ];
    for (const [series, at, options] of cases) {
      const expected = buildBaseline(series, at, options);
      expect(baselineValuesInto(series, at, options, scratch)).toBe(expected.sufficient);
      expect([...scratch.values.subarray(0, scratch.length)]).toEqual([...expected.v]);
      expect(expected.v.length).toBeGreaterThan(0);
    }
    expect(scratch.values.length).toBeGreaterThan(64);
  });
});
