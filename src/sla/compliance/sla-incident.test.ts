import { describe, expect, it } from 'vitest';
import type { Incident } from '../../core/index.js';
import { SlaIncident } from '../report-model.js';
import { slaIncident } from './sla-incident.js';

const T0 = Date.parse('2026-04-05T08:00:00Z');
const incident: Incident = {
  number: 'NOC-2026-000003',
  title: 'SIP 503 burst on sbc-mx-1',
  description: '',
  severity: 'S2',
  status: 'resolved',
  level: 'L1',
  channel: 'monitoring',
  registeredBy: 'alerter',
  affectedTargets: ['sbc-mx-1'],
  affectedUsers: 120,
  labels: {},
  occurredAt: T0 - 60_000,
  registeredAt: T0,
  resolvedAt: T0 + 20 * 60_000,
  attentionDue: T0 + 30 * 60_000,
  solutionDue: T0 + 8 * 3_600_000,
  version: 3,
};

describe('slaIncident', () => {
  it('lists the incident with its clocks, in ISO instants', () => {
    const line = slaIncident(incident, 'mx', Date.parse('2026-05-01T04:00:00Z'));
    expect(SlaIncident.parse(line)).toEqual({
      number: 'NOC-2026-000003',
      title: 'SIP 503 burst on sbc-mx-1',
      severity: 'S2',
      site: 'mx',
      status: 'resolved',
      registeredAt: '2026-04-05T08:00:00.000Z',
      acknowledgedAt: null,
      resolvedAt: '2026-04-05T08:20:00.000Z',
      attention: { state: 'met', due: '2026-04-05T08:30:00.000Z', allowedSeconds: 1800, tookSeconds: 1200, lateSeconds: null },
      solution: { state: 'met', due: '2026-04-05T16:00:00.000Z', allowedSeconds: 28_800, tookSeconds: 1200, lateSeconds: null },
      withinSla: true,
    });
  });

  it('prints the acknowledgement when there is one', () => {
    const line = slaIncident({ ...incident, acknowledgedAt: T0 + 45 * 60_000 }, 'mx', T0 + 9 * 3_600_000);
    expect(line.acknowledgedAt).toBe('2026-04-05T08:45:00.000Z');
    expect(line.attention).toMatchObject({ state: 'missed', tookSeconds: 2700, lateSeconds: 900 });
    expect(line.withinSla).toBe(false);
  });
});
