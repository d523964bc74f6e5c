import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerBinary } from './peers/peer-binary.js';
import { freePort, waitFor } from './support/free-port.js';
import { type RestartableInflux, type RestartableVictoriaMetrics, startRestartableInflux, startRestartableVictoriaMetrics } from './support/restartable-peer.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

// `noc start` as a real process on a remote sample store: a tiny Prometheus target polled every second,
// the samples in the real server, and the outage buffer seen through /metrics while the server is away.
const NOC = resolve('src/cli/noc.ts');
const ADMIN = 'admin-token-for-tests-0001';
const AUTH = { authorization: `Bearer ${ADMIN}` };
const METRIC = 'outage_probe_value';

const vmBinary = peerBinary('/usr/bin/victoria-metrics', 'apt-get install victoria-metrics');
const influxBinary = peerBinary('/usr/bin/influxd', 'apt-get install influxdb');

const dirs: string[] = [];
let target: Server | undefined;
let targetUrl = '';
// Each scrape answers the next whole number, so the samples of any moment are told apart.
let scrapes = 0;

beforeAll(async () => {
  const port = await freePort();
  target = createServer((req, res) => {
    scrapes++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE ${METRIC} gauge\n${METRIC} ${scrapes}\n`);
  });
  await new Promise<void>((done) => target?.listen(port, '127.0.0.1', done));
  targetUrl = `http://127.0.0.1:${port}/metrics`;
});

afterAll(async () => {
  await new Promise<void>((done) => (target ? target.close(() => done()) : done()));
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function config(port: number, store: string): string {
  return `server:
  listen: 127.0.0.1:${port}
  auth:
    tokens:
      - { name: root, token: ${ADMIN}, role: admin }
store:
${store}
  buffer: { path: ./spool, max_size: 64MiB, hot_window: 1h }
defaults:
  interval: 1s
  timeout: 900ms
targets:
  - id: exporter
    name: A Prometheus exporter
    role: host
    site: local
    probes:
      - kind: prometheus
        url: ${targetUrl}
`;
}

type Noc = ChildProcess & { output: () => string; base: string; stop: () => Promise<void>; readyAt: number };

async function startNoc(store: string): Promise<Noc> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-remote-start-'));
  dirs.push(dir);
  const port = await freePort();
  const file = join(dir, 'noc.yaml');
  writeFileSync(file, config(port, store));
  const child = spawn(process.execPath, [...TS_NODE_ARGS, NOC, 'start', '--config', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const noc = Object.assign(child, { output: () => output, base, stop, readyAt: 0 });
  try {
    const ready = waitFor(async () => (await fetch(`${base}/readyz`)).ok, 30_000);
    await Promise.race([ready, exited.then(() => Promise.reject(new Error(`exited with ${child.exitCode}`)))]);
    noc.readyAt = Date.now();
  } catch (error) {
    await stop();
    throw new Error(`noc did not start: ${(error as Error).message}\n${output}`, { cause: error });
  }
  // The incident side stays the embedded default, in the working directory.
  expect(existsSync(join(dir, 'data', 'incidents.db'))).toBe(true);
  return noc;
}

async function metric(base: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

interface Points {
  readonly t: number[];
  readonly v: number[];
}

/**
 * The probe's samples from `from` (ms) to now through noc's own API. Memory holds what arrived since the
 * process started, so while the store is away only ranges from then on are answered (README, outage buffer).
 */
async function nocRange(base: string, from: number): Promise<Points> {
  const url = `${base}/api/v1/query_range?match=${encodeURIComponent(METRIC)}&from=${new Date(from).toISOString()}&to=now`;
  const response = await fetch(url, { headers: AUTH });
  const body = (await response.json()) as { data?: { series: Array<{ points: Array<[number, number]> }> }; error?: unknown };
  if (!response.ok || body.data === undefined) throw new Error(`query_range ${response.status}: ${JSON.stringify(body)}`);
  const points = body.data.series[0]?.points ?? [];
  return { t: points.map((p) => p[0]), v: points.map((p) => p[1]) };
}

/** The probe's samples as VictoriaMetrics holds them (line protocol names the series `<measurement>_value`). */
async function vmExport(vm: RestartableVictoriaMetrics): Promise<Points> {
  await vm.forceFlush();
  const response = await fetch(`${vm.url}/api/v1/export?match[]=${encodeURIComponent(`{__name__="${METRIC}_value"}`)}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`export ${response.status}: ${text}`);
  const t: number[] = [];
  const v: number[] = [];
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const row = JSON.parse(line) as { timestamps: number[]; values: number[] };
    t.push(...row.timestamps);
    v.push(...row.values);
  }
  return { t, v };
}

describe.skipIf(vmBinary === undefined)('noc start on VictoriaMetrics', () => {
  let vm: RestartableVictoriaMetrics | undefined;
  afterAll(async () => vm?.dispose());

  it('writes the samples to the server, serves recent reads from memory while it is away, and sends the outage once it returns', async () => {
    vm = await startRestartableVictoriaMetrics(vmBinary ?? '');
    const noc = await startNoc(`  kind: victoriametrics\n  url: ${vm.url}`);
    try {
      const server = vm;
      await waitFor(async () => (await vmExport(server)).t.length >= 3 && (await nocRange(noc.base, noc.readyAt)).t.length >= 3, 20_000);
      expect(await metric(noc.base, 'noc_store_remote_up')).toBe(1);
      expect(await metric(noc.base, 'noc_store_dropped_samples_total')).toBe(0);
      const before = await nocRange(noc.base, noc.readyAt);
      expect(before.t.length).toBeGreaterThanOrEqual(3);

      const stoppedAt = Date.now();
      await vm.stop('SIGTERM');
      const lastBefore = Math.max(...(await nocRange(noc.base, noc.readyAt)).t);
      await waitFor(async () => (await metric(noc.base, 'noc_store_remote_up')) === 0, 60_000);
      const detectMs = Date.now() - stoppedAt;
      const pending = async (): Promise<number> => (await metric(noc.base, 'noc_store_spool_pending_samples')) ?? -1;
      await waitFor(async () => (await pending()) >= 3, 20_000);
      const pendingThen = await pending();
      await waitFor(async () => (await pending()) > pendingThen, 20_000);
      // The minutes since the start still answer, from memory, with the samples taken while the store is away.
      const outageSamples = async () => {
        const during = await nocRange(noc.base, noc.readyAt);
        return during.t.flatMap((t, i) => (t > lastBefore ? [[t, during.v[i]]] : []));
      };
      await waitFor(async () => (await outageSamples()).length >= 3, 20_000);
      const during = await nocRange(noc.base, noc.readyAt);
      const outage = during.t.flatMap((t, i) => (t > lastBefore ? [[t, during.v[i]]] : []));
      expect(outage.length).toBeGreaterThanOrEqual(3);
      expect(during.t).toEqual([...during.t].sort((a, b) => a - b));
      expect(await metric(noc.base, 'noc_store_remote_up')).toBe(0);

      await vm.start();
      await waitFor(async () => (await metric(noc.base, 'noc_store_remote_up')) === 1 && (await metric(noc.base, 'noc_store_spool_pending_samples')) === 0, 60_000);
      const held = await vmExport(vm);
      const heldPairs = held.t.map((t, i) => [t, held.v[i]]);
      // Every sample of before and of the outage, with its value, is in the server.
      for (const pair of [...before.t.map((t, i) => [t, before.v[i]]), ...outage]) expect(heldPairs).toContainEqual(pair);
      // Each sample once: no timestamp twice.
      expect(new Set(held.t).size).toBe(held.t.length);
      expect(await metric(noc.base, 'noc_store_dropped_samples_total')).toBe(0);
      console.info(`remote store outage noticed ${detectMs} ms after the server stopped; ${outage.length} samples taken while away`);
    } finally {
      await noc.stop();
    }
  }, 90_000);
});

describe.skipIf(influxBinary === undefined)('noc start on InfluxDB 1.x', () => {
  let influx: RestartableInflux | undefined;
  afterAll(async () => influx?.dispose());

  it('writes the samples to the server', async () => {
    influx = await startRestartableInflux(influxBinary ?? '', 'noc');
    const noc = await startNoc(`  kind: influxdb\n  url: ${influx.url}\n  version: 1\n  database: noc`);
    const count = async (): Promise<number> => {
      const body = new URLSearchParams({ q: `SELECT count("value") FROM "${METRIC}"`, db: 'noc' });
      const answer = (await (await fetch(`${influx?.url}/query`, { method: 'POST', body })).json()) as {
        results: Array<{ series?: Array<{ values: Array<[string, number]> }> }>;
      };
      return answer.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
    };
    try {
      await waitFor(async () => (await count()) >= 3, 20_000);
      expect(await metric(noc.base, 'noc_store_remote_up')).toBe(1);
      // With the server up, a range reaching before the start is the server's answer merged with memory's.
      const through = await nocRange(noc.base, noc.readyAt - 60_000);
      expect(through.t.length).toBeGreaterThanOrEqual(await count());
    } finally {
      await noc.stop();
    }
  }, 60_000);
});
