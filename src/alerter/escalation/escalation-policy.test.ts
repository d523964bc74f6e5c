import { describe, expect, it } from 'vitest';
import type { Incident } from '../../core/index.js';
import { EscalationPolicy } from '../../config/schema/escalation.js';
import { escalationDue, nextEscalation } from './escalation-policy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 26, 14, 0); // registration
const ATTENTION = T0 + 90 * MINUTE; // 2026-11-26T15:30Z
const SOLUTION = T0 + 4 * HOUR; // 2026-11-26T18:00Z

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    number: 'INC-2026-000001',
    title: 'calls to Bogotá fail',
    description: '',
    severity: 'S2',
    status: 'registered',
    level: 'L1',
    channel: 'phone',
    registeredBy: 'ana',
    affectedTargets: [],
    affectedUsers: 0,
    labels: {},
    occurredAt: T0,
    registeredAt: T0,
    attentionDue: ATTENTION,
    solutionDue: SOLUTION,
    version: 1,
    ...overrides,
  };
}

const acked = { status: 'diagnosing', acknowledgedAt: T0 + 10 * MINUTE } as const;

describe('escalationDue', () => {
  const cases: { name: string; policy?: unknown; incident?: Partial<Incident>; at: number; due: ReturnType<typeof escalationDue> }[] = [
    { name: 'nothing due at registration', at: T0, due: undefined },
    { name: 'nothing due just before the attention deadline', at: ATTENTION - 1, due: undefined },
    {
      name: 'unacknowledged at the attention deadline goes to L2',
      at: ATTENTION,
      due: { level: 'L2', reason: 'not acknowledged by the attention deadline 2026-11-26T15:30Z' },
    },
    { name: 'an acknowledged incident stays at L1 past the attention deadline', incident: acked, at: ATTENTION + HOUR, due: undefined },
    {
      name: 'a late acknowledgement still stops the ack rule',
      incident: { status: 'diagnosing', acknowledgedAt: ATTENTION + MINUTE },
      at: ATTENTION + 2 * MINUTE,
      due: undefined,
    },
    {
      name: 'an acknowledgement after `at` does not count yet',
      incident: { status: 'diagnosing', acknowledgedAt: ATTENTION + MINUTE },
      at: ATTENTION,
      due: { level: 'L2', reason: 'not acknowledged by the attention deadline 2026-11-26T15:30Z' },
    },
    {
      name: 'unresolved at the solution deadline goes to L3',
      incident: { ...acked, level: 'L2' },
      at: SOLUTION,
      due: { level: 'L3', reason: 'not resolved by the solution deadline 2026-11-26T18:00Z' },
    },
    {
      name: 'an L1 incident past both deadlines goes straight to L3',
      at: SOLUTION + MINUTE,
      due: { level: 'L3', reason: 'not resolved by the solution deadline 2026-11-26T18:00Z' },
    },
    {
      name: 'an acknowledged L1 incident past the solution deadline goes to L3',
      incident: acked,
      at: SOLUTION,
      due: { level: 'L3', reason: 'not resolved by the solution deadline 2026-11-26T18:00Z' },
    },
    { name: 'an L2 incident is not due for L2', incident: { level: 'L2' }, at: ATTENTION, due: undefined },
    { name: 'L3 has nothing above it', incident: { level: 'L3' }, at: SOLUTION + HOUR, due: undefined },
    { name: 'a resolved incident never escalates', incident: { status: 'resolved', resolvedAt: T0 + HOUR }, at: SOLUTION + HOUR, due: undefined },
    { name: 'a closed incident never escalates', incident: { status: 'closed', resolvedAt: T0 + HOUR, closedAt: T0 + 2 * HOUR }, at: SOLUTION + HOUR, due: undefined },
    { name: 'a disabled policy never escalates', policy: { enabled: false }, at: SOLUTION + HOUR, due: undefined },
    { name: 'S1 goes to L2 at once', incident: { severity: 'S1' }, at: T0, due: { level: 'L2', reason: 'severity S1 goes to L2 at once' } },
    {
      name: 'S1 goes to the configured s1_level',
      policy: { s1_level: 'L3' },
      incident: { severity: 'S1' },
      at: T0,
      due: { level: 'L3', reason: 'severity S1 goes to L3 at once' },
    },
    { name: 's1_level L1 keeps S1 where it is', policy: { s1_level: 'L1' }, incident: { severity: 'S1' }, at: T0, due: undefined },
    { name: 'an S1 incident already at L2 stays', incident: { severity: 'S1', level: 'L2' }, at: T0 + MINUTE, due: undefined },
    {
      name: 'an incident raised to S1 after registration goes up at the next look',
      incident: { severity: 'S1', ...acked },
      at: T0 + 20 * MINUTE,
      due: { level: 'L2', reason: 'severity S1 goes to L2 at once' },
    },
    {
      name: 'of two rules for the same level, the earlier one explains',
      incident: { severity: 'S1' },
      at: ATTENTION,
      due: { level: 'L2', reason: 'severity S1 goes to L2 at once' },
    },
    {
      name: 'a configured L1 ack_timeout replaces the attention deadline',
      policy: { L1: { ack_timeout: '15m' } },
      at: T0 + 15 * MINUTE,
      due: { level: 'L2', reason: 'not acknowledged within 15m (L1 ack_timeout)' },
    },
    { name: 'nothing due a moment before the ack_timeout', policy: { L1: { ack_timeout: '15m' } }, at: T0 + 15 * MINUTE - 1, due: undefined },
    {
      name: 'a configured L2 ack_timeout raises an unacknowledged L2 incident to L3',
      policy: { L1: { ack_timeout: '15m' }, L2: { ack_timeout: '30m' } },
      incident: { level: 'L2' },
      at: T0 + 30 * MINUTE,
      due: { level: 'L3', reason: 'not acknowledged within 30m (L2 ack_timeout)' },
    },
    {
      name: 'the highest due level wins over the lower one',
      policy: { L1: { ack_timeout: '15m' }, L2: { ack_timeout: '30m' } },
      at: T0 + 45 * MINUTE,
      due: { level: 'L3', reason: 'not acknowledged within 30m (L2 ack_timeout)' },
    },
    {
      name: 'an L1 resolve_timeout raises an acknowledged incident to L2',
      policy: { L1: { resolve_timeout: '1h' } },
      incident: acked,
      at: T0 + HOUR,
      due: { level: 'L2', reason: 'not resolved within 1h (L1 resolve_timeout)' },
    },
    {
      name: 'an L2 resolve_timeout replaces the solution deadline',
      policy: { L2: { resolve_timeout: '2h' } },
      incident: { ...acked, level: 'L2' },
      at: T0 + 2 * HOUR,
      due: { level: 'L3', reason: 'not resolved within 2h (L2 resolve_timeout)' },
    },
    {
      name: 'the solution deadline no longer applies once resolve_timeout is set',
      policy: { L2: { resolve_timeout: '5h' } },
      incident: { ...acked, level: 'L2' },
      at: SOLUTION,
      due: undefined,
    },
    {
      name: 'a deadline off the minute shows its seconds',
      incident: { attentionDue: ATTENTION + 30_000 },
      at: ATTENTION + 30_000,
      due: { level: 'L2', reason: 'not acknowledged by the attention deadline 2026-11-26T15:30:30Z' },
    },
  ];

  it.each(cases)('$name', ({ policy, incident: overrides, at, due }) => {
    expect(escalationDue(incident(overrides), EscalationPolicy.parse(policy ?? {}), at)).toEqual(due);
  });
});

describe('nextEscalation', () => {
  const defaults = EscalationPolicy.parse({});

  it('names the attention deadline for a fresh incident', () => {
    expect(nextEscalation(incident(), defaults, T0)).toEqual({
      level: 'L2',
      at: ATTENTION,
      reason: 'not acknowledged by the attention deadline 2026-11-26T15:30Z',
    });
  });

  it('skips the ack rule once acknowledged', () => {
    expect(nextEscalation(incident(acked), defaults, T0 + HOUR)).toMatchObject({ level: 'L3', at: SOLUTION });
  });

  it('skips rules that would not raise the level due now', () => {
    const policy = EscalationPolicy.parse({ L1: { ack_timeout: '15m', resolve_timeout: '1h' } });
    expect(nextEscalation(incident(), policy, T0 + 20 * MINUTE)).toMatchObject({ level: 'L3', at: SOLUTION });
  });

  it('has nothing ahead for resolved incidents or at L3', () => {
    expect(nextEscalation(incident({ status: 'resolved', resolvedAt: T0 }), defaults, T0)).toBeUndefined();
    expect(nextEscalation(incident({ level: 'L3' }), defaults, T0)).toBeUndefined();
  });
});
