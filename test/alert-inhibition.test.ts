import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Config, loadConfigText } from '../src/config/index.js';
import { type Incident, ManualClock, MemoryAlertStateStore, type Sample, seriesKey, silentLogger } from '../src/core/index.js';
import { MemorySeriesStore } from '../src/core/memory-series-store.js';
import { IncidentBridge, IncidentService, RuleEngine } from '../src/alerter/index.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';

// The carrier's shape: two active-active cores, and SBCs that register to both.
const CONFIG = `
store: {kind: sqlite, path: unused.db}
incidents: {dependency_hold: 3}
targets:
  - {id: core-1, role: core, site: cl, pair: core-2, probes: [{kind: tcp, host: 127.0.0.1, port: 5060}]}
  - {id: core-2, role: core, site: co, pair: core-1, probes: [{kind: tcp, host: 127.0.0.1, port: 5060}]}
  - {id: sbc-mx-1, role: sbc, site: mx, users: 9000, depends_on: [core-1, core-2], probes: [{kind: tcp, host: 127.0.0.1, port: 5060}]}
  - {id: sbc-mx-2, role: sbc, site: mx, users: 7000, depends_on: [core-1, core-2], probes: [{kind: tcp, host: 127.0.0.1, port: 5060}]}
  - {id: sbc-co-1, role: sbc, site: co, users: 6000, depends_on: [core-1, core-2], probes: [{kind: tcp, host: 127.0.0.1, port: 5060}]}
rules:
  - {name: target_down, kind: threshold, select: 'up{ip=""}', op: '==', value: 0, for: 30s, severity: S2}
  - {name: core_redundancy_lost, kind: threshold, select: pair_members_up, op: '==', value: 1, for: 30s, severity: S2}
  - name: cores_down
    kind: threshold
    select: pair_members_up
    op: '=='
    value: 0
    severity: S1
    annotations: {summary: 'both cores down ({{ $labels.pair }})'}
    inhibit:
      - target: '{role="core"}'
  - {name: sbc_registrations_low, kind: threshold, select: 'sip_registered_contacts{role="sbc"}', op: '<', value: 100, severity: S3,
     annotations: {summary: '{{ $labels.target }} lost its registrations'}}
`;

const T0 = Date.UTC(2026, 10, 26, 3, 0, 0);
const STEP = 15_000;
const CORES = ['core-1', 'core-2'] as const;
const SBCS = [
  ['sbc-mx-1', 'mx'],
  ['sbc-mx-2', 'mx'],
  ['sbc-co-1', 'co'],
] as const;

interface World {
  coresUp: Record<string, boolean>;
  /** SBCs whose registrations are gone. */
  unregistered: Set<string>;
}

function samples(world: World, t: number): Sample[] {
  const out: Sample[] = [];
  for (const core of CORES) out.push({ series: seriesKey('up', { target: core, role: 'core', site: core === 'core-1' ? 'cl' : 'co', probe: 'sip' }), t, v: world.coresUp[core] ? 1 : 0 });
  out.push({ series: seriesKey('pair_members_up', { pair: 'core-1+core-2' }), t, v: CORES.filter((core) => world.coresUp[core]).length });
  for (const [sbc, site] of SBCS) {
    out.push({ series: seriesKey('up', { target: sbc, role: 'sbc', site, probe: 'sip' }), t, v: 1 });
    out.push({ series: seriesKey('sip_registered_contacts', { target: sbc, role: 'sbc', site, probe: 'rpc' }), t, v: world.unregistered.has(sbc) ? 3 : 4200 });
  }
  return out;
}

let db: SqliteDatabase;
let config: Config;
let series: MemorySeriesStore;
let incidents: IncidentService;
let clock: ManualClock;
let world: World;
let at: number;

function makeEngine(states: MemoryAlertStateStore): { engine: RuleEngine; bridge: IncidentBridge } {
  const engine = new RuleEngine({
    querier: series,
    appender: series,
    states,
    log: silentLogger,
    dependencies: () => ({ targets: config.targets, holdEvaluations: config.incidents.dependency_hold }),
  });
  return { engine, bridge: new IncidentBridge({ incidents, alerts: engine, log: silentLogger }) };
}

let states: MemoryAlertStateStore;
let engine: RuleEngine;
let bridge: IncidentBridge;

/** One collection and evaluation step of STEP, as the running process does it. */
async function tick(): Promise<void> {
  at += STEP;
  clock.set(at);
  await series.append(samples(world, at));
  await bridge.handle(await engine.evaluate(config.rules, at));
}

async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await tick();
}

const all = () => incidents.list({});
const summary = (incident: Incident) => `${incident.title} ${incident.severity} ${incident.status} [${[...incident.affectedTargets].sort().join(',')}]`;

beforeEach(async () => {
  const loaded = loadConfigText(CONFIG);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  config = loaded.config;
  db = openSqliteDatabase(':memory:');
  series = new MemorySeriesStore();
  clock = new ManualClock(T0);
  incidents = new IncidentService(new SqliteIncidentStore(db), () => config, clock, silentLogger);
  states = new MemoryAlertStateStore();
  ({ engine, bridge } = makeEngine(states));
  await engine.restore();
  world = { coresUp: { 'core-1': true, 'core-2': true }, unregistered: new Set() };
  at = T0;
  await ticks(4);
});

afterEach(() => db.close());

describe('inhibition and dependencies: the core pair and its SBCs', () => {
  it('with both cores down, the SBC alarms and the cores own alarms join the one core outage incident', async () => {
    world.coresUp = { 'core-1': false, 'core-2': false };
    world.unregistered = new Set(SBCS.map(([sbc]) => sbc));
    await ticks(4); // past target_down's 30 s

    const opened = await all();
    expect(opened.map(summary)).toEqual(['both cores down (core-1+core-2) S1 registered [core-1,core-2,sbc-co-1,sbc-mx-1,sbc-mx-2]']);
    expect(opened[0]?.affectedUsers).toBe(22_000);
    const joined = (await incidents.timeline(opened[0]?.number as string)).filter((entry) => entry.action === 'alert_joined');
    // The cores' target_down alerts were inhibited by cores_down; the SBCs' alerts explained by their dependency.
    expect(joined.map((entry) => (entry.details as { alert: { alertname: string; target?: string } }).alert).map((a) => `${a.alertname} ${a.target ?? '-'}`).sort()).toEqual([
      'cores_down -',
      'sbc_registrations_low sbc-co-1',
      'sbc_registrations_low sbc-mx-1',
      'sbc_registrations_low sbc-mx-2',
      'target_down core-1',
      'target_down core-2',
    ]);
    const sbcJoin = joined.find((entry) => (entry.details as { alert: { target?: string } }).alert.target === 'sbc-mx-1');
    expect(sbcJoin?.details).toMatchObject({ inhibitedBy: { alertname: 'cores_down', pair: 'core-1+core-2' } });
    expect(engine.active().filter((a) => a.status === 'firing').every((a) => a.incident === opened[0]?.fingerprint)).toBe(true);
  });

  it('with one core down, the redundancy loss is its own incident and SBC alarms open their own', async () => {
    world.coresUp = { 'core-1': false, 'core-2': true };
    world.unregistered = new Set(['sbc-mx-1']);
    await ticks(4);
    expect((await all()).map(summary).sort()).toEqual([
      'core_redundancy_lost pair=core-1+core-2 S2 registered []',
      'target_down target=core-1 S2 registered [core-1]',
      'sbc-mx-1 lost its registrations S3 registered [sbc-mx-1]',
    ].sort());
  });

  it('keeps the outage open while SBC symptoms last, then resolves it once', async () => {
    world.coresUp = { 'core-1': false, 'core-2': false };
    world.unregistered = new Set(SBCS.map(([sbc]) => sbc));
    await ticks(4);
    world.coresUp = { 'core-1': true, 'core-2': true };
    await ticks(2);
    const [outage] = await all();
    expect(outage?.status).toBe('registered'); // the SBCs still have no registrations
    world.unregistered = new Set();
    await ticks(1);
    const after = await all();
    expect(after.map((incident) => incident.status)).toEqual(['resolved']);
    const resolutions = (await incidents.timeline(outage?.number as string)).filter((entry) => entry.action === 'resolved');
    expect(resolutions).toHaveLength(1);
  });

  it('holds SBC alarms that start just after the cores return, and opens nothing if they clear within the hold', async () => {
    world.coresUp = { 'core-1': false, 'core-2': false };
    await ticks(4);
    world.coresUp = { 'core-1': true, 'core-2': true };
    world.unregistered = new Set(SBCS.map(([sbc]) => sbc)); // the re-registration wave after a recovery
    await ticks(2); // within dependency_hold (3 evaluations)
    expect(engine.active().filter((a) => a.rule === 'sbc_registrations_low').map((a) => a.heldBy)).toEqual([
      expect.stringMatching(/^core-1\+core-2 came back at .*: holding$/),
      expect.stringMatching(/holding$/),
      expect.stringMatching(/holding$/),
    ]);
    world.unregistered = new Set();
    await ticks(5);
    expect((await all()).map(summary)).toEqual(['both cores down (core-1+core-2) S1 resolved [core-1,core-2]']);
  });

  it('lets SBC alarms open their own incidents once the hold is over', async () => {
    world.coresUp = { 'core-1': false, 'core-2': false };
    await ticks(4);
    world.coresUp = { 'core-1': true, 'core-2': true };
    world.unregistered = new Set(['sbc-co-1']);
    await ticks(2);
    expect((await all()).filter((incident) => incident.title.includes('sbc-co-1'))).toEqual([]);
    await ticks(2);
    expect((await all()).filter((incident) => incident.status !== 'resolved').map(summary)).toEqual(['sbc-co-1 lost its registrations S3 registered [sbc-co-1]']);
  });

  it('holds SBC alarms while the cores are down but not yet alarmed, and a restart keeps them held', async () => {
    // Registrations vanish before the collector has written the cores' pair series: the SBC alarm waits.
    world.unregistered = new Set(['sbc-mx-2']);
    const coresDownOnly = samples({ coresUp: { 'core-1': false, 'core-2': false }, unregistered: world.unregistered }, at + STEP).filter(
      (sample) => !sample.series.startsWith('pair_members_up'),
    );
    at += STEP;
    await series.append(coresDownOnly);
    await bridge.handle(await engine.evaluate(config.rules, at));
    expect(await all()).toEqual([]);
    expect(engine.active().find((a) => a.labels.target === 'sbc-mx-2')?.heldBy).toBe('core-1+core-2 down, no alert of it firing yet');

    // The process restarts; the held alert is restored held, and joins the outage once cores_down fires.
    ({ engine, bridge } = makeEngine(states));
    await engine.restore();
    world.coresUp = { 'core-1': false, 'core-2': false };
    await tick();
    const opened = await all();
    expect(opened.map(summary)).toEqual(['both cores down (core-1+core-2) S1 registered [sbc-mx-2]']);
  });
});
