import { describe, expect, it } from 'vitest';
import type { Severity } from '../../core/index.js';
import { SlaConfig } from '../../config/index.js';
import { slaDeadlines } from './sla-deadlines.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 2, 15, 23, 30); // a Saturday night: no business hours anywhere near

describe('slaDeadlines', () => {
  const defaults = SlaConfig.parse({});
  const contract: { severity: Severity; attention: number; solution: number }[] = [
    { severity: 'S1', attention: 1 * HOUR, solution: 3 * HOUR },
    { severity: 'S2', attention: 1.5 * HOUR, solution: 4 * HOUR },
    { severity: 'S3', attention: 2 * HOUR, solution: 4 * HOUR },
    { severity: 'S4', attention: 2 * HOUR, solution: 4 * HOUR },
  ];
  it.each(contract)('counts the contract default for $severity 24x7', ({ severity, attention, solution }) => {
    expect(slaDeadlines(severity, T0, defaults)).toEqual({ attentionDue: T0 + attention, solutionDue: T0 + solution });
  });

  it('takes the times from sla.severities', () => {
    const sla = SlaConfig.parse({ severities: { S1: { attention: '30m', solution: '2h' } } });
    expect(slaDeadlines('S1', T0, sla)).toEqual({ attentionDue: T0 + 30 * MINUTE, solutionDue: T0 + 2 * HOUR });
    expect(slaDeadlines('S2', T0, sla)).toEqual({ attentionDue: T0 + 1.5 * HOUR, solutionDue: T0 + 4 * HOUR });
  });

  it("counts only the severity's calendar hours, in sla.timezone", () => {
    const sla = SlaConfig.parse({
      timezone: 'America/Mexico_City',
      calendars: { business: { mon: '08:00-18:00', tue: '08:00-18:00' } },
      severities: { S4: { calendar: 'business' } },
    });
    // Saturday 17:30 in Mexico City; the clocks start on Monday at 08:00 (14:00Z).
    const monday8 = Date.UTC(2025, 2, 17, 14, 0);
    expect(slaDeadlines('S4', T0, sla)).toEqual({ attentionDue: monday8 + 2 * HOUR, solutionDue: monday8 + 4 * HOUR });
    // Severities without a calendar stay 24x7.
    expect(slaDeadlines('S1', T0, sla)).toEqual({ attentionDue: T0 + HOUR, solutionDue: T0 + 3 * HOUR });
  });

  it('refuses a calendar the config does not define (a config built by hand)', () => {
    const sla = { ...SlaConfig.parse({}), severities: { ...SlaConfig.parse({}).severities, S3: { attention: HOUR, solution: HOUR, calendar: 'nope' } } };
    expect(() => slaDeadlines('S3', T0, sla)).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });
});
