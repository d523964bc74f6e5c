import { AvailabilityReport, type AvailabilityFigures, SlaReport } from '../../report-model.js';

// Hand-computed reports for April 2026 in America/Santiago: the month starts at -03 and ends at -04 (DST
// ends on 5 April), so it lasts 30 d + 1 h = 2 595 600 s.

/** A name that breaks HTML unless escaped. */
export const HOSTILE_TARGET = '<script>alert("x")</script>';
/** A site name with every character HTML and CSV escape. */
export const HOSTILE_SITE = `"&'`;

const MONTH_SECONDS = 2_595_600;

const PERIOD = {
  month: '2026-04',
  timeZone: 'America/Santiago',
  from: '2026-04-01T03:00:00.000Z',
  to: '2026-05-01T04:00:00.000Z',
  seconds: MONTH_SECONDS,
  measuredTo: '2026-05-01T04:00:00.000Z',
};

/**
 * sbc-1: 1 h maintenance, 30 min unknown, outages of 120 s and 180 s. Allowed: 0.01 % of (2 595 600 −
 * 3 600) = 259.2 s; budget left 259.2 − 300 = −40.8 s; availability 2 589 900 / 2 590 200.
 */
const SBC: AvailabilityFigures = {
  upSeconds: 2_589_900,
  downSeconds: 300,
  unknownSeconds: 1800,
  maintenanceSeconds: 3600,
  availabilityPercent: (100 * 2_589_900) / 2_590_200,
  targetPercent: 99.99,
  allowedDowntimeSeconds: 259.2,
  errorBudgetLeftSeconds: -40.8,
  met: false,
  outages: 2,
  mttrSeconds: 150,
  mtbfSeconds: 1_294_950,
};

/** The hostile-named core: up the whole month. */
const CORE: AvailabilityFigures = {
  upSeconds: MONTH_SECONDS,
  downSeconds: 0,
  unknownSeconds: 0,
  maintenanceSeconds: 0,
  availabilityPercent: 100,
  targetPercent: 99.99,
  allowedDowntimeSeconds: 259.56,
  errorBudgetLeftSeconds: 259.56,
  met: true,
  outages: 0,
  mttrSeconds: null,
  mtbfSeconds: null,
};

/** Both targets summed: allowed 0.01 % of (5 191 200 − 3 600) = 518.76 s. */
const TOTAL: AvailabilityFigures = {
  upSeconds: 5_185_500,
  downSeconds: 300,
  unknownSeconds: 1800,
  maintenanceSeconds: 3600,
  availabilityPercent: (100 * 5_185_500) / 5_185_800,
  targetPercent: 99.99,
  allowedDowntimeSeconds: 518.76,
  errorBudgetLeftSeconds: 218.76,
  met: true,
  outages: 2,
  mttrSeconds: 150,
  mtbfSeconds: 2_592_750,
};

const SBC_OUTAGES = [
  { start: '2026-04-03T17:05:00.000Z', end: '2026-04-03T17:07:00.000Z', seconds: 120, ongoing: false },
  { start: '2026-04-20T10:00:00.000Z', end: '2026-04-20T10:03:00.000Z', seconds: 180, ongoing: false },
];

/** The availability report of the fixture month, validated by its schema. */
export function availabilityFixture(): AvailabilityReport {
  return AvailabilityReport.parse({
    schema: 'noc.report.availability/v1',
    generatedAt: '2026-05-01T04:00:05.250Z',
    period: PERIOD,
    totals: { ...TOTAL, key: 'all', targets: 2 },
    targets: [
      {
        ...SBC,
        target: 'sbc-1',
        role: 'sbc',
        site: 'scl',
        outageList: SBC_OUTAGES,
        maintenanceList: [{ name: 'firmware upgrade', source: 'config', start: '2026-04-12T06:00:00.000Z', end: '2026-04-12T07:00:00.000Z', seconds: 3600 }],
      },
      { ...CORE, target: HOSTILE_TARGET, role: 'core', site: HOSTILE_SITE, outageList: [], maintenanceList: [] },
    ],
    roles: [
      { ...CORE, key: 'core', targets: 1 },
      { ...SBC, key: 'sbc', targets: 1 },
    ],
    sites: [
      { ...CORE, key: HOSTILE_SITE, targets: 1 },
      { ...SBC, key: 'scl', targets: 1 },
    ],
    services: [{ ...SBC, service: 'sip-scl', site: 'scl', require: 'all', members: ['sbc-1', HOSTILE_TARGET], outageList: SBC_OUTAGES }],
  });
}

/** A CSV/HTML hostile title. */
export const HOSTILE_TITLE = `<script>alert("x")</script> & 'quotes'`;
/** A title a spreadsheet would run as a formula. */
export const FORMULA_TITLE = '=HYPERLINK("http://evil.example")';

const compliance = (key: string, counts: [number, number, number, number, number, number], percent: number | null, met: boolean | null): object => ({
  key,
  incidents: counts[0],
  decided: counts[1],
  withinSla: counts[2],
  attentionMissed: counts[3],
  solutionMissed: counts[4],
  pending: counts[5],
  compliancePercent: percent,
  targetPercent: 98,
  met,
});

/**
 * Three incidents: an S1 within both times, an S2 attended 30 min late (7 200 s against 5 400 s), an S3
 * still open at the end of the month. One of two decided within SLA: 50 % against 98 %.
 */
export function slaFixture(): SlaReport {
  return SlaReport.parse({
    schema: 'noc.report.sla/v1',
    generatedAt: '2026-05-01T04:00:05.250Z',
    period: PERIOD,
    totals: compliance('all', [3, 2, 1, 1, 0, 1], 50, false),
    bySeverity: [
      compliance('S1', [1, 1, 1, 0, 0, 0], 100, true),
      compliance('S2', [1, 1, 0, 1, 0, 0], 0, false),
      compliance('S3', [1, 0, 0, 0, 0, 1], null, null),
    ],
    bySite: [compliance('scl', [2, 1, 1, 0, 0, 1], 100, true), compliance(HOSTILE_SITE, [1, 1, 0, 1, 0, 0], 0, false)],
    incidents: [
      {
        number: 'NOC-2026-000001',
        title: HOSTILE_TITLE,
        severity: 'S1',
        site: 'scl',
        status: 'resolved',
        registeredAt: '2026-04-03T17:05:00.000Z',
        acknowledgedAt: '2026-04-03T17:30:00.000Z',
        resolvedAt: '2026-04-03T19:05:00.000Z',
        attention: { state: 'met', due: '2026-04-03T18:05:00.000Z', allowedSeconds: 3600, tookSeconds: 1500, lateSeconds: null },
        solution: { state: 'met', due: '2026-04-03T20:05:00.000Z', allowedSeconds: 10_800, tookSeconds: 7200, lateSeconds: null },
        withinSla: true,
      },
      {
        number: 'NOC-2026-000002',
        title: 'Calls fail, "all" lines',
        severity: 'S2',
        site: HOSTILE_SITE,
        status: 'closed',
        registeredAt: '2026-04-10T12:00:00.000Z',
        acknowledgedAt: '2026-04-10T14:00:00.000Z',
        resolvedAt: '2026-04-10T15:00:00.000Z',
        attention: { state: 'missed', due: '2026-04-10T13:30:00.000Z', allowedSeconds: 5400, tookSeconds: 7200, lateSeconds: 1800 },
        solution: { state: 'met', due: '2026-04-10T16:00:00.000Z', allowedSeconds: 14_400, tookSeconds: 10_800, lateSeconds: null },
        withinSla: false,
      },
      {
        number: 'NOC-2026-000003',
        title: FORMULA_TITLE,
        severity: 'S3',
        site: 'scl',
        status: 'registered',
        registeredAt: '2026-05-01T02:00:00.000Z',
        acknowledgedAt: null,
        resolvedAt: null,
        attention: { state: 'pending', due: '2026-05-01T04:00:00.000Z', allowedSeconds: 7200, tookSeconds: null, lateSeconds: null },
        solution: { state: 'pending', due: '2026-05-01T06:00:00.000Z', allowedSeconds: 14_400, tookSeconds: null, lateSeconds: null },
        withinSla: null,
      },
    ],
    penalties: {
      currency: 'USD',
      capPercent: 20,
      total: 700,
      sites: [
        {
          site: 'scl',
          monthlyFee: 10_000,
          availabilityPercent: SBC.availabilityPercent,
          availabilityOf: 'sip-scl',
          compliancePercent: 100,
          items: [{ kind: 'availability', reason: 'availability 99.9884% below 99.99% (tier: 5%)', amount: 500, incident: null }],
          totalBeforeCap: 500,
          total: 500,
          capped: false,
        },
        {
          site: HOSTILE_SITE,
          monthlyFee: 1000,
          availabilityPercent: 100,
          availabilityOf: null,
          compliancePercent: 0,
          items: [
            { kind: 'compliance', reason: 'compliance 0% below 98% (tier: 10%)', amount: 100, incident: null },
            { kind: 'attention_missed', reason: 'NOC-2026-000002 S2 attention 30 min late', amount: 150.5, incident: 'NOC-2026-000002' },
          ],
          totalBeforeCap: 250.5,
          total: 200,
          capped: true,
        },
      ],
    },
  });
}
