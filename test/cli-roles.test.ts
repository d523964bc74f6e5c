import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningNoc, startNoc } from '../src/cli/start.js';
import { silentLogger } from '../src/core/index.js';
import { freePort, waitFor } from './support/free-port.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

const NOC = resolve('src/cli/noc.ts');
const dir = mkdtempSync(join(tmpdir(), 'noc-roles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// FNV-1a 32 of each id, modulo 2: core-1 0xc742f548, sbc-2 0x4bb14d8a, db-2 0x4176e748 are even;
// core-2 0xca42fa01, sbc-1 0x4ab14bf7, sbc-3 0x4cb14f1d, db-1 0x4476ec01, web-1 0x76b7b71f are odd.
const SHARD_0 = ['core-1', 'db-2', 'sbc-2'];
const SHARD_1 = ['core-2', 'db-1', 'sbc-1', 'sbc-3', 'web-1'];
const TARGETS = [...SHARD_0, ...SHARD_1].sort();

/** One configuration for every process; the port of server.listen is never bound (each gets --listen). */
function sharedConfig(unusedPort: number, probePort: number): string {
  const targets = TARGETS.map(
    (id) => `  - { id: ${id}, role: host, site: qro, probes: [{ kind: tcp, host: 127.0.0.1, port: ${probePort}, interval: 1s, timeout: 500ms }] }`,
  ).join('\n');
  return `server:
  listen: 127.0.0.1:${unusedPort}
store:
  kind: sqlite
  path: ./store/noc.db
targets:
${targets}
`;
}

function noc(args: string[], cwd: string): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, NOC, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

async function metrics(base: string): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}

function metric(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

async function json<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

describe('noc start --role', () => {
  it('runs two collectors over disjoint shards that together cover every target; a dashboard on each store polls nothing', async () => {
    const [unused, probePort, portA, portB] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const file = join(dir, 'shared.yaml');
    writeFileSync(file, sharedConfig(unused, probePort));
    const dirs = [join(dir, 'a'), join(dir, 'b')];
    for (const d of dirs) mkdirSync(d);
    const collectors = [
      noc(['start', '--config', file, '--role', 'collector', '--shard', '0/2', '--listen', `127.0.0.1:${portA}`], dirs[0] as string),
      noc(['start', '--config', file, '--role', 'collector', '--shard', '1/2', '--listen', `127.0.0.1:${portB}`], dirs[1] as string),
    ];
    const bases = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    try {
      for (const [i, base] of bases.entries()) {
        await waitFor(async () => (await fetch(`${base}/readyz`)).ok, 60_000);
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        const notFound = await json<{ error: { code: string } }>(`${base}/api/v1/incidents`);
        expect(notFound.status).toBe(404);
        expect(notFound.body.error.code).toBe('not_found');
        const text = await metrics(base);
        expect(metric(text, 'noc_collector_probes')).toBe(i === 0 ? SHARD_0.length : SHARD_1.length);
        expect(metric(text, 'noc_alerter_leader')).toBeUndefined();
        // Every probe of the shard has run at least once (each writes up{target,probe}).
        await waitFor(async () => (metric(await metrics(base), 'noc_collector_runs_total') ?? 0) >= 2 * (i === 0 ? SHARD_0.length : SHARD_1.length), 30_000);
      }
      expect(collectors[0]?.output()).toMatch(/noc: collector running; health and metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
      expect(collectors[0]?.output()).toMatch(/"role":"collector","shard":"0\/2","msg":"noc role"/);
      for (const child of collectors) {
        const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    } finally {
      for (const child of collectors) child.kill('SIGKILL');
    }

    const polled: string[][] = [];
    for (const cwd of dirs) {
      const dashboard = await startNoc({ file, env: {}, log: silentLogger, cwd, role: 'dashboard', listen: '127.0.0.1:0' });
      try {
        const series = await json<{ data: { labels: Record<string, string> }[] }>(`${dashboard.url}/api/v1/series?match=up`);
        polled.push(series.body.data.map((s) => s.labels['target'] as string).sort());
        // The dashboard lists every configured target from the shared store, polled by whichever collector.
        const targets = await json<{ data: { target: string }[] }>(`${dashboard.url}/api/v1/targets`);
        expect(targets.body.data.map((t) => t.target).sort()).toEqual(TARGETS);
        expect((await json<{ data: unknown[] }>(`${dashboard.url}/api/v1/incidents`)).body.data).toEqual([]);
        expect((await json<{ data: unknown[] }>(`${dashboard.url}/api/v1/alerts`)).body.data).toEqual([]);
        const text = await metrics(dashboard.url);
        expect(metric(text, 'noc_collector_probes')).toBeUndefined();
        expect(metric(text, 'noc_store_samples_appended_total')).toBe(0);
        expect(dashboard.leading()).toBe(false);
      } finally {
        await dashboard.stop();
      }
    }
    expect(polled).toEqual([SHARD_0, SHARD_1]);
  }, 180_000);

  it('runs the alerter alone, leading at once on the embedded store, with only health and metrics served', async () => {
    const cwd = join(dir, 'alerter');
    mkdirSync(cwd);
    const file = join(cwd, 'noc.yaml');
    writeFileSync(file, sharedConfig(await freePort(), await freePort()));
    let alerter: RunningNoc | undefined;
    try {
      alerter = await startNoc({ file, env: {}, log: silentLogger, cwd, role: 'alerter', listen: '127.0.0.1:0' });
      expect(alerter.leading()).toBe(true);
      const text = await metrics(alerter.url);
      expect(metric(text, 'noc_alerter_leader')).toBe(1);
      expect(metric(text, 'noc_collector_probes')).toBeUndefined();
      expect(metric(text, 'noc_notifications_sent_total')).toBe(0);
      expect((await fetch(`${alerter.url}/api/v1/incidents`)).status).toBe(404);
      expect((await fetch(`${alerter.url}/readyz`)).status).toBe(200);
    } finally {
      await alerter?.stop();
    }
    expect(alerter?.leading()).toBe(false);
  }, 60_000);

  it('refuses a bad --role, --shard or --listen with the flag named', () => {
    const file = join(dir, 'shared.yaml');
    const cases: [string[], RegExp][] = [
      [['--role', 'boss'], /noc: --role: expected one of all, collector, alerter, dashboard, got "boss"/],
      [['--shard', '2/2'], /noc: --shard: expected INDEX\/COUNT with 0 ≤ INDEX < COUNT, such as 0\/2 or 2\/3, got "2\/2"/],
      [['--listen', 'nowhere'], /noc: --listen: expected host:port, such as 127\.0\.0\.1:9700, got "nowhere"/],
    ];
    for (const [flags, message] of cases) {
      const result = spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'start', '--config', file, ...flags], { cwd: dir, encoding: 'utf8' });
      expect(result.stderr).toMatch(message);
      expect(result.status).toBe(1);
    }
  }, 60_000);
});
