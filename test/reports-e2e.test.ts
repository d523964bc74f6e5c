// The monthly reports end to end on a hand-computed month: `up` history in the embedded store,
// maintenance from the config and the API, incidents in the incident store → the HTTP API (JSON, CSV,
// HTML), `noc report`, and the monthly job mailing them through a real SMTP server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../src/config/index.js';
import { type CronScheduler, ManualClock, type NewIncident, type Sample, seriesKey, silentLogger } from '../src/core/index.js';
import { MaintenanceCalendar } from '../src/alerter/index.js';
import { createMailSender } from '../src/alerter/notifiers/index.js';
import { startSmtpSink, type SmtpSink } from '../src/alerter/notifiers/testing/smtp-sink.js';
import { AvailabilityReport, MonthlyReportJob, MonthlyReports, SlaReport } from '../src/sla/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';
import { SqliteSilenceStore } from '../src/store/sqlite/sqlite-silence-store.js';
import { createDashboardApp, createMetrics, listen, type RunningServer } from '../src/dashboard/index.js';
import { reportCommand } from '../src/cli/report-command.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string): number => Date.parse(iso);
// April 2026 in Santiago: 2026-04-01T03:00Z (UTC-3) to 2026-05-01T04:00Z (UTC-4): 30 days and 1 hour.
const MONTH_FROM = at('2026-04-01T03:00:00Z');
const MONTH_TO = at('2026-05-01T04:00:00Z');
const MONTH_SECONDS = (MONTH_TO - MONTH_FROM) / 1000;
/** The report runs on 1 May at 08:00 Santiago. */
const NOW = at('2026-05-01T12:00:00Z');

const clock = new ManualClock(NOW);
let dir: string;
let store: SqliteSeriesStore;
let server: RunningServer;
let sink: SmtpSink;
let config: Config;
let reports: MonthlyReports;

/** Whether a target's probe answered at minute `t`: undefined is no sample at all (collector down). */
type Pattern = (t: number) => 0 | 1 | undefined;
const downBetween = (from: string, to: string): Pattern => (t) => (t >= at(from) && t < at(to) ? 0 : 1);
const PATTERNS: Record<string, Pattern> = {
  // 17 minutes down.
  'core-1': downBetween('2026-04-10T12:00:00Z', '2026-04-10T12:17:00Z'),
  // 20 minutes down, 7 of them while core-1 was down too.
  'core-2': downBetween('2026-04-10T12:10:00Z', '2026-04-10T12:30:00Z'),
  'sbc-mx-1': (t) => {
    // The collector was down for an hour; a sample holds for two intervals, so 59 minutes are unknown.
    if (t >= at('2026-04-20T00:00:00Z') && t < at('2026-04-20T01:00:00Z')) return undefined;
    // Down during its maintenance (02:00–05:00 from two overlapping windows): excluded.
    return t >= at('2026-04-25T02:30:00Z') && t < at('2026-04-25T03:30:00Z') ? 0 : 1;
  },
};

function upHistory(): Sample[] {
  const samples: Sample[] = [];
  for (const [target, pattern] of Object.entries(PATTERNS)) {
    const series = seriesKey('up', { target, probe: 'sip_options', role: target.startsWith('core') ? 'core' : 'sbc', site: 'mx' });
    for (let t = MONTH_FROM - 2 * MINUTE; t <= MONTH_TO + MINUTE; t += MINUTE) {
      const v = pattern(t);
      if (v !== undefined) samples.push({ series, t, v });
    }
  }
  return samples.sort((a, b) => a.t - b.t);
}

const target = (id: string, role: string) => ({ id, role, site: 'mx', probes: [{ kind: 'sip_options', host: '127.0.0.1', interval: '1m', timeout: '5s' }] });

function incident(fields: Partial<NewIncident> & Pick<NewIncident, 'title' | 'severity' | 'registeredAt' | 'attentionDue' | 'solutionDue'>): NewIncident {
  return {
    description: '',
    channel: 'monitoring',
    registeredBy: 'monitoring',
    affectedTargets: ['sbc-mx-1'],
    affectedUsers: 100,
    labels: {},
    occurredAt: fields.registeredAt,
    ...fields,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-reports-'));
  config = Config.parse({
    store: { kind: 'sqlite', path: join(dir, 'noc.db') },
    targets: [target('core-1', 'core'), target('core-2', 'core'), target('sbc-mx-1', 'sbc')],
    services: [
      { name: 'cores', require: 'any', members: ['core-1', 'core-2'] },
      { name: 'sip-mx', site: 'mx', members: ['cores', { role: 'sbc', site: 'mx' }] },
    ],
    notifications: { channels: [{ name: 'managers', kind: 'email', from: 'NOC <noc@noc.test>', smtp: { host: '127.0.0.1', port: 2525, starttls: 'off' } }] },
    sla: {
      timezone: 'America/Santiago',
      contract: {
        currency: 'USD',
        sites: { mx: { monthly_fee: 40000, service: 'sip-mx' } },
        availability_penalties: [{ below: 99.99, discount: 5 }],
        compliance_penalties: [{ below: 98, discount: 5 }],
        incident_penalties: { attention_missed: { S1: 500 }, solution_missed: { S1: 1000 } },
        cap: 30,
      },
      reports: { monthly: { channel: 'managers', to: ['managers@noc.test'], formats: ['csv', 'html', 'json'] } },
    },
    maintenance: [{ name: 'sbc upgrade', targets: ['sbc-mx-1'], start: '2026-04-25T02:00:00Z', end: '2026-04-25T04:00:00Z' }],
  });

  store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: HOUR, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  await store.append(upHistory());
  store.maintain(NOW);
  store.flush();

  const silences = new SqliteSilenceStore(store.database);
  // An API window overlapping the config one by an hour: 02:00–05:00 is excluded once.
  await silences.createMaintenance({ name: 'sbc cabling', targets: ['sbc-mx-1'], startsAt: at('2026-04-25T03:00:00Z'), endsAt: at('2026-04-25T05:00:00Z'), createdBy: 'ops', comment: '' });
  const calendar = new MaintenanceCalendar({ config: () => ({ windows: config.maintenance, timeZone: config.sla.timezone }), store: silences });

  const incidents = new SqliteIncidentStore(store.database);
  // Within SLA: acknowledged after 30 min, resolved after 2 h.
  await incidents.create(
    incident({ title: 'cores flapping', severity: 'S1', registeredAt: at('2026-04-10T12:05:00Z'), acknowledgedAt: at('2026-04-10T12:35:00Z'), resolvedAt: at('2026-04-10T14:05:00Z'), attentionDue: at('2026-04-10T13:05:00Z'), solutionDue: at('2026-04-10T15:05:00Z') }),
    'NOC',
  );
  // Attention missed by 30 min, solved in time.
  await incidents.create(
    incident({ title: 'registrations draining', severity: 'S1', registeredAt: at('2026-04-15T10:00:00Z'), acknowledgedAt: at('2026-04-15T11:30:00Z'), resolvedAt: at('2026-04-15T12:00:00Z'), attentionDue: at('2026-04-15T11:00:00Z'), solutionDue: at('2026-04-15T13:00:00Z') }),
    'NOC',
  );
  // 23:30 on 30 April in Santiago (already May in UTC): April's, still open, both clocks past due.
  await incidents.create(
    incident({ title: 'one-way audio', severity: 'S2', registeredAt: at('2026-05-01T03:30:00Z'), attentionDue: at('2026-05-01T05:00:00Z'), solutionDue: at('2026-05-01T07:30:00Z') }),
    'NOC',
  );
  // 00:30 on 1 May in Santiago: May's.
  await incidents.create(incident({ title: 'slow web', severity: 'S3', registeredAt: at('2026-05-01T04:30:00Z'), attentionDue: at('2026-05-01T06:30:00Z'), solutionDue: at('2026-05-01T08:30:00Z') }), 'NOC');

  reports = new MonthlyReports({ config: () => config, querier: store, incidents, maintenance: (from, to) => calendar.windowsBetween(from, to), clock });
  const auth = testAuth();
  const app = createDashboardApp({
    querier: store,
    storeHealth: store,
    targets: { targets: () => [] },
    reports: { builder: reports, timeZone: () => config.sla.timezone },
    registry: createMetrics().registry,
    auth: () => auth,
    reload: async () => ({ ok: true }),
    clock,
    log: silentLogger,
  });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await sink?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` } });
}

// Hand-computed figures of April for the service sip-mx = all of [any of the cores, the SBC].
const SERVICE_DOWN = 7 * 60;
const UNKNOWN = 59 * 60;
const MAINTENANCE = 3 * 3600;
const SERVICE_UP = MONTH_SECONDS - SERVICE_DOWN - UNKNOWN - MAINTENANCE;
const SERVICE_AVAILABILITY = (100 * SERVICE_UP) / (SERVICE_UP + SERVICE_DOWN);

describe('availability report', () => {
  it('gives the month in Santiago to the second: outages, unknown and maintenance time, allowed downtime', async () => {
    const response = await get('/reports/availability?month=2026-04');
    expect(response.status).toBe(200);
    const report = AvailabilityReport.parse(((await response.json()) as { data: unknown }).data);
    expect(report.period).toMatchObject({ month: '2026-04', timeZone: 'America/Santiago', from: '2026-04-01T03:00:00.000Z', to: '2026-05-01T04:00:00.000Z', seconds: MONTH_SECONDS });
    const core1 = report.targets.find((t) => t.target === 'core-1');
    expect(core1).toMatchObject({ downSeconds: 17 * 60, unknownSeconds: 0, maintenanceSeconds: 0, outages: 1, mttrSeconds: 17 * 60 });
    expect(core1?.outageList).toEqual([{ start: '2026-04-10T12:00:00.000Z', end: '2026-04-10T12:17:00.000Z', seconds: 1020, ongoing: false }]);
    const sbc = report.targets.find((t) => t.target === 'sbc-mx-1');
    expect(sbc).toMatchObject({ downSeconds: 0, unknownSeconds: UNKNOWN, maintenanceSeconds: MAINTENANCE, outages: 0, availabilityPercent: 100 });
    expect(sbc?.maintenanceList.map((m) => [m.name, m.source, m.seconds])).toEqual(
      expect.arrayContaining([
        ['sbc upgrade', 'config', 7200],
        ['sbc cabling', 'api', 7200],
      ]),
    );
    const cores = report.services.find((s) => s.service === 'cores');
    expect(cores).toMatchObject({ downSeconds: SERVICE_DOWN, outages: 1, unknownSeconds: 0 });
    const sip = report.services.find((s) => s.service === 'sip-mx');
    expect(sip).toMatchObject({ site: 'mx', upSeconds: SERVICE_UP, downSeconds: SERVICE_DOWN, unknownSeconds: UNKNOWN, maintenanceSeconds: MAINTENANCE, met: false });
    expect(sip?.availabilityPercent).toBeCloseTo(SERVICE_AVAILABILITY, 8);
    expect(sip?.allowedDowntimeSeconds).toBeCloseTo(0.0001 * (MONTH_SECONDS - MAINTENANCE), 6);
    expect(report.totals.downSeconds).toBe(17 * 60 + 20 * 60);
  });

  it('is reproducible: the same month gives the same numbers', async () => {
    const first = await reports.availability('2026-04');
    clock.set(NOW + HOUR);
    const second = await reports.availability('2026-04');
    clock.set(NOW);
    expect({ ...second, generatedAt: first.generatedAt }).toEqual(first);
  });

  it('renders CSV and a printable HTML page, and refuses a bad month naming it', async () => {
    const csv = await get('/reports/availability?month=2026-04&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('noc-availability-2026-04.csv');
    const rows = (await csv.text()).split('\r\n');
    expect(rows[0]).toMatch(/^kind,name,/);
    expect(rows.some((row) => row.startsWith('service,sip-mx,'))).toBe(true);
    const html = await get('/reports/availability?month=2026-04&format=html');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain('sip-mx');
    expect(page).not.toContain('<script');
    const bad = await get('/reports/availability?month=2026-13');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('2026-13');
  });

  it('publishes the JSON Schema of the report', async () => {
    const response = await get('/reports/schema/availability-v1');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { $id: string }).$id).toBe('noc.report.availability/v1');
    expect((await get('/reports/schema/nope')).status).toBe(404);
  });
});

describe('SLA report', () => {
  it('counts April’s incidents in Santiago time, their clocks, compliance and the contract’s penalties', async () => {
    const response = await get('/reports/sla?month=2026-04');
    expect(response.status).toBe(200);
    const report = SlaReport.parse(((await response.json()) as { data: unknown }).data);
    expect(report.incidents.map((i) => i.title)).toEqual(expect.arrayContaining(['cores flapping', 'registrations draining', 'one-way audio']));
    expect(report.incidents).toHaveLength(3);
    const late = report.incidents.find((i) => i.title === 'registrations draining');
    expect(late?.attention).toMatchObject({ state: 'missed', tookSeconds: 5400, lateSeconds: 1800 });
    expect(late?.solution).toMatchObject({ state: 'met', tookSeconds: 7200 });
    const open = report.incidents.find((i) => i.title === 'one-way audio');
    expect(open?.solution).toMatchObject({ state: 'missed', tookSeconds: null, lateSeconds: (NOW - at('2026-05-01T07:30:00Z')) / 1000 });
    expect(report.totals).toMatchObject({ incidents: 3, decided: 3, withinSla: 1, attentionMissed: 2, solutionMissed: 1, pending: 0, met: false });
    expect(report.totals.compliancePercent).toBeCloseTo(100 / 3, 10);
    const mx = report.penalties?.sites.find((s) => s.site === 'mx');
    expect(mx?.availabilityOf).toBe('sip-mx');
    expect(mx?.items.map((item) => [item.kind, item.amount, item.incident])).toEqual(
      expect.arrayContaining([
        ['availability', 2000, null],
        ['compliance', 2000, null],
        ['attention_missed', 500, late?.number],
      ]),
    );
    expect(mx).toMatchObject({ totalBeforeCap: 4500, total: 4500, capped: false });
  });

  it('gives the penalty items as CSV through `noc report`, into a file', async () => {
    const out = join(dir, 'penalties.csv');
    const lines: string[] = [];
    const code = await reportCommand(['sla', '--month', '2026-04', '--format', 'csv', '--table', 'penalties', '--out', out, '--url', server.url, '--token', TEST_TOKENS.viewer], {
      env: {},
      io: { out: (line) => lines.push(line), err: (line) => lines.push(line) },
    });
    expect(code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^site,kind,incident,reason,amount,currency/);
    expect(csv).toContain('attention_missed');
    const refused: string[] = [];
    expect(await reportCommand(['sla', '--month', '2026-4', '--url', server.url], { env: {}, io: { out: () => undefined, err: (line) => refused.push(line) } })).toBe(2);
    expect(refused[0]).toContain("--month: expected YYYY-MM, got '2026-4'");
  });
});

describe('monthly report job', () => {
  it('on its schedule mails last month’s reports with the files attached, retrying when the SMTP server refuses', async () => {
    sink = await startSmtpSink({ refuse: (attempt) => (attempt === 1 ? { code: 451, message: 'try again later' } : undefined) });
    config = { ...config, notifications: { ...config.notifications, channels: config.notifications.channels.map((c) => (c.kind === 'email' ? { ...c, smtp: { ...c.smtp, port: sink.port } } : c)) } };
    const fired: { expression: string; timeZone?: string; run: () => void }[] = [];
    const scheduler: CronScheduler = {
      start: (expression, job, options) => {
        fired.push({ expression, ...(options?.timeZone === undefined ? {} : { timeZone: options.timeZone }), run: job });
        return { periodMs: 0, stop: () => undefined };
      },
    };
    const sleeps: number[] = [];
    const job = new MonthlyReportJob({
      reports,
      settings: () => ({ ...(config.sla.reports.monthly === undefined ? {} : { monthly: config.sla.reports.monthly }), timeZone: config.sla.timezone }),
      mailer: (name) => {
        const channel = config.notifications.channels.find((c) => c.name === name);
        return channel?.kind === 'email' ? createMailSender(channel) : undefined;
      },
      scheduler,
      clock,
      log: silentLogger,
      retry: { attempts: 3, delayMs: 1000 },
      sleep: async (ms) => void sleeps.push(ms),
    });
    await job.apply();
    expect(fired.map(({ expression, timeZone }) => ({ expression, timeZone }))).toEqual([{ expression: '0 6 1 * *', timeZone: 'America/Santiago' }]);
    clock.set(at('2026-05-01T10:00:00Z'));
    await job.runScheduled();
    clock.set(NOW);
    expect(sleeps).toEqual([1000]);
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0]?.mail;
    expect(mail?.subject).toBe('NOC availability and SLA report 2026-04');
    expect(sink.mails[0]?.envelopeTo).toEqual(['managers@noc.test']);
    expect(mail?.text).toContain('SLA compliance: 33.3333 %');
    expect(mail?.attachments.map((a) => a.filename).sort()).toEqual([
      'noc-availability-2026-04.csv',
      'noc-availability-2026-04.html',
      'noc-availability-2026-04.json',
      'noc-sla-2026-04.csv',
      'noc-sla-2026-04.html',
      'noc-sla-2026-04.json',
      'noc-sla-penalties-2026-04.csv',
    ]);
    const attached = JSON.parse(mail?.attachments.find((a) => a.filename === 'noc-sla-2026-04.json')?.content.toString() ?? '{}') as { totals: { withinSla: number } };
    expect(attached.totals.withinSla).toBe(1);
    job.stop();
  });
});
