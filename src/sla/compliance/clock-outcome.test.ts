import { describe, expect, it } from 'vitest';
import type { Incident } from '../../core/index.js';
import type { ClockOutcome } from '../report-model.js';
import { clockOutcomes, withinSla } from './clock-outcome.js';

const MIN = 60_000;
const T0 = Date.parse('2026-04-03T12:00:00Z');
// S1-like times: attention within 15 min, solution within 4 h.
const base = { registeredAt: T0, attentionDue: T0 + 15 * MIN, solutionDue: T0 + 240 * MIN } as Incident;
const ATTENTION_DUE = '2026-04-03T12:15:00.000Z';
const SOLUTION_DUE = '2026-04-03T16:00:00.000Z';

function attention(state: ClockOutcome['state'], tookSeconds: number | null, lateSeconds: number | null): ClockOutcome {
  return { state, due: ATTENTION_DUE, allowedSeconds: 900, tookSeconds, lateSeconds };
}

function solution(state: ClockOutcome['state'], tookSeconds: number | null, lateSeconds: number | null): ClockOutcome {
  return { state, due: SOLUTION_DUE, allowedSeconds: 14_400, tookSeconds, lateSeconds };
}

describe('clockOutcomes', () => {
  const cases: { name: string; incident: Partial<Incident>; now: number; expected: ReturnType<typeof clockOutcomes>; within: boolean | null }[] = [
    {
      name: 'both running, nothing due yet',
      incident: {},
      now: T0 + 10 * MIN,
      expected: { attention: attention('pending', null, null), solution: solution('pending', null, null) },
      within: null,
    },
    {
      name: 'attention past due and still unacknowledged: missed up to report time',
      incident: {},
      now: T0 + 40 * MIN + 10_000,
      expected: { attention: attention('missed', null, 1510), solution: solution('pending', null, null) },
      within: false,
    },
    {
      name: 'acknowledged late, solved in time',
      incident: { acknowledgedAt: T0 + 40 * MIN + 10_000, resolvedAt: T0 + 180 * MIN },
      now: T0 + 600 * MIN,
      expected: { attention: attention('missed', 2410, 1510), solution: solution('met', 10_800, null) },
      within: false,
    },
    {
      name: 'acknowledged exactly at the deadline, resolved in time',
      incident: { acknowledgedAt: T0 + 15 * MIN, resolvedAt: T0 + 240 * MIN },
      now: T0 + 600 * MIN,
      expected: { attention: attention('met', 900, null), solution: solution('met', 14_400, null) },
      within: true,
    },
    {
      name: 'resolved before anyone acknowledged: the resolution stops the attention clock',
      incident: { resolvedAt: T0 + 10 * MIN },
      now: T0 + 600 * MIN,
      expected: { attention: attention('met', 600, null), solution: solution('met', 600, null) },
      within: true,
    },
    {
      name: 'resolved late without acknowledgement: both missed',
      incident: { resolvedAt: T0 + 250 * MIN },
      now: T0 + 600 * MIN,
      expected: { attention: attention('missed', 15_000, 14_100), solution: solution('missed', 15_000, 600) },
      within: false,
    },
    {
      name: 'acknowledged in time, solution past due and open',
      incident: { acknowledgedAt: T0 + 5 * MIN },
      now: T0 + 300 * MIN,
      expected: { attention: attention('met', 300, null), solution: solution('missed', null, 3600) },
      within: false,
    },
    {
      name: 'acknowledged in time, solution still running',
      incident: { acknowledgedAt: T0 + 5 * MIN },
      now: T0 + 60 * MIN,
      expected: { attention: attention('met', 300, null), solution: solution('pending', null, null) },
      within: null,
    },
    {
      name: 'resolved half a second late: millisecond precision',
      incident: { acknowledgedAt: T0 + 14 * MIN + 59_000, resolvedAt: T0 + 240 * MIN + 500 },
      now: T0 + 600 * MIN,
      expected: { attention: attention('met', 899, null), solution: solution('missed', 14_400.5, 0.5) },
      within: false,
    },
  ];

  it.each(cases)('$name', ({ incident, now, expected, within }) => {
    const outcomes = clockOutcomes({ ...base, ...incident }, now);
    expect(outcomes).toEqual(expected);
    expect(withinSla(outcomes)).toBe(within);
  });

  it('keeps a decided outcome at any later report time', () => {
    for (const { incident, now } of cases) {
      const first = clockOutcomes({ ...base, ...incident }, now);
      const later = clockOutcomes({ ...base, ...incident }, now + 40 * 86_400_000);
      for (const clock of ['attention', 'solution'] as const) {
        if (first[clock].state === 'pending') continue;
        expect(later[clock].state).toBe(first[clock].state);
        // Only a missed clock still running keeps counting lateness.
        if (first[clock].tookSeconds !== null) expect(later[clock]).toEqual(first[clock]);
        else expect(later[clock].lateSeconds).toBe((first[clock].lateSeconds ?? 0) + 40 * 86_400);
      }
    }
  });

  it('never prints negative durations for inconsistent times', () => {
    const outcomes = clockOutcomes({ ...base, attentionDue: T0 - MIN, acknowledgedAt: T0 - 2 * MIN }, T0);
    expect(outcomes.attention).toMatchObject({ state: 'met', allowedSeconds: 0, tookSeconds: 0 });
  });
});
