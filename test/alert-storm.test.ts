// An alert storm: 10,000 series cross a threshold in one evaluation. The rule groups by site, so the
// incident side must open one incident per site, list every affected target on it, resolve each once when
// everything clears together, and reopen the same incidents (no new numbers) when the storm comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Incident, ManualClock, MemoryAlertStateStore, type Sample, seriesKey, silentLogger, type TimelineEntry } from '../src/core/index.js';
import { MemorySeriesStore } from '../src/core/memory-series-store.js';
import { IncidentsConfig, RuleConfig, SlaConfig } from '../src/config/index.js';
import { type AlertEvent, IncidentBridge, IncidentService, type IncidentsSettings, RuleEngine } from '../src/alerter/index.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';

const SERIES = 10_000;
const SITES = ['mx', 'co', 'cl', 'pe', 'cr', 'ar', 'br', 'us'];
const ROLES = ['core', 'sbc', 'database', 'https', 'host'] as const;
const STEP = 15_000;
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

interface StormTarget {
  readonly target: string;
  readonly site: string;
  readonly key: ReturnType<typeof seriesKey>;
}

const targets: StormTarget[] = Array.from({ length: SERIES }, (_, i) => {
  const target = `node-${String(i).padStart(5, '0')}`;
  const site = SITES[i % SITES.length] as string;
  const role = ROLES[i % ROLES.length] as string;
  return { target, site, key: seriesKey('up', { target, site, role, probe: 'tcp' }) };
});
const targetsOfSite = new Map(SITES.map((site) => [site, targets.filter((t) => t.site === site).map((t) => t.target).sort()]));

const rule = RuleConfig.parse({
  name: 'site_nodes_down',
  kind: 'threshold',
  select: 'up',
  op: '==',
  value: 0,
  severity: 'S2',
  group_by: ['site'],
  annotations: { summary: 'nodes down at {{ $labels.site }}' },
});

let db: SqliteDatabase;
let clock: ManualClock;
let series: MemorySeriesStore;
let engine: RuleEngine;
let service: IncidentService;
let bridge: IncidentBridge;

beforeAll(async () => {
  clock = new ManualClock(T0);
  series = new MemorySeriesStore();
  db = openSqliteDatabase(':memory:');
  const settings: IncidentsSettings = { sla: SlaConfig.parse({}), incidents: IncidentsConfig.parse({ prefix: 'STORM' }), targets: [] };
  service = new IncidentService(new SqliteIncidentStore(db), () => settings, clock, silentLogger);
  engine = new RuleEngine({ querier: series, appender: series, states: new MemoryAlertStateStore(), log: silentLogger });
  await engine.restore();
  bridge = new IncidentBridge({ incidents: service, alerts: engine, log: silentLogger });
});

afterAll(() => db?.close());

/** Writes one value for every series at the next step, then evaluates and hands the events to the bridge. */
async function evaluationWith(value: 0 | 1): Promise<AlertEvent[]> {
  clock.advance(STEP);
  const at = clock.now();
  const samples: Sample[] = targets.map((t) => ({ series: t.key, t: at, v: value }));
  const appended = await series.append(samples);
  expect(appended).toEqual({ accepted: SERIES, rejected: 0 });
  const events = await engine.evaluate([rule], at);
  await bridge.handle(events);
  return events;
}

async function incidentsBySite(): Promise<Map<string, Incident[]>> {
  const all = await service.list();
  const out = new Map<string, Incident[]>();
  for (const incident of all) out.set(incident.labels.site ?? '', [...(out.get(incident.labels.site ?? '') ?? []), incident]);
  return out;
}

const actions = (timeline: readonly TimelineEntry[], action: string) => timeline.filter((entry) => entry.action === action);
const alertTarget = (entry: TimelineEntry) => (entry.details.alert as Record<string, string> | undefined)?.target;

describe('an alert storm grouped by site', () => {
  const numbers = new Map<string, string>();

  it('opens at most one incident per site when 10,000 series cross the threshold in one evaluation', async () => {
    expect(await evaluationWith(1)).toEqual([]);
    expect(await service.list()).toEqual([]);

    const events = await evaluationWith(0);
    // No alert lost: one firing event per series, each a distinct alert instance, in its site's group.
    const firing = events.filter((event) => event.change === 'firing');
    expect(firing).toHaveLength(SERIES);
    expect(events).toHaveLength(SERIES);
    expect(new Set(firing.map((event) => event.fingerprint)).size).toBe(SERIES);
    expect(new Set(firing.map((event) => event.group)).size).toBe(SITES.length);
    // Nothing inhibits or holds them: each goes to its own site's incident.
    expect(firing.every((event) => event.incident === event.group && event.groupLabels.site === event.labels.site)).toBe(true);
    expect(engine.active().filter((alert) => alert.status === 'firing')).toHaveLength(SERIES);

    const bySite = await incidentsBySite();
    expect([...bySite.keys()].sort()).toEqual([...SITES].sort());
    for (const site of SITES) {
      const incidents = bySite.get(site) ?? [];
      expect(incidents, site).toHaveLength(1);
      const incident = incidents[0] as Incident;
      numbers.set(site, incident.number);
      expect(incident).toMatchObject({ status: 'registered', channel: 'monitoring', severity: 'S2', labels: { site }, title: `nodes down at ${site}` });
      expect(incident.number).toMatch(/^STORM-\d{4}-\d{6}$/);
      expect([...incident.affectedTargets].sort()).toEqual(targetsOfSite.get(site));
      expect(incident.occurredAt).toBe(clock.now());

      const timeline = await service.timeline(incident.number);
      expect(actions(timeline, 'registered')).toHaveLength(1);
      // Every alert of the site joined, once each: the first by opening the incident, the rest by joining it.
      const joined = actions(timeline, 'alert_joined').map(alertTarget);
      expect(joined).toHaveLength(targetsOfSite.get(site)?.length ?? -1);
      expect([...joined].sort()).toEqual(targetsOfSite.get(site));
    }
    expect(new Set(numbers.values()).size).toBe(SITES.length);
  }, 180_000);

  it('resolves each site incident exactly once when everything clears in one evaluation', async () => {
    const events = await evaluationWith(0);
    expect(events).toEqual([]);

    const cleared = await evaluationWith(1);
    expect(cleared.filter((event) => event.change === 'resolved')).toHaveLength(SERIES);
    expect(engine.active()).toEqual([]);

    const bySite = await incidentsBySite();
    for (const site of SITES) {
      const incidents = bySite.get(site) ?? [];
      expect(incidents, site).toHaveLength(1);
      const incident = incidents[0] as Incident;
      expect(incident).toMatchObject({ number: numbers.get(site), status: 'resolved', resolvedAt: clock.now(), resolution: 'recovered' });
      const timeline = await service.timeline(incident.number);
      expect(actions(timeline, 'resolved')).toHaveLength(1);
      const left = actions(timeline, 'alert_left').map(alertTarget);
      expect([...left].sort()).toEqual(targetsOfSite.get(site));
    }
  }, 180_000);

  it('reopens the same incidents, with no new numbers, when the storm returns before anyone closes them', async () => {
    const events = await evaluationWith(0);
    expect(events.filter((event) => event.change === 'firing')).toHaveLength(SERIES);

    const all = await service.list();
    expect(all).toHaveLength(SITES.length);
    const bySite = await incidentsBySite();
    for (const site of SITES) {
      const incidents = bySite.get(site) ?? [];
      expect(incidents, site).toHaveLength(1);
      const incident = incidents[0] as Incident;
      expect(incident).toMatchObject({ number: numbers.get(site), status: 'registered' });
      expect(incident.resolvedAt).toBeUndefined();
      expect([...incident.affectedTargets].sort()).toEqual(targetsOfSite.get(site));
      const timeline = await service.timeline(incident.number);
      expect(actions(timeline, 'reopened')).toHaveLength(1);
      expect(actions(timeline, 'resolved')).toHaveLength(1);
      expect(actions(timeline, 'registered')).toHaveLength(1);
      // Both storms' alerts are on the timeline: every target joined twice.
      expect(actions(timeline, 'alert_joined')).toHaveLength(2 * (targetsOfSite.get(site)?.length ?? 0));
    }
  }, 180_000);
});
