import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Labels, ManualClock, type Sample, seriesKey, silentLogger } from '../src/core/index.js';
import { IncidentsConfig, SlaConfig } from '../src/config/index.js';
import { IncidentService, type IncidentsSettings, ObservedIncidentStore } from '../src/alerter/index.js';
import { IncidentSnapshotter } from '../src/forensics/index.js';
import { seededNormal } from '../src/forensics/analysis/testing/synthetic-history.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';
import { SqliteForensicSnapshotStore } from '../src/store/sqlite/sqlite-forensic-snapshot-store.js';
import { createDashboardApp, createMetrics, listen, type RunningServer } from '../src/dashboard/index.js';
import { forensicsCommand } from '../src/cli/forensics-command.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEP = 30_000;
const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
/** The fault: RTT on sbc-1 rises here, registrations drop two minutes later. */
const FAULT = NOW - 50 * MINUTE;

let dir: string;
let store: SqliteSeriesStore;
let server: RunningServer;
let service: IncidentService;
let snapshotter: IncidentSnapshotter;
const clock = new ManualClock(NOW);

/** Five hours at 30 s of `value(t)` plus seeded noise. */
function history(metric: string, labels: Labels, seed: number, value: (t: number) => number): Sample[] {
  const noise = seededNormal(seed);
  const key = seriesKey(metric, labels);
  const out: Sample[] = [];
  for (let t = NOW - 5 * HOUR; t <= NOW; t += STEP) out.push({ series: key, t, v: value(t) + noise() });
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-forensics-api-'));
  store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: HOUR, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  const samples: Sample[][] = [
    history('sip_options_rtt_seconds', { target: 'sbc-1' }, 1, (t) => (t >= FAULT ? 400 : 20)),
    history('sip_registered_contacts', { target: 'sbc-1' }, 2, (t) => (t >= FAULT + 2 * MINUTE ? 2000 : 5000)),
    // A counter whose rate quadruples: scored as a rate.
    history('sip_transactions_total', { target: 'sbc-1', code_class: '5xx' }, 3, (t) => ((t - (NOW - 5 * HOUR)) / 1000) * (t >= FAULT ? 8 : 2) + (t >= FAULT ? -6 * (FAULT - (NOW - 5 * HOUR)) / 1000 : 0)),
    ...Array.from({ length: 12 }, (_, i) => history('db_query_seconds', { target: `db-${i}` }, 10 + i, () => 50)),
    // Constant: skipped and counted.
    Array.from({ length: 601 }, (_, i): Sample => ({ series: seriesKey('db_connections_max', { target: 'db-0' }), t: NOW - 5 * HOUR + i * STEP, v: 100 })),
  ];
  for (const batch of samples) await store.append(batch);

  const settings: IncidentsSettings = { sla: SlaConfig.parse({}), incidents: IncidentsConfig.parse({ prefix: 'NOC' }), targets: [] };
  const incidentStore = new SqliteIncidentStore(store.database);
  const snapshots = new SqliteForensicSnapshotStore(store.database);
  // As `noc start` wires it: the creation of a monitoring incident queues its snapshot.
  snapshotter = new IncidentSnapshotter({ sources: { series: store, incidents: incidentStore }, store: snapshots, clock, log: silentLogger });
  const observed = new ObservedIncidentStore(incidentStore, (incident) => {
    if (incident.channel === 'monitoring' && incident.version === 1) snapshotter.schedule(incident);
  });
  service = new IncidentService(observed, () => settings, clock, silentLogger);
  const auth = testAuth();
  const app = createDashboardApp({
    querier: store,
    storeHealth: store,
    targets: { targets: () => [] },
    incidents: service,
    forensics: { snapshots },
    registry: createMetrics().registry,
    auth: () => auth,
    reload: async () => ({ ok: true }),
    clock,
    log: silentLogger,
  });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await snapshotter.stop();
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Parsed JSON bodies are checked field by field by the assertions, so they are typed loosely here. */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(path: string, token: string = TEST_TOKENS.viewer): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Body };
}

const q = (params: Record<string, string>): string => new URLSearchParams(params).toString();

describe('GET /api/v1/forensics', () => {
  it('ranks the series that changed first, with scores, statistics and ISO windows', async () => {
    const { status, body } = await get(`/forensics?${q({ from: '-1h', to: 'now', limit: '5' })}`);
    expect(status).toBe(200);
    const data = body.data;
    expect(data.window).toEqual({ from: new Date(NOW - HOUR).toISOString(), to: new Date(NOW).toISOString() });
    expect(data.baseline).toEqual({ from: new Date(NOW - 5 * HOUR).toISOString(), to: new Date(NOW - HOUR).toISOString() });
    expect(data.considered).toBe(16);
    expect(data.skipped).toEqual({ empty: 0, constant: 1 });
    expect(data.scored).toBe(15);
    expect(data.entries).toHaveLength(5);
    expect(data.entries.map((e: Body) => e.rank)).toEqual([1, 2, 3, 4, 5]);
    const top3 = data.entries.slice(0, 3).map((e: Body) => e.key);
    expect(new Set(top3)).toEqual(
      new Set(['sip_options_rtt_seconds{target="sbc-1"}', 'sip_registered_contacts{target="sbc-1"}', 'sip_transactions_total{code_class="5xx",target="sbc-1"}']),
    );
    const rtt = data.entries.find((e: Body) => e.key === 'sip_options_rtt_seconds{target="sbc-1"}');
    expect(rtt).toMatchObject({ metric: 'sip_options_rtt_seconds', labels: { target: 'sbc-1' }, rated: false });
    expect(['ks', 'volume', 'levelShift']).toContain(rtt.rankedBy);
    expect(rtt.windowStats.median).toBeGreaterThan(300);
    expect(rtt.baselineStats.median).toBeLessThan(30);
    expect(data.entries.find((e: Body) => e.metric === 'sip_transactions_total').rated).toBe(true);
    expect(Array.isArray(data.timeline)).toBe(true);
    expect(typeof data.tookMs).toBe('number');
    expect(data.focus).toBeUndefined();
  });

  it('narrows with match and correlates with a focus series, the rise in RTT leading the drop in registrations', async () => {
    const { status, body } = await get(`/forensics?${q({ from: '-1h', match: '{target="sbc-1"}', focus: 'sip_registered_contacts{target="sbc-1"}' })}`);
    expect(status).toBe(200);
    expect(body.data.considered).toBe(3);
    expect(body.data.focus).toMatchObject({ key: 'sip_registered_contacts{target="sbc-1"}', grid: { start: new Date(NOW - HOUR).toISOString() } });
    const rtt = body.data.entries.find((e: Body) => e.metric === 'sip_options_rtt_seconds');
    expect(rtt.correlation).toMatchObject({ sign: -1, relation: 'leads' });
    expect(body.data.entries.find((e: Body) => e.metric === 'sip_registered_contacts').correlation).toBeUndefined();
  });

  it.each([
    [{}, "'from'"],
    [{ from: 'yesterday' }, "'from'"],
    [{ from: '-1h', to: '-2h' }, "'from'"],
    [{ from: '-1h', limit: '0' }, "'limit'"],
    [{ from: '-1h', match: 'up{' }, "'match'"],
    [{ from: '-1h', focus: 'db_query_seconds' }, "'focus'"],
    [{ from: '-1h', incident: 'NOC-2026-000001' }, "'incident'"],
    [{ from: '-1h', step: '30s' }, "'step'"],
  ])('answers 400 naming the bad parameter for %j', async (params, named) => {
    const { status, body } = await get(`/forensics?${q(params)}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(named);
  });

  it('answers 404 for an unknown incident or focus series', async () => {
    const incident = await get(`/forensics?${q({ incident: 'NOC-2026-999999' })}`);
    expect([incident.status, incident.body.error.code]).toEqual([404, 'not_found']);
    const focus = await get(`/forensics?${q({ from: '-1h', focus: 'nothing_here{target="x"}' })}`);
    expect([focus.status, focus.body.error.code]).toEqual([404, 'not_found']);
    expect(focus.body.error.message).toContain("'focus'");
  });

  it('needs authentication', async () => {
    const response = await fetch(`${server.url}/api/v1/forensics?from=-1h`);
    expect(response.status).toBe(401);
  });
});

describe('snapshot of an incident the alerter opens', () => {
  let number: string;

  beforeAll(async () => {
    const { incident, action } = await service.openOrJoin(
      { fingerprint: 'SbcRttHigh{target="sbc-1"}', title: 'RTT high on sbc-1', severity: 'S2', occurredAt: FAULT + 5 * MINUTE, alertLabels: { alertname: 'SbcRttHigh', target: 'sbc-1' }, affectedTargets: ['sbc-1'] },
      NOW,
    );
    expect(action).toBe('opened');
    number = incident.number;
    await snapshotter.idle();
  });

  it('freezes the top 10 entries and the timeline of the window onto the incident', async () => {
    const { status, body } = await get(`/incidents/${number}/forensics`);
    expect(status).toBe(200);
    const snapshot = body.data;
    expect(snapshot.takenAt).toBe(new Date(NOW).toISOString());
    expect(snapshot.window).toEqual({ from: new Date(FAULT - 10 * MINUTE).toISOString(), to: new Date(NOW).toISOString() });
    expect(snapshot.entries).toHaveLength(10);
    expect(snapshot.entries[0].rank).toBe(1);
    expect(snapshot.entries.slice(0, 3).map((e: Body) => e.metric)).toContain('sip_options_rtt_seconds');
    expect(snapshot.timeline.map((e: Body) => [e.kind, e.incident])).toContainEqual(['incident_opened', number]);
    expect(snapshot.timeline.every((e: Body) => typeof e.at === 'string' && e.at.endsWith('Z'))).toBe(true);

    const incident = await get(`/incidents/${number}`);
    expect(incident.body.data.forensics).toEqual(snapshot);
  });

  it('answers 404 for an incident without a snapshot, and for an unknown incident', async () => {
    const manual = await service.register({ channel: 'phone', title: 'calls fail', severity: 'S3', registeredBy: 'ana' });
    const none = await get(`/incidents/${manual.number}/forensics`);
    expect([none.status, none.body.error.message]).toEqual([404, `no forensic snapshot of ${manual.number}`]);
    expect((await get(`/incidents/${manual.number}`)).body.data.forensics).toBeUndefined();
    expect((await get('/incidents/NOC-2026-999999/forensics')).status).toBe(404);
  });

  it('`noc forensics --incident N --format md` prints the report of that incident from the server', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await forensicsCommand(['--incident', number, '--format', 'md', '--limit', '3', '--url', server.url], {
      env: { NOC_TOKEN: TEST_TOKENS.viewer },
      io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    });
    expect([code, err]).toEqual([0, []]);
    const md = out.join('\n');
    expect(md.split('\n')[0]).toBe(`# Forensics: incident ${number}`);
    expect(md).toContain('## What changed');
    expect(md).toContain('## Timeline');
    expect(md).toMatch(/\| 1 \| [0-9.]+ \| (ks|volume|levelShift) \| `[a-z_]+\{/);
    expect(md).toContain(`\`incident_opened\``);
  });
});
