// Canned monthly reports for the stub NOC, shaped as the report model (issue 9): `GET /api/v1/reports/availability`
// and `/reports/sla` as JSON, CSV and HTML. April 2026 in America/Santiago (the month DST ends: 30 days and
// 1 hour) has outages, a collector outage, maintenance, incidents meeting and missing their clocks, and
// penalties with a cap; any other month is quiet. A malformed month gets the API's 400.
import type express from 'express';

const ZONE = 'America/Santiago';
const BUSY_MONTH = '2026-04';
const AVAILABILITY_TARGET = 99.99;
const COMPLIANCE_TARGET = 98;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(t);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000;
}

/** Local midnight of the 1st of a month in the zone, as an instant. */
const firstOf = (year: number, monthIndex: number) => {
  const wall = Date.UTC(year, monthIndex, 1);
  return wall - offsetAt(wall - offsetAt(wall));
};

function periodOf(month: string) {
  const [, y, m] = MONTH.exec(month) as RegExpExecArray;
  const from = firstOf(Number(y), Number(m) - 1);
  const to = firstOf(Number(y), Number(m));
  return { month, timeZone: ZONE, from: new Date(from).toISOString(), to: new Date(to).toISOString(), seconds: (to - from) / 1000, measuredTo: new Date(to).toISOString() };
}

/** A month's figures from where the time went (`measured` = up + down + unknown + maintenance). */
function figures(measured: number, down: number, unknown: number, maintenance: number, outages: number) {
  const up = measured - down - unknown - maintenance;
  const availabilityPercent = up + down === 0 ? null : (up / (up + down)) * 100;
  const allowed = ((100 - AVAILABILITY_TARGET) / 100) * (measured - maintenance);
  return {
    upSeconds: up,
    downSeconds: down,
    unknownSeconds: unknown,
    maintenanceSeconds: maintenance,
    availabilityPercent,
    targetPercent: AVAILABILITY_TARGET,
    allowedDowntimeSeconds: allowed,
    errorBudgetLeftSeconds: allowed - down,
    met: availabilityPercent === null ? null : availabilityPercent >= AVAILABILITY_TARGET,
    outages,
    mttrSeconds: outages === 0 ? null : down / outages,
    mtbfSeconds: outages === 0 ? null : up / outages,
  };
}

interface TargetMonth {
  target: string;
  role: string;
  site: string;
  down: number;
  unknown: number;
  maintenance: number;
  outages: number;
}

const TARGETS: TargetMonth[] = [
  { target: 'core-1', role: 'core', site: 'cl', down: 0, unknown: 0, maintenance: 3600, outages: 0 },
  { target: 'core-2', role: 'core', site: 'co', down: 0, unknown: 600, maintenance: 0, outages: 0 },
  { target: 'db-1', role: 'database', site: 'cl', down: 240, unknown: 0, maintenance: 0, outages: 1 },
  { target: 'www', role: 'https', site: 'cl', down: 420, unknown: 0, maintenance: 0, outages: 3 },
  { target: 'sbc-mx-1', role: 'sbc', site: 'mx', down: 95, unknown: 1800, maintenance: 7200, outages: 1 },
  { target: 'sbc-co-1', role: 'sbc', site: 'co', down: 1260, unknown: 0, maintenance: 0, outages: 2 },
];

const SERVICES = [
  { service: 'sip-co', site: 'co', require: 'all' as const, members: ['sbc-co-1', 'core'], down: 1260, unknown: 0, maintenance: 0, outages: 2 },
  { service: 'sip-mx', site: 'mx', require: 'all' as const, members: ['sbc-mx-1', 'core'], down: 95, unknown: 1800, maintenance: 7200, outages: 1 },
  { service: 'core', site: null, require: 'any' as const, members: ['core-1', 'core-2'], down: 0, unknown: 0, maintenance: 0, outages: 0 },
  { service: 'registrar', site: null, require: 2, members: ['core-1', 'core-2', 'db-1'], down: 0, unknown: 0, maintenance: 0, outages: 0 },
];

const quiet = <T extends { down: number; unknown: number; maintenance: number; outages: number }>(row: T, busy: boolean): T => (busy ? row : { ...row, down: 0, unknown: 0, maintenance: 0, outages: 0 });

function group(key: string, rows: TargetMonth[], seconds: number) {
  const sum = (pick: (row: TargetMonth) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return { key, targets: rows.length, ...figures(seconds * rows.length, sum((r) => r.down), sum((r) => r.unknown), sum((r) => r.maintenance), sum((r) => r.outages)) };
}

function groupsBy(rows: TargetMonth[], keyOf: (row: TargetMonth) => string, seconds: number) {
  const keys = [...new Set(rows.map(keyOf))].sort();
  return keys.map((key) => group(key, rows.filter((row) => keyOf(row) === key), seconds));
}

function availabilityReport(month: string) {
  const period = periodOf(month);
  const busy = month === BUSY_MONTH;
  const targets = TARGETS.map((row) => quiet(row, busy));
  return {
    schema: 'noc.report.availability/v1',
    generatedAt: new Date(Date.parse(period.to) + 3_600_000).toISOString(),
    period,
    totals: group('all', targets, period.seconds),
    targets: targets.map(({ target, role, site, down, unknown, maintenance, outages }) => ({ target, role, site, ...figures(period.seconds, down, unknown, maintenance, outages), outageList: [], maintenanceList: [] })),
    roles: groupsBy(targets, (row) => row.role, period.seconds),
    sites: groupsBy(targets, (row) => row.site, period.seconds),
    services: SERVICES.map((row) => quiet(row, busy)).map(({ service, site, require, members, down, unknown, maintenance, outages }) => ({
      service,
      site,
      require,
      members,
      ...figures(period.seconds, down, unknown, maintenance, outages),
      outageList: [],
    })),
  };
}

const ALLOWED = { S1: [3600, 10_800], S2: [5400, 14_400], S3: [7200, 14_400], S4: [7200, 14_400] } as const;
type Severity = keyof typeof ALLOWED;

/** One incident of April: when it was registered and how long each clock took (null: still running). */
const INCIDENTS: Array<{ number: string; title: string; severity: Severity; site: string; registeredAt: string; attention: number; solution: number | null }> = [
  { number: 'NOC-2026-000031', title: 'sbc-co-1 does not answer its sip_options probe', severity: 'S1', site: 'co', registeredAt: '2026-04-09T14:02:00.000Z', attention: 1080, solution: 6300 },
  { number: 'NOC-2026-000034', title: 'Registrations on sbc-co-1 dropped by 80%', severity: 'S2', site: 'co', registeredAt: '2026-04-14T02:10:00.000Z', attention: 6900, solution: 13_000 },
  { number: 'NOC-2026-000036', title: 'www: TLS handshake above 2 s', severity: 'S3', site: 'cl', registeredAt: '2026-04-18T13:00:00.000Z', attention: 1800, solution: 20_700 },
  { number: 'NOC-2026-000038', title: 'sbc-mx-1 answers INVITE with 503', severity: 'S2', site: 'mx', registeredAt: '2026-04-20T09:30:00.000Z', attention: 2400, solution: 9000 },
  { number: 'NOC-2026-000039', title: 'Customer reports one-way audio', severity: 'S4', site: 'mx', registeredAt: '2026-04-22T16:45:00.000Z', attention: 3000, solution: 9000 },
  { number: 'NOC-2026-000041', title: 'db-1 replication lag above 30 s', severity: 'S2', site: 'cl', registeredAt: '2026-04-25T05:20:00.000Z', attention: 1200, solution: 7200 },
  { number: 'NOC-2026-000044', title: 'sbc-mx-1 unreachable', severity: 'S1', site: 'mx', registeredAt: '2026-04-27T11:00:00.000Z', attention: 600, solution: 5400 },
  { number: 'NOC-2026-000047', title: 'core-2 SIP transaction failures above 5%', severity: 'S3', site: 'co', registeredAt: '2026-05-01T02:30:00.000Z', attention: 1500, solution: null },
];

function clock(registeredAt: string, allowed: number, took: number | null) {
  const due = new Date(Date.parse(registeredAt) + allowed * 1000).toISOString();
  if (took === null) return { state: 'pending' as const, due, allowedSeconds: allowed, tookSeconds: null, lateSeconds: null };
  return took <= allowed
    ? { state: 'met' as const, due, allowedSeconds: allowed, tookSeconds: took, lateSeconds: null }
    : { state: 'missed' as const, due, allowedSeconds: allowed, tookSeconds: took, lateSeconds: took - allowed };
}

function slaIncidents() {
  return INCIDENTS.map((incident) => {
    const [attentionAllowed, solutionAllowed] = ALLOWED[incident.severity];
    const attention = clock(incident.registeredAt, attentionAllowed, incident.attention);
    const solution = clock(incident.registeredAt, solutionAllowed, incident.solution);
    const at = (seconds: number | null) => (seconds === null ? null : new Date(Date.parse(incident.registeredAt) + seconds * 1000).toISOString());
    const missed = attention.state === 'missed' || solution.state === 'missed';
    return {
      number: incident.number,
      title: incident.title,
      severity: incident.severity,
      site: incident.site,
      status: incident.solution === null ? 'diagnosing' : 'closed',
      registeredAt: incident.registeredAt,
      acknowledgedAt: at(incident.attention),
      resolvedAt: at(incident.solution),
      attention,
      solution,
      withinSla: missed ? false : attention.state === 'met' && solution.state === 'met' ? true : null,
    };
  });
}

type SlaIncident = ReturnType<typeof slaIncidents>[number];

function compliance(key: string, incidents: SlaIncident[]) {
  const decided = incidents.filter((i) => i.withinSla !== null).length;
  const withinSla = incidents.filter((i) => i.withinSla === true).length;
  const compliancePercent = decided === 0 ? null : (withinSla / decided) * 100;
  return {
    key,
    incidents: incidents.length,
    decided,
    withinSla,
    attentionMissed: incidents.filter((i) => i.attention.state === 'missed').length,
    solutionMissed: incidents.filter((i) => i.solution.state === 'missed').length,
    pending: incidents.filter((i) => i.withinSla === null).length,
    compliancePercent,
    targetPercent: COMPLIANCE_TARGET,
    met: compliancePercent === null ? null : compliancePercent >= COMPLIANCE_TARGET,
  };
}

function penalties(busy: boolean, availability: ReturnType<typeof availabilityReport>, bySite: ReturnType<typeof compliance>[]) {
  const service = (name: string) => availability.services.find((s) => s.service === name)?.availabilityPercent ?? null;
  const site = (name: string) => availability.sites.find((s) => s.key === name)?.availabilityPercent ?? null;
  const siteCompliance = (name: string) => bySite.find((s) => s.key === name)?.compliancePercent ?? null;
  const items = busy
    ? {
        co: [
          { kind: 'availability' as const, reason: 'availability 99.9514% below 99.99% (tier: 5%)', amount: 300, incident: null },
          { kind: 'compliance' as const, reason: 'compliance 50% below 98% (tier: 10%)', amount: 600, incident: null },
          { kind: 'attention_missed' as const, reason: 'NOC-2026-000034 S2 attention 25 min late', amount: 400, incident: 'NOC-2026-000034' },
        ],
        cl: [
          { kind: 'compliance' as const, reason: 'compliance 50% below 98% (tier: 10%)', amount: 800, incident: null },
          { kind: 'solution_missed' as const, reason: 'NOC-2026-000036 S3 solution 1 h 45 min late', amount: 250, incident: 'NOC-2026-000036' },
        ],
      }
    : { co: [], cl: [] };
  const sites = [
    { site: 'cl', monthlyFee: 8000, availabilityPercent: site('cl'), availabilityOf: null, compliancePercent: siteCompliance('cl'), items: items.cl, totalBeforeCap: busy ? 1050 : 0, total: busy ? 1050 : 0, capped: false },
    { site: 'co', monthlyFee: 6000, availabilityPercent: service('sip-co'), availabilityOf: 'sip-co', compliancePercent: siteCompliance('co'), items: items.co, totalBeforeCap: busy ? 1300 : 0, total: busy ? 1200 : 0, capped: busy },
    { site: 'mx', monthlyFee: 9000, availabilityPercent: service('sip-mx'), availabilityOf: 'sip-mx', compliancePercent: siteCompliance('mx'), items: [], totalBeforeCap: 0, total: 0, capped: false },
  ];
  return { currency: 'USD', capPercent: 20, sites, total: sites.reduce((sum, s) => sum + s.total, 0) };
}

function slaReport(month: string) {
  const busy = month === BUSY_MONTH;
  const availability = availabilityReport(month);
  const incidents = busy ? slaIncidents() : [];
  const keys = (keyOf: (i: SlaIncident) => string) => [...new Set(incidents.map(keyOf))].sort();
  const bySite = keys((i) => i.site).map((key) => compliance(key, incidents.filter((i) => i.site === key)));
  return {
    schema: 'noc.report.sla/v1',
    generatedAt: availability.generatedAt,
    period: availability.period,
    totals: compliance('all', incidents),
    bySeverity: keys((i) => i.severity).map((key) => compliance(key, incidents.filter((i) => i.severity === key))),
    bySite,
    incidents,
    penalties: penalties(busy, availability, bySite),
  };
}

function csvOf(rows: ReadonlyArray<Record<string, unknown>>): string {
  const first = rows[0];
  if (first === undefined) return '';
  const columns = Object.keys(first).filter((name) => typeof first[name] !== 'object' || first[name] === null);
  return [columns.join(','), ...rows.map((row) => columns.map((name) => JSON.stringify(row[name] ?? '')).join(','))].join('\r\n') + '\r\n';
}

const htmlOf = (title: string, report: unknown) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><pre>${JSON.stringify(report, null, 2).replace(/</g, '&lt;')}</pre></body></html>`;

/** One report request the stub saw. */
export interface ReportRequest {
  readonly report: 'availability' | 'sla';
  readonly month: string;
  readonly format: string;
}

/** What the stub answers about reports, and the requests it saw. */
export interface StubReports {
  readonly requests: ReportRequest[];
  /** The month whose report has outages, incidents and penalties. */
  readonly busyMonth: string;
}

/** Adds the report endpoints to the stub's app (after its authentication). */
export function installStubReports(app: express.Express): StubReports {
  const requests: ReportRequest[] = [];
  const handle = (report: ReportRequest['report']) => (req: express.Request, res: express.Response) => {
    const month = String(req.query.month ?? '');
    const format = String(req.query.format ?? 'json');
    requests.push({ report, month, format });
    if (!MONTH.test(month)) {
      res.status(400).json({ error: { code: 'bad_request', message: `month must be YYYY-MM (e.g. 2026-03), got ${JSON.stringify(month)}` } });
      return;
    }
    const body = report === 'availability' ? availabilityReport(month) : slaReport(month);
    const name = `noc-${report}-${month}`;
    if (format === 'json') res.json({ data: body });
    else if (format === 'csv') {
      const rows = 'targets' in body ? body.targets : req.query.table === 'penalties' ? (body.penalties?.sites ?? []) : body.incidents;
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(csvOf(rows));
    } else if (format === 'html') res.type('text/html; charset=utf-8').attachment(`${name}.html`).send(htmlOf(name, body));
    else res.status(400).json({ error: { code: 'bad_request', message: `parameter 'format': expected json, csv, html, got '${format}'` } });
  };
  app.get('/api/v1/reports/availability', handle('availability'));
  app.get('/api/v1/reports/sla', handle('sla'));
  return { requests, busyMonth: BUSY_MONTH };
}
