import { describe, expect, it } from 'vitest';
import { NocError } from '../../core/index.js';
import { ServiceConfig } from '../../config/index.js';
import { reportMonth } from '../period/report-month.js';
import { AvailabilityReport } from '../report-model.js';
import type { MaintenanceWindow } from './apply-maintenance.js';
import { buildAvailabilityReport, type AvailabilityInputs } from './build-availability-report.js';
import type { StateTimeline } from './state-timeline.js';
import { isoOf, timeline, utc } from './testing/timeline-fixtures.js';

const APRIL = reportMonth('2026-04', 'UTC'); // 30 days: 2 592 000 s; 0.01% of it is 259.2 s
const START = '2026-04-01T00:00';
const END = '2026-05-01T00:00';

/** A percentage written as the hand-computed fraction it comes from. */
function percent(up: number, upAndDown: number): number {
  return expect.closeTo((up / upAndDown) * 100, 9) as number;
}

function outage(start: string, end: string, seconds: number, ongoing = false): { start: string; end: string; seconds: number; ongoing: boolean } {
  return { start: isoOf(start), end: isoOf(end), seconds, ongoing };
}

function window(target: string, name: string, source: 'config' | 'api', start: string, end: string): MaintenanceWindow {
  return { target, name, source, start: utc(start), end: utc(end) };
}

function inputs(overrides: Partial<AvailabilityInputs>): AvailabilityInputs {
  return {
    span: APRIL,
    measuredTo: APRIL.to,
    generatedAt: utc('2026-05-01T00:05'),
    targetPercent: 99.99,
    targets: [],
    probeTimelines: new Map(),
    maintenance: [],
    services: [],
    ...overrides,
  };
}

describe('buildAvailabilityReport: April 2026 (UTC, 30 days)', () => {
  const probeTimelines = new Map<string, StateTimeline[]>([
    [
      'sbc-mx-1',
      [
        // SIP: down 17 min 30 s on the 3rd; unknown 10 min after midnight on the 11th; collector out 45 min on the 15th.
        timeline(START, 'up', '2026-04-03T10:00', 'down', '2026-04-03T10:17:30', 'up', '2026-04-11T00:00', 'unknown', '2026-04-11T00:10', 'up',
          '2026-04-15T08:00', 'unknown', '2026-04-15T08:45', 'up', END),
        // Ping: down inside the SIP outage; down 30 min across midnight 10th → 11th; unknown 30 of those 45 min.
        timeline(START, 'up', '2026-04-03T10:05', 'down', '2026-04-03T10:15', 'up', '2026-04-10T23:50', 'down', '2026-04-11T00:20', 'up',
          '2026-04-15T08:00', 'unknown', '2026-04-15T08:30', 'up', END),
      ],
    ],
    // Down 10:30–11:30 (inside maintenance), 12:50–13:10 (the last 10 min outside it), and from 23:55 on the 30th on.
    ['sbc-mx-2', [timeline(START, 'up', '2026-04-20T10:30', 'down', '2026-04-20T11:30', 'up', '2026-04-20T12:50', 'down', '2026-04-20T13:10', 'up',
      '2026-04-30T23:55', 'down', END)]],
    ['core-1', [timeline(START, 'up', '2026-04-05T06:00', 'down', '2026-04-05T06:04', 'up', END)]],
  ]);
  const maintenance = [
    window('sbc-mx-2', 'extension', 'api', '2026-04-20T11:00', '2026-04-20T13:00'),
    window('core-1', 'power', 'config', '2026-03-31T22:00', '2026-04-01T01:00'),
    window('sbc-mx-2', 'upgrade', 'config', '2026-04-20T10:00', '2026-04-20T12:00'),
    window('ghost', 'not a target', 'api', '2026-04-02T00:00', '2026-04-03T00:00'),
  ];
  const services = [
    ServiceConfig.parse({ name: 'sip-mx', site: 'mx', members: ['core-1', 'sbcs-mx'] }),
    ServiceConfig.parse({ name: 'sbcs-mx', require: 'any', members: [{ role: 'sbc', site: 'mx' }] }),
  ];
  const report = buildAvailabilityReport(inputs({
    targets: [
      { id: 'sbc-mx-2', role: 'sbc', site: 'mx' },
      { id: 'db-cl-1', role: 'database', site: 'cl' },
      { id: 'sbc-mx-1', role: 'sbc', site: 'mx' },
      { id: 'core-1', role: 'core', site: 'mx' },
    ],
    probeTimelines,
    maintenance,
    services,
  }));

  const core1 = {
    upSeconds: 2_588_160, downSeconds: 240, unknownSeconds: 0, maintenanceSeconds: 3600,
    availabilityPercent: percent(2_588_160, 2_588_400), targetPercent: 99.99,
    allowedDowntimeSeconds: 258.84, errorBudgetLeftSeconds: 18.84, met: true,
    outages: 1, mttrSeconds: 240, mtbfSeconds: 2_588_160,
  };
  const noData = {
    upSeconds: 0, downSeconds: 0, unknownSeconds: 2_592_000, maintenanceSeconds: 0,
    availabilityPercent: null, targetPercent: 99.99,
    allowedDowntimeSeconds: 259.2, errorBudgetLeftSeconds: 259.2, met: null,
    outages: 0, mttrSeconds: null, mtbfSeconds: null,
  };

  it('is a valid report of the schema, with the period and generation time', () => {
    expect(AvailabilityReport.parse(report)).toEqual(report);
    expect(report.schema).toBe('noc.report.availability/v1');
    expect(report.generatedAt).toBe('2026-05-01T00:05:00.000Z');
    expect(report.period).toEqual({
      month: '2026-04', timeZone: 'UTC', from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z',
      seconds: 2_592_000, measuredTo: '2026-05-01T00:00:00.000Z',
    });
  });

  it('reports each target, sorted by id, with outages and maintenance to the second', () => {
    expect(report.targets.map((target) => target.target)).toEqual(['core-1', 'db-cl-1', 'sbc-mx-1', 'sbc-mx-2']);
    const [core, db, sbc1, sbc2] = report.targets;
    expect(core).toEqual({
      target: 'core-1', role: 'core', site: 'mx', ...core1,
      outageList: [outage('2026-04-05T06:00', '2026-04-05T06:04', 240)],
      // The window began the day before: only its part in April is listed and excluded.
      maintenanceList: [{ name: 'power', source: 'config', start: isoOf(START), end: isoOf('2026-04-01T01:00'), seconds: 3600 }],
    });
    expect(db).toEqual({ target: 'db-cl-1', role: 'database', site: 'cl', ...noData, outageList: [], maintenanceList: [] });
    expect(sbc1).toEqual({
      target: 'sbc-mx-1', role: 'sbc', site: 'mx',
      // down 1050 + 1800 s; unknown 45 min; up the rest of 2 592 000 s.
      upSeconds: 2_586_450, downSeconds: 2850, unknownSeconds: 2700, maintenanceSeconds: 0,
      availabilityPercent: percent(2_586_450, 2_589_300), targetPercent: 99.99,
      allowedDowntimeSeconds: 259.2, errorBudgetLeftSeconds: -2590.8, met: false,
      outages: 2, mttrSeconds: 1425, mtbfSeconds: 1_293_225,
      outageList: [outage('2026-04-03T10:00', '2026-04-03T10:17:30', 1050), outage('2026-04-10T23:50', '2026-04-11T00:20', 1800)],
      maintenanceList: [],
    });
    expect(sbc2).toEqual({
      target: 'sbc-mx-2', role: 'sbc', site: 'mx',
      // maintenance 10:00–13:00 (3 h, the two windows counted once); down 600 + 300 s.
      upSeconds: 2_580_300, downSeconds: 900, unknownSeconds: 0, maintenanceSeconds: 10_800,
      availabilityPercent: percent(2_580_300, 2_581_200), targetPercent: 99.99,
      allowedDowntimeSeconds: 258.12, errorBudgetLeftSeconds: -641.88, met: false,
      outages: 2, mttrSeconds: 450, mtbfSeconds: 1_290_150,
      outageList: [outage('2026-04-20T13:00', '2026-04-20T13:10', 600), outage('2026-04-30T23:55', END, 300, true)],
      maintenanceList: [
        { name: 'upgrade', source: 'config', start: isoOf('2026-04-20T10:00'), end: isoOf('2026-04-20T12:00'), seconds: 7200 },
        { name: 'extension', source: 'api', start: isoOf('2026-04-20T11:00'), end: isoOf('2026-04-20T13:00'), seconds: 7200 },
      ],
    });
  });

  it('sums roles and sites, sorted by key, and all targets in the totals', () => {
    expect(report.roles.map((role) => [role.key, role.targets])).toEqual([['core', 1], ['database', 1], ['sbc', 2]]);
    expect(report.roles[0]).toEqual({ key: 'core', targets: 1, ...core1 });
    expect(report.roles[1]).toEqual({ key: 'database', targets: 1, ...noData });
    expect(report.roles[2]).toEqual({
      key: 'sbc', targets: 2,
      upSeconds: 5_166_750, downSeconds: 3750, unknownSeconds: 2700, maintenanceSeconds: 10_800,
      availabilityPercent: percent(5_166_750, 5_170_500), targetPercent: 99.99,
      allowedDowntimeSeconds: 517.32, errorBudgetLeftSeconds: -3232.68, met: false,
      outages: 4, mttrSeconds: 937.5, mtbfSeconds: 1_291_687.5,
    });
    expect(report.sites.map((site) => [site.key, site.targets])).toEqual([['cl', 1], ['mx', 3]]);
    expect(report.sites[0]).toEqual({ key: 'cl', targets: 1, ...noData });
    const mx = {
      upSeconds: 7_754_910, downSeconds: 3990, maintenanceSeconds: 14_400,
      availabilityPercent: percent(7_754_910, 7_758_900), targetPercent: 99.99, met: false,
      outages: 5, mttrSeconds: 798, mtbfSeconds: 1_550_982,
    };
    expect(report.sites[1]).toEqual({ key: 'mx', targets: 3, ...mx, unknownSeconds: 2700, allowedDowntimeSeconds: 776.16, errorBudgetLeftSeconds: -3213.84 });
    // All four targets: 4 × 2 592 000 s, of which db-cl-1's month is unknown.
    expect(report.totals).toEqual({ key: 'all', targets: 4, ...mx, unknownSeconds: 2_594_700, allowedDowntimeSeconds: 1035.36, errorBudgetLeftSeconds: -2954.64 });
  });

  it('composes services in config order from the targets after maintenance', () => {
    expect(report.services.map((service) => service.service)).toEqual(['sip-mx', 'sbcs-mx']);
    const [sip, sbcs] = report.services;
    // The two SBCs are never down together: the any-of service is up all month.
    expect(sbcs).toEqual({
      service: 'sbcs-mx', site: null, require: 'any', members: ['sbc-mx-1', 'sbc-mx-2'],
      upSeconds: 2_592_000, downSeconds: 0, unknownSeconds: 0, maintenanceSeconds: 0,
      availabilityPercent: 100, targetPercent: 99.99, allowedDowntimeSeconds: 259.2, errorBudgetLeftSeconds: 259.2, met: true,
      outages: 0, mttrSeconds: null, mtbfSeconds: null, outageList: [],
    });
    // All of core-1 and sbcs-mx: core-1's maintenance leaves it undecided (maintenance), its outage makes it down.
    expect(sip).toEqual({
      service: 'sip-mx', site: 'mx', require: 'all', members: ['core-1', 'sbcs-mx'], ...core1,
      outageList: [outage('2026-04-05T06:00', '2026-04-05T06:04', 240)],
    });
  });

  it('gives the same report for the same inputs', () => {
    const again = buildAvailabilityReport(inputs({
      targets: [
        { id: 'core-1', role: 'core', site: 'mx' },
        { id: 'db-cl-1', role: 'database', site: 'cl' },
        { id: 'sbc-mx-1', role: 'sbc', site: 'mx' },
        { id: 'sbc-mx-2', role: 'sbc', site: 'mx' },
      ],
      probeTimelines,
      maintenance: [...maintenance].reverse(),
      services,
    }));
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  });
});

describe('buildAvailabilityReport: the running month', () => {
  // Measured up to 20 April 12:30: 19 days 12.5 hours = 1 686 600 s; 0.01% of it is 168.66 s.
  const measuredTo = utc('2026-04-20T12:30');
  const report = buildAvailabilityReport(inputs({
    measuredTo,
    generatedAt: measuredTo,
    targets: [{ id: 'host-1', role: 'host', site: 'mx' }, { id: 'host-2', role: 'host', site: 'mx' }],
    probeTimelines: new Map([
      ['host-1', [timeline(START, 'up', '2026-04-20T12:10', 'down', '2026-04-20T12:30')]],
      ['host-2', [timeline(START, 'up', '2026-04-20T13:00')]], // reaches past measuredTo: clipped
    ]),
    maintenance: [
      window('host-2', 'patching', 'api', '2026-04-20T12:00', '2026-04-20T15:00'),
      window('host-2', 'later', 'config', '2026-04-21T00:00', '2026-04-21T01:00'),
    ],
  }));

  it('measures up to report time and marks the outage still running as ongoing', () => {
    expect(AvailabilityReport.parse(report)).toEqual(report);
    expect(report.period).toMatchObject({ seconds: 2_592_000, measuredTo: '2026-04-20T12:30:00.000Z', to: '2026-05-01T00:00:00.000Z' });
    expect(report.targets[0]).toMatchObject({
      upSeconds: 1_685_400, downSeconds: 1200, unknownSeconds: 0, maintenanceSeconds: 0,
      allowedDowntimeSeconds: 168.66, errorBudgetLeftSeconds: -1031.34, met: false, outages: 1, mttrSeconds: 1200,
      outageList: [outage('2026-04-20T12:10', '2026-04-20T12:30', 1200, true)],
    });
  });

  it('lists and excludes only the maintenance before report time', () => {
    expect(report.targets[1]).toMatchObject({
      upSeconds: 1_684_800, downSeconds: 0, maintenanceSeconds: 1800,
      availabilityPercent: 100, allowedDowntimeSeconds: 168.48, errorBudgetLeftSeconds: 168.48, met: true, outages: 0,
      maintenanceList: [{ name: 'patching', source: 'api', start: isoOf('2026-04-20T12:00'), end: isoOf('2026-04-20T12:30'), seconds: 1800 }],
    });
  });

  it('rejects a measuredTo outside the month', () => {
    expect(() => buildAvailabilityReport(inputs({ measuredTo: utc('2026-05-01T00:00:01') }))).toThrow(NocError);
    expect(() => buildAvailabilityReport(inputs({ measuredTo: utc('2026-03-31T23:59') }))).toThrow(/measuredTo must be within the month/);
  });

  it('has nothing measured before the month begins', () => {
    const empty = buildAvailabilityReport(inputs({ measuredTo: APRIL.from, targets: [{ id: 'host-1', role: 'host', site: 'mx' }] }));
    expect(empty.targets[0]).toMatchObject({ upSeconds: 0, unknownSeconds: 0, availabilityPercent: null, allowedDowntimeSeconds: 0, outageList: [] });
  });
});

describe('buildAvailabilityReport: month length', () => {
  function oneTarget(month: string, timeZone: string, probe: (from: number, to: number) => StateTimeline): AvailabilityReport {
    const span = reportMonth(month, timeZone);
    return buildAvailabilityReport(inputs({
      span,
      measuredTo: span.to,
      targets: [{ id: 'core-1', role: 'core', site: 'cl' }],
      probeTimelines: new Map([['core-1', [probe(span.from, span.to)]]]),
    }));
  }
  const allUp = (from: number, to: number): StateTimeline => [{ start: from, end: to, state: 'up' }];
  const downFor = (seconds: number) => (from: number, to: number): StateTimeline => {
    const start = utc('2026-07-15T12:00');
    return [{ start: from, end: start, state: 'up' }, { start, end: start + seconds * 1000, state: 'down' }, { start: start + seconds * 1000, end: to, state: 'up' }];
  };

  it('allows 267.84 s in a 31-day month: 267 s down meets 99.99%, 268 s does not', () => {
    const within = oneTarget('2026-07', 'UTC', downFor(267));
    expect(within.period.seconds).toBe(2_678_400);
    expect(within.targets[0]).toMatchObject({ allowedDowntimeSeconds: 267.84, errorBudgetLeftSeconds: 0.84, met: true, upSeconds: 2_678_133 });
    const over = oneTarget('2026-07', 'UTC', downFor(268));
    expect(over.targets[0]).toMatchObject({ allowedDowntimeSeconds: 267.84, errorBudgetLeftSeconds: -0.16, met: false });
  });

  it('follows DST in America/Santiago: April has 30 days + 1 h, September 30 days − 1 h', () => {
    const april = oneTarget('2026-04', 'America/Santiago', allUp);
    expect(april.period).toMatchObject({ from: '2026-04-01T03:00:00.000Z', to: '2026-05-01T04:00:00.000Z', seconds: 2_595_600 });
    expect(april.targets[0]).toMatchObject({ upSeconds: 2_595_600, allowedDowntimeSeconds: 259.56, errorBudgetLeftSeconds: 259.56, availabilityPercent: 100 });
    const september = oneTarget('2026-09', 'America/Santiago', allUp);
    expect(september.period).toMatchObject({ from: '2026-09-01T04:00:00.000Z', to: '2026-10-01T03:00:00.000Z', seconds: 2_588_400 });
    expect(september.targets[0]).toMatchObject({ upSeconds: 2_588_400, allowedDowntimeSeconds: 258.84 });
  });

  it('counts an outage on the evening of 30 April in Santiago in April, though it is 1 May in UTC', () => {
    const april = oneTarget('2026-04', 'America/Santiago', (from, to) => timeline(
      new Date(from).toISOString(), 'up', '2026-05-01T03:30', 'down', '2026-05-01T03:40', 'up', new Date(to).toISOString(),
    ));
    expect(april.targets[0]).toMatchObject({
      downSeconds: 600, upSeconds: 2_595_000, errorBudgetLeftSeconds: -340.44,
      outageList: [outage('2026-05-01T03:30', '2026-05-01T03:40', 600)],
    });
  });
});
