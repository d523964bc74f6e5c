import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { atLeast, combineTimelines, unknownTimeline, worstOf } from './combine-states.js';
import type { StateTimeline } from './state-timeline.js';
import { timeline, utc, written } from './testing/timeline-fixtures.js';

const DAY = { from: utc('2026-04-01T00:00'), to: utc('2026-04-02T00:00') };
const d = (time: string): string => `2026-04-01T${time}`;
const ALL_UP = timeline(d('00:00'), 'up', '2026-04-02T00:00');

describe('worstOf (a target from its probes)', () => {
  it('is down if any probe is down, else unknown if any is unknown, else up', () => {
    const sip = timeline(d('00:00'), 'up', d('10:00'), 'down', d('10:17:30'), 'up', d('20:00'), 'unknown', d('20:45'), 'up', '2026-04-02T00:00');
    const ping = timeline(d('00:00'), 'up', d('10:05'), 'down', d('10:15'), 'up', d('20:00'), 'unknown', d('20:30'), 'down', d('21:00'), 'up', '2026-04-02T00:00');
    expect(written(worstOf([sip, ping], DAY))).toEqual([
      d('00:00'), 'up', d('10:00'), 'down', d('10:17:30'), 'up', d('20:00'), 'unknown', d('20:30'), 'down', d('21:00'), 'up', '2026-04-02T00:00',
    ]);
  });

  it('gives one unknown span without probes, and passes a single probe through', () => {
    expect(worstOf([], DAY)).toEqual([{ start: DAY.from, end: DAY.to, state: 'unknown' }]);
    const single = timeline(d('00:00'), 'up', d('10:00'), 'down', d('11:00'), 'unknown', d('12:00'), 'up', '2026-04-02T00:00');
    expect(worstOf([single], DAY)).toEqual(single);
  });

  it('merges equal neighbours and drops empty spans', () => {
    // The probes alternate being down; the target is down for one unbroken hour.
    const a = timeline(d('00:00'), 'up', d('10:00'), 'down', d('10:30'), 'up', '2026-04-02T00:00');
    const b = timeline(d('00:00'), 'up', d('10:30'), 'down', d('11:00'), 'up', '2026-04-02T00:00');
    const withEmpty = [{ start: DAY.from, end: DAY.from, state: 'down' as const }, ...ALL_UP];
    expect(written(worstOf([a, b, withEmpty], DAY))).toEqual([d('00:00'), 'up', d('10:00'), 'down', d('11:00'), 'up', '2026-04-02T00:00']);
  });

  it('clips to the range and counts time a timeline does not cover as unknown', () => {
    const partial = timeline('2026-03-31T22:00', 'up', d('06:00'), 'down', d('06:10'), 'up', d('12:00'));
    expect(written(worstOf([partial], DAY))).toEqual([d('00:00'), 'up', d('06:00'), 'down', d('06:10'), 'up', d('12:00'), 'unknown', '2026-04-02T00:00']);
    const gap = timeline(d('00:00'), 'up', d('08:00')).concat(timeline(d('09:00'), 'up', '2026-04-02T00:00'));
    expect(written(worstOf([gap], DAY))).toEqual([d('00:00'), 'up', d('08:00'), 'unknown', d('09:00'), 'up', '2026-04-02T00:00']);
  });

  it('gives an empty timeline for an empty range', () => {
    expect(worstOf([ALL_UP], { from: DAY.from, to: DAY.from })).toEqual([]);
    expect(unknownTimeline({ from: DAY.from, to: DAY.from })).toEqual([]);
  });
});

describe('atLeast (k of n members up)', () => {
  // a down 10:00–10:30, b down 10:20–10:50, c down 10:40–11:00.
  const a = timeline(d('00:00'), 'up', d('10:00'), 'down', d('10:30'), 'up', '2026-04-02T00:00');
  const b = timeline(d('00:00'), 'up', d('10:20'), 'down', d('10:50'), 'up', '2026-04-02T00:00');
  const c = timeline(d('00:00'), 'up', d('10:40'), 'down', d('11:00'), 'up', '2026-04-02T00:00');

  it('2 of 3 is down only while two members are down at once', () => {
    expect(written(atLeast(2, [a, b, c], DAY))).toEqual([
      d('00:00'), 'up', d('10:20'), 'down', d('10:30'), 'up', d('10:40'), 'down', d('10:50'), 'up', '2026-04-02T00:00',
    ]);
  });

  it('1 of 3 is never down here, 3 of 3 is down while any member is', () => {
    expect(written(atLeast(1, [a, b, c], DAY))).toEqual([d('00:00'), 'up', '2026-04-02T00:00']);
    expect(written(atLeast(3, [a, b, c], DAY))).toEqual([d('00:00'), 'up', d('10:00'), 'down', d('11:00'), 'up', '2026-04-02T00:00']);
  });

  it('is maintenance only while undecided and a member is in maintenance, unknown otherwise', () => {
    const inMaintenance = timeline(d('00:00'), 'up', d('10:00'), 'maintenance', d('11:00'), 'up', '2026-04-02T00:00');
    const other = timeline(d('00:00'), 'up', d('10:30'), 'down', d('10:45'), 'up', d('12:00'), 'unknown', d('13:00'), 'up', '2026-04-02T00:00');
    // Any of two: the other member decides while up; while it is down the maintenance one leaves it open.
    expect(written(atLeast(1, [inMaintenance, other], DAY))).toEqual([
      d('00:00'), 'up', d('10:30'), 'maintenance', d('10:45'), 'up', '2026-04-02T00:00',
    ]);
    // All of two: a down member decides (down); an up member does not (maintenance); unknown + up is unknown.
    expect(written(atLeast(2, [inMaintenance, other], DAY))).toEqual([
      d('00:00'), 'up', d('10:00'), 'maintenance', d('10:30'), 'down', d('10:45'), 'maintenance', d('11:00'), 'up',
      d('12:00'), 'unknown', d('13:00'), 'up', '2026-04-02T00:00',
    ]);
  });

  it('is down throughout when k exceeds the members, unknown without members', () => {
    expect(written(atLeast(3, [ALL_UP, ALL_UP], DAY))).toEqual([d('00:00'), 'down', '2026-04-02T00:00']);
    expect(written(atLeast(1, [], DAY))).toEqual([d('00:00'), 'unknown', '2026-04-02T00:00']);
  });

  it('rejects k below 1 or fractional', () => {
    expect(() => atLeast(0, [ALL_UP], DAY)).toThrow(NocError);
    expect(() => atLeast(1.5, [ALL_UP], DAY)).toThrow(/whole number of at least 1, got 1.5/);
  });
});

describe('combineTimelines', () => {
  it('hands the rule the count of members in each state', () => {
    const seen: string[] = [];
    const a = timeline(d('00:00'), 'up', d('12:00'), 'maintenance', '2026-04-02T00:00');
    const b = timeline(d('00:00'), 'down', d('06:00'), 'unknown', '2026-04-02T00:00');
    combineTimelines([a, b], DAY, (counts, members) => {
      seen.push(`${members}:${counts.up}/${counts.down}/${counts.unknown}/${counts.maintenance}`);
      return 'up';
    });
    expect(seen).toEqual(['2:1/1/0/0', '2:1/0/1/0', '2:0/0/1/1']);
  });
});

describe('the sweep against a brute-force evaluation', () => {
  const STATES = ['up', 'down', 'unknown', 'maintenance'] as const;

  /** Deterministic pseudo-random numbers (a fixed LCG), so the case is the same on every run. */
  function numbers(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }

  function randomTimeline(random: () => number): StateTimeline {
    const spans: { start: number; end: number; state: (typeof STATES)[number] }[] = [];
    let at = DAY.from + Math.floor(random() * 3) * 60_000; // sometimes starts late: the gap is unknown
    while (at < DAY.to) {
      const end = Math.min(DAY.to, at + (1 + Math.floor(random() * 120)) * 60_000);
      spans.push({ start: at, end, state: STATES[Math.floor(random() * 4)] ?? 'up' });
      at = end;
    }
    return spans;
  }

  function stateAt(line: StateTimeline, at: number): string {
    return line.find((span) => span.start <= at && at < span.end)?.state ?? 'unknown';
  }

  it('gives the k-of-n state of every minute of a day for 12 random members', () => {
    const random = numbers(20260401);
    const members = Array.from({ length: 12 }, () => randomTimeline(random));
    for (const k of [1, 5, 12]) {
      const combined = atLeast(k, members, DAY);
      for (let at = DAY.from; at < DAY.to; at += 60_000) {
        const states = members.map((member) => stateAt(member, at));
        const up = states.filter((state) => state === 'up').length;
        const down = states.filter((state) => state === 'down').length;
        const expected = up >= k ? 'up' : down > 12 - k ? 'down' : states.includes('maintenance') ? 'maintenance' : 'unknown';
        expect(`${k} ${new Date(at).toISOString()} ${stateAt(combined, at)}`).toBe(`${k} ${new Date(at).toISOString()} ${expected}`);
      }
      expect(combined.every((span, index) => span.end > span.start && (index === 0 || (combined[index - 1]?.state !== span.state && combined[index - 1]?.end === span.start)))).toBe(true);
    }
  });
});
