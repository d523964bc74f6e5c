import { describe, expect, it } from 'vitest';
import { EscalationPolicy } from './escalation.js';

function issues(input: unknown): { path: PropertyKey[]; message: string }[] {
  const result = EscalationPolicy.safeParse(input);
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
}

describe('EscalationPolicy', () => {
  it('defaults to enabled, S1 to L2, deadlines from the SLA', () => {
    expect(EscalationPolicy.parse({})).toEqual({ enabled: true, s1_level: 'L2', L1: {}, L2: {} });
  });

  it('parses timers into ms', () => {
    expect(EscalationPolicy.parse({ L1: { ack_timeout: '15m' }, L2: { ack_timeout: '30m', resolve_timeout: '2h' } })).toMatchObject({
      L1: { ack_timeout: 900_000 },
      L2: { ack_timeout: 1_800_000, resolve_timeout: 7_200_000 },
    });
  });

  it('refuses L3 timers, saying why', () => {
    expect(issues({ L3: { ack_timeout: '1h' } })).toEqual([{ path: ['L3'], message: expect.stringMatching(/highest support level/) }]);
  });

  it('refuses an L2 timer not past the L1 one, since both count from registration', () => {
    expect(issues({ L1: { ack_timeout: '30m' }, L2: { ack_timeout: '30m' } })).toEqual([
      { path: ['L2', 'ack_timeout'], message: "must be longer than L1.ack_timeout: both count from the incident's registration" },
    ]);
  });

  it('refuses zero and bad durations and unknown levels', () => {
    expect(issues({ L1: { ack_timeout: '0' } })).toEqual([{ path: ['L1', 'ack_timeout'], message: 'must be longer than 0s' }]);
    expect(issues({ L1: { ack_timeout: '15 minutes' } })[0]?.path).toEqual(['L1', 'ack_timeout']);
    expect(issues({ s1_level: 'L4' })).toEqual([{ path: ['s1_level'], message: 'expected L1, L2 or L3' }]);
  });
});
