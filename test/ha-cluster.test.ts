import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../src/alerter/notifiers/testing/http-receiver.js';
import { inShard } from '../src/collector/shard.js';
import { type Config, loadConfigText } from '../src/config/index.js';
import { peerBinary } from './peers/peer-binary.js';
import { type PostgresTestServer, startPostgresServer } from './peers/postgres-server.js';
import { startVictoriaMetrics, type VictoriaMetricsServer } from './peers/victoria-metrics.js';
import { freePort, waitFor } from './support/free-port.js';
import { randomLabNet } from './support/lab-net.js';
import { type NocChild, spawnNoc } from './support/noc-child.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const DESK_TOKEN = 'desk-viewer-token-0001';
const pgAvailable = peerBinary(`${PG_BIN}/postgres`, 'PostgreSQL 15 server: apt-get install postgresql-15') !== undefined;
const vmBinary = peerBinary('/usr/bin/victoria-metrics', 'VictoriaMetrics: apt-get install victoria-metrics');
const run = promisify(execFile);
const NOC = resolve('src/cli/noc.ts');

/** The bound on the standby taking over after the leader dies. */
const TAKEOVER_BOUND_MS = 30_000;
/** The lab target whose fault opens the incident. */
const FAULTED = 'sbc-co-1';
/** Lab targets with their last octet: the active-active cores (a pair, sharded together) and the SBCs. */
const LAB_TARGETS: [string, number, string][] = [
  ['core-1', 11, 'core'],
  ['core-2', 12, 'core'],
  ['sbc-mx-1', 21, 'sbc'],
  ['sbc-mx-2', 22, 'sbc'],
  ['sbc-co-1', 23, 'sbc'],
  ['sbc-cl-1', 24, 'sbc'],
  ['sbc-pe-1', 25, 'sbc'],
  ['sbc-cr-1', 26, 'sbc'],
];

// FNV-1a 32 of each shard key, modulo 2: core-1 0xc742f548, sbc-mx-2 0x87a9a162, sbc-co-1 0xca1a15c0 are even;
// sbc-mx-1 0x86a99fcf, sbc-cl-1 0xf0a3a9d1, sbc-pe-1 0x3a697571, sbc-cr-1 0x1f71c9e3 are odd. core-2 alone would be
// odd (0xca42fa01), but as core-1's pair it is sharded by "core-1" and stays with it.
const SHARD_0 = ['core-1', 'core-2', 'sbc-mx-2', 'sbc-co-1'];
const SHARD_1 = ['sbc-mx-1', 'sbc-cl-1', 'sbc-pe-1', 'sbc-cr-1'];

/** The targets a collector's log says it probed (each probe logs "probe up" on its first answer). */
function probedTargets(output: string): string[] {
  const ids = [...output.matchAll(/"target":"([^"]+)","probe":"[^"]+","msg":"probe up"/g)].map((match) => match[1] as string);
  return [...new Set(ids)].sort();
}

/** One configuration for every process; each gets its own working directory (spool) and --listen. */
function sharedConfig(options: { net: string; unusedPort: number; vm: string; pg: string; hook: string }): string {
  const targets = LAB_TARGETS.map(([id, host, role]) => {
    const pair = id === 'core-1' ? ', pair: core-2' : id === 'core-2' ? ', pair: core-1' : '';
    return `  - { id: ${id}, role: ${role}, site: lab${pair}, probes: [{ kind: sip_options, target: "sip:${options.net}.${host}:5060", interval: 5s, timeout: 2s }] }`;
  }).join('\n');
  return `server:
  listen: 127.0.0.1:${options.unusedPort}
  auth:
    tokens:
      - { name: desk, token: ${DESK_TOKEN}, role: viewer }
store:
  kind: victoriametrics
  url: ${options.vm}
  buffer: { path: ./spool }
incidents:
  kind: postgres
  url: ${options.pg}
  prefix: HA
targets:
${targets}
rules:
  - { name: target_down, kind: threshold, select: up, op: "==", value: 0, for: 5s, interval: 1s, severity: S2, group_by: [target] }
notifications:
  channels:
    - { name: hook, kind: webhook, url: "${options.hook}/hook", timeout: 5s }
  routes:
    - channels: [hook]
      group_wait: 0s
      group_interval: 1s
      repeat_interval: 1h
  outbox:
    poll_interval: 200ms
    send_timeout: 3s
    retry: { initial: 100ms, factor: 2, max: 1s }
`;
}

function parsed(text: string): Config {
  const result = loadConfigText(text, { file: 'noc.yaml' });
  if (!result.ok) throw new Error(`test config invalid: ${JSON.stringify(result.issues)}`);
  return result.config;
}

function metric(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

async function metricOf(base: string, name: string): Promise<number | undefined> {
  return metric(await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(2_000) })).text(), name);
}

/** The targets with an `up` series in VictoriaMetrics (the store writes the metric as `up_value`). */
async function targetsWithUp(vm: VictoriaMetricsServer): Promise<string[]> {
  await vm.forceFlush();
  const text = await (await fetch(`${vm.url}/api/v1/export?match[]=up_value`)).text();
  const ids = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { metric: Record<string, string> }).metric['target'] ?? '');
  return [...new Set(ids)].sort();
}

interface HookCall {
  readonly key: string;
  readonly event: string;
  readonly number: string;
}

function hookCalls(hook: HttpReceiver): HookCall[] {
  return hook.requests.map((request) => {
    const body = JSON.parse(request.body) as { event?: string; incident?: { number: string } };
    return { key: String(request.headers['idempotency-key']), event: body.event ?? '', number: body.incident?.number ?? '' };
  });
}

/** Runs one query on the database at `url` (the harness's `sql` runs on the `postgres` database). */
async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!pgAvailable || vmBinary === undefined)('two collectors and two alerters sharing PostgreSQL and VictoriaMetrics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'noc-ha-cluster-'));
  const children: NocChild[] = [];
  let pg: PostgresTestServer | undefined;
  let vm: VictoriaMetricsServer | undefined;
  let hook: HttpReceiver | undefined;

  beforeAll(async () => {
    [pg, vm, hook] = await Promise.all([startPostgresServer(PG_BIN), startVictoriaMetrics(vmBinary as string), startHttpReceiver((_request, res) => res.writeHead(204).end())]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop().catch(() => undefined)));
    await Promise.all([pg?.destroy(), vm?.stop(), hook?.close()]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('polls each target from exactly one collector, shows the incident on a dashboard process, and the standby alerter takes over a firing incident without duplicates or lost notices', async () => {
    const server = pg as PostgresTestServer;
    const victoria = vm as VictoriaMetricsServer;
    const receiver = hook as HttpReceiver;
    const net = randomLabNet();
    const env = { ...process.env, NOC_LAB_NET: net };
    const labCli = async (...args: string[]) => (await run(process.execPath, [...TS_NODE_ARGS, NOC, 'lab', ...args], { cwd: dir, env })).stdout;
    const diagnostics = () => children.map((child, i) => `--- process ${i} ---\n${child.output().slice(-3000)}`).join('\n');

    const lab = spawnNoc(['lab', '--data', 'lab-data'], dir, env);
    children.push(lab);
    await waitFor(async () => lab.output().includes('the lab network is up'), 30_000);

    const pgUrl = await server.createDatabase();
    const text = sharedConfig({ net, unusedPort: await freePort(), vm: victoria.url, pg: pgUrl, hook: receiver.url });
    const file = join(dir, 'shared.yaml');
    writeFileSync(file, text);
    const config = parsed(text);

    const start = async (name: string, args: string[]): Promise<{ child: NocChild; base: string }> => {
      const cwd = join(dir, name);
      mkdirSync(cwd);
      const port = await freePort();
      const child = spawnNoc(['start', '--config', file, ...args, '--listen', `127.0.0.1:${port}`], cwd);
      children.push(child);
      return { child, base: `http://127.0.0.1:${port}` };
    };
    const collectors = [await start('collector-0', ['--role', 'collector', '--shard', '0/2']), await start('collector-1', ['--role', 'collector', '--shard', '1/2'])];
    const alerters = [await start('alerter-a', ['--role', 'alerter']), await start('alerter-b', ['--role', 'alerter'])];
    const dashboard = await start('dashboard', ['--role', 'dashboard']);
    try {
      for (const { base } of [...collectors, ...alerters, dashboard]) await waitFor(async () => (await fetch(`${base}/readyz`)).ok, 60_000);

      // Each collector polls exactly the probes of the targets its shard owns; the shards are disjoint and cover all.
      const owned = [0, 1].map((index) => config.targets.filter((target) => inShard(target, { index, count: 2 })));
      const ownedIds = owned.map((targets) => targets.map((target) => target.id));
      expect(ownedIds).toEqual([SHARD_0, SHARD_1]);
      for (const [i, { base }] of collectors.entries()) {
        const probes = (owned[i] as Config['targets']).reduce((sum, target) => sum + target.probes.length, 0);
        expect(await metricOf(base, 'noc_collector_probes')).toBe(probes);
        expect(await metricOf(base, 'noc_alerter_leader')).toBeUndefined();
      }
      // Each collector probed its own targets and no other.
      for (const [i, { child }] of collectors.entries()) {
        const mine = [...(i === 0 ? SHARD_0 : SHARD_1)].sort();
        await waitFor(async () => probedTargets(child.output()).length >= mine.length, 60_000);
        expect(probedTargets(child.output())).toEqual(mine);
      }
      // …and the shared store holds `up` for every target.
      await waitFor(async () => (await targetsWithUp(victoria)).length === LAB_TARGETS.length, 60_000);
      expect(await targetsWithUp(victoria)).toEqual(LAB_TARGETS.map(([id]) => id).sort());

      // Exactly one alerter leads.
      await waitFor(async () => (await Promise.all(alerters.map(({ base }) => metricOf(base, 'noc_alerter_leader')))).filter((v) => v === 1).length === 1, 30_000);
      const leaders = await Promise.all(alerters.map(({ base }) => metricOf(base, 'noc_alerter_leader')));
      expect([...leaders].sort()).toEqual([0, 1]);
      const leaderIndex = leaders.indexOf(1);
      const leader = alerters[leaderIndex] as (typeof alerters)[number];
      const standby = alerters[1 - leaderIndex] as (typeof alerters)[number];
      expect(leader.child.output()).toMatch(/alerter lease acquired/);
      expect(standby.child.output()).not.toMatch(/alerter lease acquired/);

      // A fault opens one incident for the target, announced on the webhook.
      expect(await labCli('fault', FAULTED, 'down', '--for', '10m')).toMatch(new RegExp(`^lab: ${FAULTED} down until `));
      type IncidentRow = { number: string; status: string; fingerprint: string | null };
      const incidentsOf = () => query<IncidentRow>(pgUrl, `SELECT number, status, fingerprint FROM incidents WHERE labels->>'target' = $1`, [FAULTED]);
      await waitFor(async () => (await incidentsOf()).length > 0, 90_000).catch((error: unknown) => {
        throw new Error(`no incident for ${FAULTED}\n${diagnostics()}`, { cause: error });
      });
      const [incident] = await incidentsOf();
      expect(incident?.status).toBe('registered');
      const number = incident?.number as string;
      const fingerprint = incident?.fingerprint as string;
      expect(fingerprint).toBe(`target_down{target="${FAULTED}"}`);
      await waitFor(async () => hookCalls(receiver).some((call) => call.event === 'opened' && call.number === number), 60_000);
      // A dashboard process, which neither collects nor alerts, shows the incident and its firing alert from the shared stores.
      const api = async <T>(path: string): Promise<T> => ((await (await fetch(`${dashboard.base}${path}`, { headers: { authorization: `Bearer ${DESK_TOKEN}` } })).json()) as { data: T }).data;
      expect((await api<Array<{ number: string }>>('/api/v1/incidents')).map((row) => row.number)).toContain(number);
      await waitFor(async () => (await api<Array<{ labels: Record<string, string>; status: string }>>('/api/v1/alerts')).some((alert) => alert.labels['target'] === FAULTED && alert.status === 'firing'), 30_000);

      // The leader dies while the incident fires; the standby takes the lease.
      const killedAt = Date.now();
      await leader.child.stop('SIGKILL');
      await waitFor(async () => (await metricOf(standby.base, 'noc_alerter_leader')) === 1, 60_000);
      const takeoverMs = Date.now() - killedAt;
      console.info(`alerter takeover after SIGKILL of the leader: ${takeoverMs} ms`);
      expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
      expect(standby.child.output()).toMatch(/alerter lease acquired/);

      // The fault clears: the same incident resolves, and it was the only one ever opened for it.
      expect(await labCli('clear', FAULTED)).toMatch(new RegExp(`lab: cleared ${FAULTED} down`));
      await waitFor(async () => (await incidentsOf()).some((row) => row.status === 'resolved'), 90_000).catch((error: unknown) => {
        throw new Error(`the incident never resolved\n${diagnostics()}`, { cause: error });
      });
      expect(await incidentsOf()).toEqual([{ number, status: 'resolved', fingerprint }]);
      expect(await query(pgUrl, `SELECT number FROM incidents WHERE fingerprint = $1`, [fingerprint])).toEqual([{ number }]);
      await waitFor(async () => hookCalls(receiver).some((call) => call.event === 'resolved' && call.number === number), 60_000);

      // No notification lost: every outbox message ends sent, and the receiver got each key (at least once).
      type OutboxRow = { idempotency_key: string; status: string };
      const outbox = () => query<OutboxRow>(pgUrl, 'SELECT idempotency_key, status FROM outbox ORDER BY id');
      await waitFor(async () => (await outbox()).every((row) => row.status === 'sent'), 60_000).catch(async (error: unknown) => {
        throw new Error(`outbox not drained: ${JSON.stringify(await outbox())}\n${diagnostics()}`, { cause: error });
      });
      const rows = await outbox();
      expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
      const received = new Set(hookCalls(receiver).map((call) => call.key));
      expect(rows.map((row) => row.idempotency_key).filter((key) => !received.has(key))).toEqual([]);
      // Every call the receiver got is one of the outbox's messages; the incident's opened and resolved notices are among them.
      const keys = new Set(rows.map((row) => row.idempotency_key));
      expect(hookCalls(receiver).filter((call) => !keys.has(call.key))).toEqual([]);
      const events = [...new Set(hookCalls(receiver).map((call) => `${call.number} ${call.event}`))];
      expect(events).toContain(`${number} opened`);
      expect(events).toContain(`${number} resolved`);
    } catch (error) {
      console.error(diagnostics());
      throw error;
    }
  }, 300_000);
});
