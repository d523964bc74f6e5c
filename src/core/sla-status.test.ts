import { describe, expect, it } from 'vitest';
import type { Incident } from './incident.js';
import { type SlaStatus, slaStatus } from './sla-status.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 10, 12);
const base = { attentionDue: T0 + HOUR, solutionDue: T0 + 4 * HOUR } as Incident;

describe('slaStatus', () => {
  const cases: { name: string; incident: Partial<Incident>; now: number; status: SlaStatus }[] = [
    { name: 'both clocks running', incident: {}, now: T0, status: { attention: 'running', solution: 'running' } },
    { name: 'attention past due, not acknowledged', incident: {}, now: T0 + 2 * HOUR, status: { attention: 'breached', solution: 'running' } },
    { name: 'acknowledged in time', incident: { acknowledgedAt: T0 + HOUR }, now: T0 + 5 * HOUR, status: { attention: 'met', solution: 'breached' } },
    { name: 'acknowledged late', incident: { acknowledgedAt: T0 + HOUR + 1 }, now: T0, status: { attention: 'breached', solution: 'running' } },
    { name: 'resolved in time', incident: { acknowledgedAt: T0, resolvedAt: T0 + 4 * HOUR }, now: T0 + 9 * HOUR, status: { attention: 'met', solution: 'met' } },
    { name: 'recovered before anyone acknowledged', incident: { resolvedAt: T0 + 30 * 60_000 }, now: T0 + 9 * HOUR, status: { attention: 'met', solution: 'met' } },
  ];
  it.each(cases)('$name', ({ incident, now, status }) => {
    expect(slaStatus({ ...base, ...incident }, now)).toEqual(status);
  });
});
