// A crash of the whole process while one alert is pending and another is firing with an open incident:
// the restarted process must resume the pending timer where it stopped (not restart it), keep the open
// incident (no duplicate), and resolve it exactly once for a condition that cleared while it was down.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS } from './support/api-auth.js';
import { freePort, waitFor } from './support/free-port.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

const NOC = resolve('src/cli/noc.ts');
const FOR_MS = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'noc-alert-restart-'));

/** An HTTP target on loopback whose answer the test sets: 200 is up, 500 is down for the https probe. */
interface ControlledTarget {
  readonly server: Server;
  readonly url: string;
  status: number;
}

async function controlledTarget(): Promise<ControlledTarget> {
  const target = { status: 200 } as { server: Server; url: string; status: number };
  target.server = createServer((_req, res) => {
    res.writeHead(target.status, { 'content-type': 'text/plain', connection: 'close' });
    res.end(target.status === 200 ? 'ok\n' : 'broken\n');
  });
  await new Promise<void>((done) => target.server.listen(0, '127.0.0.1', done));
  target.url = `http://127.0.0.1:${(target.server.address() as { port: number }).port}/health`;
  return target;
}

const children: ChildProcess[] = [];
const targets: ControlledTarget[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }
  await Promise.all(targets.map((t) => new Promise((done) => t.server.close(done))));
  rmSync(dir, { recursive: true, force: true });
});

function startNocProcess(file: string): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, NOC, 'start', '--config', file, '--log-level', 'warn'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

function config(port: number, a: ControlledTarget, b: ControlledTarget): string {
  return `server:
  listen: 127.0.0.1:${port}
  auth:
    tokens:
      - { name: wall, token: ${TEST_TOKENS.viewer}, role: viewer }
store:
  kind: sqlite
  path: ./data/noc.db
incidents:
  prefix: RST
defaults:
  interval: 1s
  timeout: 500ms
targets:
  - id: web-a
    role: https
    site: qro
    probes:
      - kind: https
        url: ${a.url}
  - id: web-b
    role: https
    site: gdl
    probes:
      - kind: https
        url: ${b.url}
rules:
  - name: target_down
    kind: threshold
    select: up
    op: '=='
    value: 0
    for: ${FOR_MS / 1000}s
    interval: 1s
    severity: S2
    annotations:
      summary: '{{ $labels.target }} is down'
`;
}

interface AlertView {
  rule: string;
  fingerprint: string;
  group: string;
  labels: Record<string, string>;
  status: 'pending' | 'firing';
  since: string;
  incident?: string;
}

interface IncidentView {
  number: string;
  status: string;
  fingerprint?: string;
  labels: Record<string, string>;
  affectedTargets: string[];
  occurredAt: string;
  resolvedAt?: string;
}

interface TimelineView {
  seq: number;
  action: string;
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

/** A client of one running NOC's API, as the wall screen (viewer) sees it. */
function api(port: number) {
  const base = `http://127.0.0.1:${port}`;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: T }).data;
  };
  return {
    ready: async () => (await fetch(`${base}/readyz`)).ok,
    alerts: () => get<AlertView[]>('/api/v1/alerts'),
    alert: async (target: string) => (await get<AlertView[]>('/api/v1/alerts')).find((a) => a.rule === 'target_down' && a.labels.target === target),
    incidents: () => get<IncidentView[]>('/api/v1/incidents?limit=1000'),
    incident: (number: string) => get<IncidentView & { timeline: TimelineView[] }>(`/api/v1/incidents/${number}`),
    targetStates: async () =>
      new Map((await get<{ target: string; state: string }[]>('/api/v1/targets')).map((t) => [t.target, t.state])),
    /** The points of ALERTS{alertstate, target} since `from` (ms). */
    alertsSeries: async (alertstate: string, target: string, from: number) => {
      const match = encodeURIComponent(`ALERTS{alertname="target_down",alertstate="${alertstate}",target="${target}"}`);
      const data = await get<{ series: { points: [number, number][] }[] }>(`/api/v1/query_range?match=${match}&from=${encodeURIComponent(new Date(from).toISOString())}`);
      return data.series.flatMap((s) => s.points);
    },
  };
}

const ofTarget = (incidents: IncidentView[], target: string) => incidents.filter((i) => i.labels.target === target);
const actions = (timeline: TimelineView[], action: string) => timeline.filter((entry) => entry.action === action);

describe('noc start killed with SIGKILL while alerts are pending and firing', () => {
  it('restarts with the pending timer resumed, no duplicate incident, and one resolution for what cleared while down', async () => {
    const a = await controlledTarget();
    const b = await controlledTarget();
    targets.push(a, b);
    const port = await freePort();
    const file = join(dir, 'noc.yaml');
    writeFileSync(file, config(port, a, b));
    const noc = api(port);

    // --- the first process: B goes down long enough to fire and open an incident, then A goes down.
    const first = startNocProcess(file);
    const firstExit = new Promise<void>((done) => first.once('exit', () => done()));
    await waitFor(noc.ready, 60_000).catch((error: unknown) => {
      throw new Error(`noc did not become ready: ${String(error)}\n${first.output()}`);
    });
    await waitFor(async () => {
      const states = await noc.targetStates();
      return states.get('web-a') === 'up' && states.get('web-b') === 'up';
    }, 30_000);

    b.status = 500;
    await waitFor(async () => (await noc.alert('web-b'))?.status === 'firing' && ofTarget(await noc.incidents(), 'web-b').length === 1, 90_000);
    const [bBefore] = ofTarget(await noc.incidents(), 'web-b');
    if (bBefore === undefined) throw new Error('no incident for web-b');
    expect(bBefore.status).toBe('registered');
    expect((await noc.alert('web-b'))?.incident).toBe(bBefore.fingerprint);

    a.status = 500;
    let aPending: AlertView | undefined;
    await waitFor(async () => {
      aPending = await noc.alert('web-a');
      return aPending?.status === 'pending';
    }, 30_000);
    const pendingSince = Date.parse((aPending as AlertView).since);
    // Kill half-way through `for`, so "fires at pendingSince + for" and "fires at restart + for" lie far
    // apart. Waiting on A's ALERTS{alertstate="pending"} points also makes sure the evaluation that started
    // the timer was persisted: ALERTS is written before the states are saved, evaluation after evaluation.
    await waitFor(async () => (await noc.alertsSeries('pending', 'web-a', pendingSince)).some(([t, v]) => t - pendingSince >= FOR_MS / 2 && v === 1), 60_000);
    // Still pending at the kill (for is long), and B's incident is the only one.
    expect(await noc.alert('web-a')).toMatchObject({ status: 'pending', since: new Date(pendingSince).toISOString() });
    expect((await noc.incidents()).map((i) => i.number)).toEqual([bBefore.number]);

    process.kill(first.pid as number, 'SIGKILL');
    await firstExit;
    expect(first.signalCode).toBe('SIGKILL');

    // --- while it is down, B's condition clears; A stays down.
    b.status = 200;

    // --- the second process, same config and data directory.
    const restartedAt = Date.now();
    const second = startNocProcess(file);
    await waitFor(noc.ready, 60_000).catch((error: unknown) => {
      throw new Error(`noc did not become ready after the restart: ${String(error)}\n${second.output()}`);
    });
    // A's alert comes back as it was: pending since before the crash (or already firing, if that moment
    // passed while the process was down), never pending anew.
    const aRestored = await noc.alert('web-a');
    expect(aRestored).toBeDefined();
    if (aRestored?.status === 'pending') expect(Date.parse(aRestored.since)).toBe(pendingSince);

    // B's incident is resolved once, by monitoring, and is still the same incident.
    await waitFor(async () => (await noc.incident(bBefore.number)).status === 'resolved', 60_000);
    // A fires at pendingSince + for and opens its incident.
    await waitFor(async () => (await noc.alert('web-a'))?.status === 'firing' && ofTarget(await noc.incidents(), 'web-a').length > 0, 60_000);
    const aFiring = (await noc.alert('web-a')) as AlertView;
    const firingSince = Date.parse(aFiring.since);
    expect(firingSince - pendingSince).toBeGreaterThanOrEqual(FOR_MS);
    // Had the timer restarted with the process, A could not fire before restart + for.
    expect(firingSince).toBeLessThan(restartedAt + FOR_MS);

    // Let a few more evaluations pass with A firing and B clear, then look at everything.
    await waitFor(async () => (await noc.alertsSeries('firing', 'web-a', firingSince)).filter(([t, v]) => t > firingSince && v === 1).length >= 3, 30_000);

    const incidents = await noc.incidents();
    // 0 duplicates: one incident per fingerprint, exactly one for each target.
    const fingerprints = incidents.map((i) => i.fingerprint);
    expect(new Set(fingerprints).size).toBe(incidents.length);
    expect(incidents).toHaveLength(2);
    expect(ofTarget(incidents, 'web-a')).toHaveLength(1);
    expect(ofTarget(incidents, 'web-b')).toHaveLength(1);

    const bAfter = await noc.incident(bBefore.number);
    expect(bAfter).toMatchObject({ status: 'resolved', occurredAt: bBefore.occurredAt, affectedTargets: ['web-b'], fingerprint: 'target_down{target="web-b"}' });
    expect(actions(bAfter.timeline, 'resolved')).toHaveLength(1);
    expect(actions(bAfter.timeline, 'resolved')[0]).toMatchObject({ actor: 'monitoring' });
    expect(actions(bAfter.timeline, 'alert_joined')).toHaveLength(1);
    expect(actions(bAfter.timeline, 'reopened')).toHaveLength(0);
    // Resolved after the restart, when the restarted alerter saw B answer again.
    expect(Date.parse(bAfter.resolvedAt as string)).toBeGreaterThanOrEqual(restartedAt);

    const [aIncidentSummary] = ofTarget(incidents, 'web-a');
    const aIncident = await noc.incident((aIncidentSummary as IncidentView).number);
    // The incident occurred when A's condition began before the crash: the persisted timer, not the restart.
    expect(aIncident).toMatchObject({ status: 'registered', affectedTargets: ['web-a'], fingerprint: 'target_down{target="web-a"}' });
    expect(Date.parse(aIncident.occurredAt)).toBe(pendingSince);
    expect(aFiring.incident).toBe(aIncident.fingerprint);
    // It fired once: one alert joined, nothing resolved or reopened.
    expect(actions(aIncident.timeline, 'alert_joined')).toHaveLength(1);
    expect(actions(aIncident.timeline, 'resolved')).toHaveLength(0);
    expect(actions(aIncident.timeline, 'reopened')).toHaveLength(0);
    expect(Date.parse(actions(aIncident.timeline, 'alert_joined')[0]?.at as string)).toBe(firingSince);
    const firingPoints = await noc.alertsSeries('firing', 'web-a', pendingSince);
    expect(firingPoints.every(([, v]) => v === 1)).toBe(true);
    expect(firingPoints[0]?.[0]).toBe(firingSince);

    // The alerts now: A firing, B gone.
    const alerts = await noc.alerts();
    expect(alerts.map((alert) => [alert.labels.target, alert.status])).toEqual([['web-a', 'firing']]);

    const exited = new Promise<number | null>((done) => second.once('exit', (code) => done(code)));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 300_000);
});
