import { describe, expect, it } from 'vitest';
import { ContractConfig } from '../config/index.js';
import type { Incident, Severity } from '../core/index.js';
import { buildSlaReport, type SlaInputs } from './build-sla-report.js';
import { reportMonth } from './period/report-month.js';
import { SlaReport } from './report-model.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Attention and solution times per severity. */
const TIMES: Readonly<Record<Severity, readonly [number, number]>> = {
  S1: [15 * MIN, 4 * HOUR],
  S2: [30 * MIN, 8 * HOUR],
  S3: [2 * HOUR, 24 * HOUR],
  S4: [8 * HOUR, 72 * HOUR],
};

function incident(seq: number, severity: Severity, site: string, registered: string, acknowledged?: string, resolved?: string): Incident {
  const registeredAt = Date.parse(registered);
  const [attention, solution] = TIMES[severity];
  return {
    number: `NOC-2026-${String(seq).padStart(6, '0')}`,
    title: `incident ${String(seq)}`,
    description: '',
    severity,
    status: resolved !== undefined ? 'resolved' : acknowledged !== undefined ? 'diagnosing' : 'registered',
    level: 'L1',
    channel: 'monitoring',
    registeredBy: 'alerter',
    affectedTargets: [],
    affectedUsers: 0,
    labels: { site },
    occurredAt: registeredAt,
    registeredAt,
    ...(acknowledged === undefined ? {} : { acknowledgedAt: Date.parse(acknowledged) }),
    ...(resolved === undefined ? {} : { resolvedAt: Date.parse(resolved) }),
    attentionDue: registeredAt + attention,
    solutionDue: registeredAt + solution,
    version: 1,
  };
}

// April 2026 in America/Santiago: [2026-04-01T03:00Z, 2026-05-01T04:00Z) (DST ends on 5 April).
const APRIL = reportMonth('2026-04', 'America/Santiago');
const MONTH_END = Date.parse('2026-05-01T04:00:00Z');

const INCIDENTS: readonly Incident[] = [
  // Listed out of registration order on purpose.
  incident(13, 'S1', 'mx', '2026-04-25T06:00:00Z', '2026-04-25T06:14:59Z', '2026-04-25T10:00:00.500Z'), // solution 0.5 s late
  incident(1, 'S1', 'mx', '2026-04-02T10:00:00Z', '2026-04-02T10:10:00Z', '2026-04-02T13:00:00Z'), // all in time
  incident(2, 'S1', 'mx', '2026-04-03T12:00:00Z', '2026-04-03T12:40:10Z', '2026-04-03T15:00:00Z'), // acknowledged late, solved in time
  incident(3, 'S2', 'mx', '2026-04-05T08:00:00Z', undefined, '2026-04-05T08:20:00Z'), // recovered before acknowledgement
  incident(4, 'S2', 'cl', '2026-04-10T00:00:00Z', '2026-04-10T00:45:00Z', '2026-04-10T09:30:00Z'), // both late
  incident(5, 'S3', 'mx', '2026-04-29T20:00:00Z', '2026-04-29T20:30:00Z'), // open, solution past due at report time
  incident(6, 'S4', 'mx', '2026-04-30T22:00:00Z', '2026-04-30T23:00:00Z'), // open, solution not yet due
  incident(7, 'S3', 'mx', '2026-04-01T02:59:59.999Z', undefined, '2026-04-01T09:00:00Z'), // 31 March local: not in April
  incident(8, 'S4', 'pe', '2026-04-01T03:00:00Z', '2026-04-01T03:30:00Z', '2026-04-01T05:00:00Z'), // first instant of April
  incident(9, 'S1', 'mx', '2026-05-01T04:00:00Z'), // 1 May local: not in April
  incident(10, 'S4', 'pe', '2026-05-01T03:59:59Z'), // 30 April 23:59:59 local: pending
  incident(11, 'S3', 'cl', '2026-04-15T12:00:00Z', undefined, '2026-04-15T15:00:00Z'), // recovered unacknowledged but late
  incident(12, 'S4', 'cl', '2026-04-20T00:00:00Z', '2026-04-20T08:30:30Z', '2026-04-23T01:00:00Z'), // both late
];

const CONTRACT = ContractConfig.parse({
  currency: 'MXN',
  sites: {
    mx: { monthly_fee: 250000, service: 'sip-mx' },
    cl: { monthly_fee: 80000 },
    co: { monthly_fee: 1000 },
  },
  availability_penalties: [
    { below: 99.99, discount: 5 },
    { below: 99.9, discount: 10 },
    { below: 99, discount: 25 },
  ],
  compliance_penalties: [
    { below: 98, discount: 2 },
    { below: 90, discount: 5 },
    { below: 50, discount: 10 },
  ],
  incident_penalties: {
    attention_missed: { S1: 1500, S2: 800.5, S3: 0, S4: 100 },
    solution_missed: { S1: 3000, S2: 1200, S3: 600, S4: 0.335 },
  },
  cap: 20,
});

function inputs(overrides: Partial<SlaInputs> = {}): SlaInputs {
  return {
    span: APRIL,
    now: MONTH_END,
    generatedAt: MONTH_END + 5000,
    incidents: INCIDENTS,
    siteOf: (entry) => entry.labels['site'] ?? 'unassigned',
    complianceTarget: 98,
    contract: CONTRACT,
    siteAvailability: new Map([
      ['mx', { percent: 99.9512, of: 'sip-mx' }],
      ['cl', { percent: 98.5, of: null }],
      ['co', { percent: 100, of: null }],
    ]),
    ...overrides,
  };
}

function figures(key: string, incidents: number, decided: number, withinSla: number, attentionMissed: number, solutionMissed: number, compliancePercent: number | null) {
  return {
    key,
    incidents,
    decided,
    withinSla,
    attentionMissed,
    solutionMissed,
    pending: incidents - decided,
    compliancePercent,
    targetPercent: 98,
    met: compliancePercent === null ? null : compliancePercent >= 98,
  };
}

describe('buildSlaReport', () => {
  const report = SlaReport.parse(buildSlaReport(inputs()));

  it('covers the month in the contract time zone', () => {
    expect(report.schema).toBe('noc.report.sla/v1');
    expect(report.generatedAt).toBe('2026-05-01T04:00:05.000Z');
    expect(report.period).toEqual({
      month: '2026-04',
      timeZone: 'America/Santiago',
      from: '2026-04-01T03:00:00.000Z',
      to: '2026-05-01T04:00:00.000Z',
      seconds: 30 * 86_400 + 3600,
      measuredTo: '2026-05-01T04:00:00.000Z',
    });
  });

  it('lists the incidents registered in the month, in registration order, with both clocks', () => {
    const rows = report.incidents.map((entry) => [
      entry.number.slice(-2),
      entry.site,
      entry.attention.state,
      entry.attention.allowedSeconds,
      entry.attention.tookSeconds,
      entry.attention.lateSeconds,
      entry.solution.state,
      entry.solution.allowedSeconds,
      entry.solution.tookSeconds,
      entry.solution.lateSeconds,
      entry.withinSla,
    ]);
    expect(rows).toEqual([
      ['08', 'pe', 'met', 28_800, 1800, null, 'met', 259_200, 7200, null, true],
      ['01', 'mx', 'met', 900, 600, null, 'met', 14_400, 10_800, null, true],
      ['02', 'mx', 'missed', 900, 2410, 1510, 'met', 14_400, 10_800, null, false],
      ['03', 'mx', 'met', 1800, 1200, null, 'met', 28_800, 1200, null, true],
      ['04', 'cl', 'missed', 1800, 2700, 900, 'missed', 28_800, 34_200, 5400, false],
      ['11', 'cl', 'missed', 7200, 10_800, 3600, 'met', 86_400, 10_800, null, false],
      ['12', 'cl', 'missed', 28_800, 30_630, 1830, 'missed', 259_200, 262_800, 3600, false],
      ['13', 'mx', 'met', 900, 899, null, 'missed', 14_400, 14_400.5, 0.5, false],
      ['05', 'mx', 'met', 7200, 1800, null, 'missed', 86_400, null, 28_800, false],
      ['06', 'mx', 'met', 28_800, 3600, null, 'pending', 259_200, null, null, null],
      ['10', 'pe', 'pending', 28_800, null, null, 'pending', 259_200, null, null, null],
    ]);
    expect(report.incidents[9]).toMatchObject({
      number: 'NOC-2026-000006',
      status: 'diagnosing',
      registeredAt: '2026-04-30T22:00:00.000Z',
      acknowledgedAt: '2026-04-30T23:00:00.000Z',
      resolvedAt: null,
      solution: { due: '2026-05-03T22:00:00.000Z' },
    });
  });

  it('computes compliance in total, per severity and per site', () => {
    // Decided 9 (all but 06 and 10), within SLA 3 (08, 01, 03).
    expect(report.totals).toEqual(figures('all', 11, 9, 3, 4, 4, 100 / 3));
    expect(report.bySeverity).toEqual([
      figures('S1', 3, 3, 1, 1, 1, 100 / 3),
      figures('S2', 2, 2, 1, 1, 1, 50),
      figures('S3', 2, 2, 0, 1, 1, 0),
      figures('S4', 4, 2, 1, 1, 1, 50),
    ]);
    expect(report.bySite).toEqual([figures('cl', 3, 3, 0, 3, 2, 0), figures('mx', 6, 5, 2, 1, 2, 40), figures('pe', 2, 1, 1, 0, 0, 100)]);
  });

  it('computes the penalties of every contract site, auditable and capped', () => {
    expect(report.penalties).toEqual({
      currency: 'MXN',
      capPercent: 20,
      sites: [
        {
          site: 'cl',
          monthlyFee: 80000,
          availabilityPercent: 98.5,
          availabilityOf: null,
          compliancePercent: 0,
          items: [
            { kind: 'availability', reason: 'availability 98.5% below 99% (tier: 25% of 80000.00 MXN)', amount: 20000, incident: null },
            {
              kind: 'compliance',
              reason: 'compliance 0% below 50% (0 of 3 decided incidents within SLA; tier: 10% of 80000.00 MXN)',
              amount: 8000,
              incident: null,
            },
            { kind: 'attention_missed', reason: 'NOC-2026-000004 S2 attention 15 min late', amount: 800.5, incident: 'NOC-2026-000004' },
            { kind: 'solution_missed', reason: 'NOC-2026-000004 S2 solution 1 h 30 min late', amount: 1200, incident: 'NOC-2026-000004' },
            // NOC-2026-000011 missed attention, which costs nothing for S3.
            { kind: 'attention_missed', reason: 'NOC-2026-000012 S4 attention 30 min 30 s late', amount: 100, incident: 'NOC-2026-000012' },
            { kind: 'solution_missed', reason: 'NOC-2026-000012 S4 solution 1 h late', amount: 0.34, incident: 'NOC-2026-000012' },
          ],
          // 20000 + 8000 + 800.50 + 1200 + 100 + 0.34; cap 20% of 80000
          totalBeforeCap: 30100.84,
          total: 16000,
          capped: true,
        },
        { site: 'co', monthlyFee: 1000, availabilityPercent: 100, availabilityOf: null, compliancePercent: null, items: [], totalBeforeCap: 0, total: 0, capped: false },
        {
          site: 'mx',
          monthlyFee: 250000,
          availabilityPercent: 99.9512,
          availabilityOf: 'sip-mx',
          compliancePercent: 40,
          items: [
            { kind: 'availability', reason: 'availability of sip-mx 99.9512% below 99.99% (tier: 5% of 250000.00 MXN)', amount: 12500, incident: null },
            {
              kind: 'compliance',
              reason: 'compliance 40% below 50% (2 of 5 decided incidents within SLA; tier: 10% of 250000.00 MXN)',
              amount: 25000,
              incident: null,
            },
            { kind: 'attention_missed', reason: 'NOC-2026-000002 S1 attention 25 min 10 s late', amount: 1500, incident: 'NOC-2026-000002' },
            { kind: 'solution_missed', reason: 'NOC-2026-000013 S1 solution 0.5 s late', amount: 3000, incident: 'NOC-2026-000013' },
            {
              kind: 'solution_missed',
              reason: 'NOC-2026-000005 S3 solution 8 h late (still unresolved at 2026-05-01T04:00:00.000Z)',
              amount: 600,
              incident: 'NOC-2026-000005',
            },
          ],
          // 12500 + 25000 + 1500 + 3000 + 600, under the cap of 50000
          totalBeforeCap: 42600,
          total: 42600,
          capped: false,
        },
      ],
      // pe is not in the contract: its incidents count in compliance only.
      total: 58600,
    });
  });

  it('has no penalties without a contract', () => {
    const withContract = inputs();
    const plain = SlaReport.parse(
      buildSlaReport({
        span: withContract.span,
        now: withContract.now,
        generatedAt: withContract.generatedAt,
        incidents: withContract.incidents,
        siteOf: withContract.siteOf,
        complianceTarget: withContract.complianceTarget,
        siteAvailability: withContract.siteAvailability,
      }),
    );
    expect(plain.penalties).toBeNull();
    expect(plain.totals).toEqual(report.totals);
  });

  it('gives the same decided outcomes when built again later', () => {
    const later = SlaReport.parse(buildSlaReport(inputs({ now: MONTH_END + 10 * 86_400_000, generatedAt: MONTH_END + 10 * 86_400_000 })));
    expect(later.period).toEqual(report.period);
    expect(later.incidents.map((entry) => entry.number)).toEqual(report.incidents.map((entry) => entry.number));
    for (const [index, entry] of report.incidents.entries()) {
      const again = later.incidents[index];
      for (const clock of ['attention', 'solution'] as const) {
        if (entry[clock].state === 'pending') continue;
        expect(again?.[clock].state).toBe(entry[clock].state);
        if (entry[clock].tookSeconds !== null) expect(again?.[clock]).toEqual(entry[clock]);
      }
      if (entry.withinSla !== null) expect(again?.withinSla).toBe(entry.withinSla);
    }
    // NOC-2026-000005 is still open: its lateness keeps counting up to the report time.
    expect(later.incidents[8]?.solution).toMatchObject({ state: 'missed', lateSeconds: 28_800 + 10 * 86_400 });
    // NOC-2026-000006's solution came due on 3 May; NOC-2026-000010's attention on 1 May 11:59:59Z.
    expect(later.incidents[9]?.solution).toMatchObject({ state: 'missed', lateSeconds: 7 * 86_400 + 6 * 3600 });
    expect(later.incidents[10]?.attention.state).toBe('missed');
  });

  it('measures the current month up to the report time', () => {
    const now = Date.parse('2026-04-12T00:00:00Z');
    const registered = INCIDENTS.filter((entry) => entry.registeredAt < now);
    const midMonth = SlaReport.parse(buildSlaReport(inputs({ now, generatedAt: now, incidents: registered })));
    expect(midMonth.period.measuredTo).toBe('2026-04-12T00:00:00.000Z');
    expect(midMonth.incidents.map((entry) => entry.number.slice(-2))).toEqual(['08', '01', '02', '03', '04']);
    expect(midMonth.totals).toEqual(figures('all', 5, 5, 3, 2, 1, 60));
  });

  it('counts incidents by the caller\'s site rule and rejects a non-finite target', () => {
    const unassigned = buildSlaReport(inputs({ siteOf: () => 'unassigned' }));
    expect(unassigned.bySite.map((entry) => [entry.key, entry.incidents])).toEqual([['unassigned', 11]]);
    // No contract site had incidents: only the availability tiers apply.
    expect(unassigned.penalties?.sites.map((site) => [site.site, site.compliancePercent, site.total])).toEqual([
      ['cl', null, 16000],
      ['co', null, 0],
      ['mx', null, 12500],
    ]);
    expect(() => buildSlaReport(inputs({ complianceTarget: Number.NaN }))).toThrow(/complianceTarget must be a finite number/);
  });
});
