import { describe, expect, it } from 'vitest';
import { ContractConfig } from '../../config/index.js';
import { complianceFigures, type ComplianceInput } from '../compliance/compliance-figures.js';
import { type ClockOutcome, SitePenalty, type SlaIncident } from '../report-model.js';
import { sitePenalty, type SitePenaltyInputs } from './site-penalty.js';

const NOW = Date.parse('2026-05-01T04:00:00Z');

const contract = ContractConfig.parse({
  currency: 'MXN',
  sites: { mx: { monthly_fee: 250000, service: 'sip-mx' }, small: { monthly_fee: 1000 } },
  availability_penalties: [
    { below: 99.99, discount: 5 },
    { below: 99.9, discount: 10 },
    { below: 99, discount: 25 },
  ],
  compliance_penalties: [
    { below: 98, discount: 2 },
    { below: 90, discount: 5 },
  ],
  incident_penalties: {
    attention_missed: { S1: 1500, S2: 800.5, S4: 100 },
    solution_missed: { S1: 3000, S3: 600, S4: 0.335 },
  },
  cap: 20,
});

const met: ClockOutcome = { state: 'met', due: '2026-04-03T12:15:00.000Z', allowedSeconds: 900, tookSeconds: 600, lateSeconds: null };

function line(number: string, severity: SlaIncident['severity'], attention: ClockOutcome, solution: ClockOutcome): SlaIncident {
  const withinSla = attention.state === 'missed' || solution.state === 'missed' ? false : attention.state === 'met' && solution.state === 'met' ? true : null;
  return {
    number,
    title: number,
    severity,
    site: 'mx',
    status: 'resolved',
    registeredAt: '2026-04-03T12:00:00.000Z',
    acknowledgedAt: null,
    resolvedAt: null,
    attention,
    solution,
    withinSla,
  };
}
function late(lateSeconds: number, tookSeconds: number | null = 900 + lateSeconds): ClockOutcome {
  return { state: 'missed', due: '2026-04-03T12:15:00.000Z', allowedSeconds: 900, tookSeconds, lateSeconds };
}
function counted(within: number, outside: number): ComplianceInput[] {
  const ok: ComplianceInput = { severity: 'S3', site: 'mx', attention: met, solution: met, withinSla: true };
  const ko: ComplianceInput = { ...ok, solution: late(60), withinSla: false };
  return [...Array.from({ length: within }, () => ok), ...Array.from({ length: outside }, () => ko)];
}

function inputs(overrides: Partial<SitePenaltyInputs>): SitePenaltyInputs {
  return {
    site: 'mx',
    terms: contract.sites['mx'] ?? { monthly_fee: 0 },
    contract,
    availability: { percent: 100, of: 'sip-mx' },
    compliance: undefined,
    incidents: [],
    now: NOW,
    ...overrides,
  };
}

describe('sitePenalty', () => {
  it('discounts nothing for a clean month', () => {
    expect(SitePenalty.parse(sitePenalty(inputs({ compliance: complianceFigures('mx', counted(10, 0), 98) })))).toEqual({
      site: 'mx',
      monthlyFee: 250000,
      availabilityPercent: 100,
      availabilityOf: 'sip-mx',
      compliancePercent: 100,
      items: [],
      totalBeforeCap: 0,
      total: 0,
      capped: false,
    });
  });

  it('applies only the harshest availability tier reached', () => {
    const mild = sitePenalty(inputs({ availability: { percent: 99.9512, of: 'sip-mx' } }));
    expect(mild.items).toEqual([
      { kind: 'availability', reason: 'availability of sip-mx 99.9512% below 99.99% (tier: 5% of 250000.00 MXN)', amount: 12500, incident: null },
    ]);
    const harsh = sitePenalty(inputs({ availability: { percent: 98.5, of: null } }));
    expect(harsh.items).toEqual([
      { kind: 'availability', reason: 'availability 98.5% below 99% (tier: 25% of 250000.00 MXN)', amount: 62500, incident: null },
    ]);
    expect(harsh).toMatchObject({ totalBeforeCap: 62500, total: 50000, capped: true, availabilityOf: null });
  });

  it('charges no availability tier when it was not measured', () => {
    expect(sitePenalty(inputs({ availability: { percent: null, of: 'sip-mx' } })).items).toEqual([]);
  });

  it('charges no compliance tier at exactly 98%, and the 2% tier just below', () => {
    expect(sitePenalty(inputs({ compliance: complianceFigures('mx', counted(49, 1), 98) })).items).toEqual([]);
    const below = sitePenalty(inputs({ compliance: complianceFigures('mx', counted(97, 2), 98) }));
    expect(below.compliancePercent).toBe(9700 / 99);
    expect(below.items).toEqual([
      {
        kind: 'compliance',
        reason: 'compliance 97.9798% below 98% (97 of 99 decided incidents within SLA; tier: 2% of 250000.00 MXN)',
        amount: 5000,
        incident: null,
      },
    ]);
    const low = sitePenalty(inputs({ compliance: complianceFigures('mx', counted(8, 2), 98) }));
    expect(low.items.map((item) => [item.reason, item.amount])).toEqual([
      ['compliance 80% below 90% (8 of 10 decided incidents within SLA; tier: 5% of 250000.00 MXN)', 12500],
    ]);
  });

  it('charges each missed clock its severity amount, skipping zero amounts', () => {
    const result = sitePenalty(
      inputs({
        incidents: [
          line('NOC-2026-000002', 'S1', late(1510), met),
          line('NOC-2026-000004', 'S2', late(900), late(5400)), // S2 solution costs nothing
          line('NOC-2026-000005', 'S3', met, late(28_800, null)),
          line('NOC-2026-000012', 'S4', late(1830), late(0.5)),
          line('NOC-2026-000013', 'S3', late(60), met), // S3 attention costs nothing
        ],
      }),
    );
    expect(result.items).toEqual([
      { kind: 'attention_missed', reason: 'NOC-2026-000002 S1 attention 25 min 10 s late', amount: 1500, incident: 'NOC-2026-000002' },
      { kind: 'attention_missed', reason: 'NOC-2026-000004 S2 attention 15 min late', amount: 800.5, incident: 'NOC-2026-000004' },
      {
        kind: 'solution_missed',
        reason: 'NOC-2026-000005 S3 solution 8 h late (still unresolved at 2026-05-01T04:00:00.000Z)',
        amount: 600,
        incident: 'NOC-2026-000005',
      },
      { kind: 'attention_missed', reason: 'NOC-2026-000012 S4 attention 30 min 30 s late', amount: 100, incident: 'NOC-2026-000012' },
      { kind: 'solution_missed', reason: 'NOC-2026-000012 S4 solution 0.5 s late', amount: 0.34, incident: 'NOC-2026-000012' },
    ]);
    // 1500 + 800.50 + 600 + 100 + 0.34
    expect(result).toMatchObject({ totalBeforeCap: 3000.84, total: 3000.84, capped: false });
  });

  it('names a still-unacknowledged attention clock', () => {
    const result = sitePenalty(inputs({ incidents: [line('NOC-2026-000020', 'S1', late(120, null), { ...met, state: 'pending', tookSeconds: null })] }));
    expect(result.items.map((item) => item.reason)).toEqual(['NOC-2026-000020 S1 attention 2 min late (still unacknowledged at 2026-05-01T04:00:00.000Z)']);
  });

  it('caps the total at cap% of the fee; reaching the cap exactly is not capping', () => {
    const small = { site: 'small', terms: contract.sites['small'] ?? { monthly_fee: 0 }, availability: { percent: 100, of: null } };
    const over = sitePenalty(inputs({ ...small, incidents: [line('NOC-1', 'S1', late(60), met)] }));
    expect(over).toMatchObject({ monthlyFee: 1000, totalBeforeCap: 1500, total: 200, capped: true });
    const exact = sitePenalty(inputs({ ...small, incidents: [line('NOC-1', 'S4', late(60), met), line('NOC-2', 'S4', late(60), met)] }));
    expect(exact).toMatchObject({ totalBeforeCap: 200, total: 200, capped: false });
  });

  it('rounds the fee and percentages of it to cents, half away from zero', () => {
    const odd = ContractConfig.parse({ sites: { x: { monthly_fee: 1234.565 } }, availability_penalties: [{ below: 99, discount: 2.5 }], cap: 33.333 });
    const result = sitePenalty(inputs({ site: 'x', terms: { monthly_fee: 1234.565 }, contract: odd, availability: { percent: 90, of: null } }));
    // fee 123457 cents; 2.5% = 3086.425 → 3086 cents; cap 33.333% = 41151.92... → 41152 cents
    expect(result).toMatchObject({ monthlyFee: 1234.57, totalBeforeCap: 30.86, total: 30.86, capped: false });
    expect(result.items[0]?.reason).toBe('availability 90% below 99% (tier: 2.5% of 1234.57 USD)');
  });
});
