import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseConfigFile, DEMO_CONFIG } from '../src/cli/start.js';
import { freePort, waitFor } from './support/free-port.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

const NOC = resolve('src/cli/noc.ts');
const ADMIN = 'admin-token-for-tests-0001';
const dir = mkdtempSync(join(tmpdir(), 'noc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(port: number, extraToken = ''): string {
  return `server:
  listen: 127.0.0.1:${port}
  auth:
    tokens:
      - { name: root, token: ${ADMIN}, role: admin }
${extraToken}
store:
  kind: sqlite
  path: ./store/noc.db
`;
}

function noc(args: string[], cwd = dir): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, NOC, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

async function metric(base: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('noc start', () => {
  it('serves, reloads on SIGHUP and POST /api/v1/reload keeping the running config when invalid, stops on SIGTERM', async () => {
    const port = await freePort();
    const file = join(dir, 'noc.yaml');
    writeFileSync(file, config(port));
    const child = noc(['start', '--config', file]);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${base}/readyz`)).ok);
      expect(child.output().split('\n')[0]).toBe(`noc: starting with ${file}`);
      expect(existsSync(join(dir, 'store', 'noc.db'))).toBe(true);
      expect(await metric(base, 'noc_config_last_reload_successful')).toBe(1);

      writeFileSync(file, config(port).replace('kind: sqlite', 'kind: sqlite\n  retention: { raw: 10 days }'));
      child.kill('SIGHUP');
      await waitFor(async () => (await metric(base, 'noc_config_last_reload_successful')) === 0);
      expect(child.output()).toMatch(/noc\.yaml:\d+:\d+ store\.retention\.raw: expected a duration/);
      const viaApi = await fetch(`${base}/api/v1/reload`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(viaApi.status).toBe(422);
      // The running configuration still answers with its token.
      expect((await fetch(`${base}/api/v1/series?match=up`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);

      const viewer = 'viewer-token-for-tests-01';
      writeFileSync(file, config(port, `      - { name: wall, token: ${viewer}, role: viewer }`));
      child.kill('SIGHUP');
      await waitFor(async () => (await metric(base, 'noc_config_last_reload_successful')) === 1);
      expect((await fetch(`${base}/api/v1/series?match=up`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(200);

      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(child.output()).toMatch(/"msg":"noc stopped"/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to start on an invalid config, printing every error', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'server:\n  listen: nowhere\nstore:\n  kind: sqlite\n  hot_window: soon\n');
    const result = spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'start', '--config', file], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/broken\.yaml:2:11 server\.listen: expected host:port/);
    expect(result.stderr).toMatch(/broken\.yaml:5:15 store\.hot_window: expected a duration/);
  });

  it('falls back to ./noc.yaml, then to the lab with the bundled demo config', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(chooseConfigFile(undefined, empty, '127.0.10')).toEqual({
      file: DEMO_CONFIG,
      notice: `noc: no --config and no ./noc.yaml: starting the lab network on 127.0.10.0/24 and the bundled demo config that monitors it (${DEMO_CONFIG})`,
      lab: true,
    });
    writeFileSync(join(empty, 'noc.yaml'), '{}');
    expect(chooseConfigFile(undefined, empty, '127.0.10')).toMatchObject({ file: join(empty, 'noc.yaml'), lab: false });
    expect(chooseConfigFile('x.yaml', empty, '127.0.10')).toMatchObject({ file: 'x.yaml', lab: false });
    // The demo config reads the lab's CA certificate, which the lab writes when it starts.
    const ca = join(empty, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const check = spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'check-config', DEMO_CONFIG], { encoding: 'utf8', env: { ...process.env, NOC_LAB_CA: ca } });
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/lab\.yaml: OK/);
    expect(check.status).toBe(0);
  });

  it('rejects an unknown command with the usage', () => {
    const result = spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(result.stderr).toMatch(/noc check-config FILE/);
  });
});
