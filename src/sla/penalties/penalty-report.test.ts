import { describe, expect, it } from 'vitest';
import { ContractConfig } from '../../config/index.js';
import { complianceBySite } from '../compliance/compliance-figures.js';
import { PenaltyReport, type SlaIncident } from '../report-model.js';
import { buildPenaltyReport } from './penalty-report.js';

const contract = ContractConfig.parse({
  currency: 'CLP',
  sites: { scl: { monthly_fee: 900000 }, ant: { monthly_fee: 100000, service: 'sip-ant' } },
  availability_penalties: [{ below: 99.99, discount: 10 }],
  incident_penalties: { attention_missed: { S2: 50000 } },
  cap: 15,
});

function missedAttention(number: string, site: string): SlaIncident {
  return {
    number,
    title: number,
    severity: 'S2',
    site,
    status: 'registered',
    registeredAt: '2026-04-10T00:00:00.000Z',
    acknowledgedAt: '2026-04-10T01:00:00.000Z',
    resolvedAt: null,
    attention: { state: 'missed', due: '2026-04-10T00:30:00.000Z', allowedSeconds: 1800, tookSeconds: 3600, lateSeconds: 1800 },
    solution: { state: 'pending', due: '2026-04-10T08:00:00.000Z', allowedSeconds: 28_800, tookSeconds: null, lateSeconds: null },
    withinSla: false,
  };
}

describe('buildPenaltyReport', () => {
  const incidents = [missedAttention('NOC-1', 'scl'), missedAttention('NOC-2', 'lim'), missedAttention('NOC-3', 'ant')];
  const report = buildPenaltyReport({
    contract,
    incidents,
    bySite: complianceBySite(incidents, 98),
    siteAvailability: new Map([['scl', { percent: 99.5, of: null }]]),
    now: Date.parse('2026-05-01T04:00:00Z'),
  });

  it('lists the contract sites sorted and sums their capped totals', () => {
    expect(PenaltyReport.parse(report)).toStrictEqual(report);
    expect(report.currency).toBe('CLP');
    expect(report.capPercent).toBe(15);
    expect(report.sites.map((site) => [site.site, site.totalBeforeCap, site.total, site.capped])).toEqual([
      ['ant', 50000, 15000, true],
      ['scl', 140000, 135000, true],
    ]);
    expect(report.total).toBe(150000);
  });

  it('charges nothing for a site outside the contract', () => {
    expect(report.sites.flatMap((site) => site.items.map((item) => item.incident))).not.toContain('NOC-2');
  });

  it('reports an unmeasured availability when the availability report has no figure for the site', () => {
    expect(report.sites[0]).toMatchObject({ availabilityPercent: null, availabilityOf: 'sip-ant', compliancePercent: 0 });
    expect(report.sites[0]?.items.map((item) => item.kind)).toEqual(['attention_missed']);
  });
});
