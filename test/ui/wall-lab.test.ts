// The web app against the real `noc start` watching the lab, in headless Chromium: login, the wall following a
// fault injected with `noc lab fault`, an incident acknowledged from the console, the stream surviving a
// server restart. Needs the dashboard contract in place: session and wall-token routes, the stream, and the
// web app mounted (webRoutes).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DIR } from '../../src/dashboard/web-routes.js';
import { freePort, waitFor } from '../support/free-port.js';
import { randomLabNet } from '../support/lab-net.js';
import { TS_NODE_ARGS } from '../support/run-ts.js';
import { CHROMIUM, launchBrowser } from './support/browser.js';
import { peerBinary } from '../peers/peer-binary.js';

const chromiumBinary = peerBinary(CHROMIUM, 'Debian package chromium');

const NOC = resolve('src/cli/noc.ts');
const ARTIFACTS = resolve('test-artifacts');
const OPERATOR = { username: 'ana', password: 'lab-operator-password-1' };
const OPERATOR_TOKEN = 'ui-test-operator-token-0123456789';
const WALL_TOKEN = 'ui-test-wall-token-0123456789abcdef';
const LAB_TARGETS = ['core-1', 'core-2', 'sbc-mx-1', 'sbc-mx-2', 'sbc-co-1', 'sbc-cl-1', 'sbc-pe-1', 'sbc-cr-1', 'db-1', 'db-2', 'www'];

const dir = mkdtempSync(join(tmpdir(), 'noc-ui-lab-'));
const net = randomLabNet();
let port = 0;
let base = '';
let env: NodeJS.ProcessEnv = {};
let lab: ChildProcess | undefined;
let noc: ChildProcess | undefined;
let nocOutput = '';
let browser: { context: BrowserContext; close: () => Promise<void> };

/** The demo config with users, an operator token and a wall token: the demo itself has none. */
function writeConfig(): void {
  const demo = readFileSync(resolve('examples/lab.yaml'), 'utf8');
  const auth = [
    'server:',
    '  listen: ${NOC_LISTEN}',
    '  auth:',
    `    wall_token: ${WALL_TOKEN}`,
    '    tokens:',
    `      - { name: ui-operator, token: ${OPERATOR_TOKEN}, role: operator }`,
    '    users:',
    `      - { username: ${OPERATOR.username}, password: ${OPERATOR.password}, role: operator }`,
  ].join('\n');
  writeFileSync(join(dir, 'noc.yaml'), demo.replace(/^server:\n {2}listen: .*$/m, auth));
}

async function startNoc(): Promise<void> {
  nocOutput = '';
  noc = spawn(process.execPath, [...TS_NODE_ARGS, NOC, 'start', '--config', 'noc.yaml'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  noc.stdout?.on('data', (d: Buffer) => (nocOutput += d.toString()));
  noc.stderr?.on('data', (d: Buffer) => (nocOutput += d.toString()));
  await waitFor(async () => (await fetch(`${base}/readyz`)).ok, 60_000);
}

async function stopNoc(): Promise<void> {
  const child = noc;
  if (child === undefined || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((done) => child.once('exit', done));
}

const labCli = (...args: string[]) => spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'lab', ...args], { cwd: dir, env, encoding: 'utf8' });

const api = async (path: string, init: RequestInit = {}) =>
  fetch(`${base}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json', ...init.headers } });

beforeAll(async () => {
  if (chromiumBinary === undefined) return;
  expect(existsSync(`${DEFAULT_WEB_DIR}wall.html`), 'dist/web is built (npm run build:web)').toBe(true);
  mkdirSync(ARTIFACTS, { recursive: true });
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = { ...process.env, NOC_LAB_NET: net, NOC_LISTEN: `127.0.0.1:${port}`, NOC_LAB_CA: join(dir, 'lab', 'ca.pem') };
  writeConfig();
  let labOutput = '';
  lab = spawn(process.execPath, [...TS_NODE_ARGS, NOC, 'lab', '--data', 'lab'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  lab.stdout?.on('data', (d: Buffer) => (labOutput += d.toString()));
  await waitFor(async () => labOutput.includes('the lab network is up'), 30_000);
  await startNoc();
  await waitFor(async () => {
    const body = (await (await api('/targets')).json()) as { data: { target: string; state: string }[] };
    return LAB_TARGETS.every((id) => body.data.find((t) => t.target === id)?.state === 'up');
  }, 60_000);
  browser = await launchBrowser({ width: 1920, height: 1080 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopNoc();
  if (lab && lab.exitCode === null) {
    lab.kill('SIGTERM');
    await new Promise((done) => lab?.once('exit', done));
  }
  rmSync(dir, { recursive: true, force: true });
});

async function openWall(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${base}/wall?token=${WALL_TOKEN}`);
  await page.waitForURL(`${base}/wall`);
  await page.waitForSelector('[data-testid=network-grid][data-loaded=true]');
  return page;
}

/** Signs the operator in through the console's form, in a browser without the wall's session. */
async function signIn(page: Page): Promise<void> {
  await browser.context.clearCookies();
  await page.goto(`${base}/`);
  await page.fill('input[name=username]', OPERATOR.username);
  await page.fill('input[name=password]', OPERATOR.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=whoami]');
}

describe.skipIf(chromiumBinary === undefined)('web app on the lab (real server)', () => {
  it('signs an operator in from the login form', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/`);
    await page.fill('input[name=username]', OPERATOR.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=login-error]');
    await page.fill('input[name=password]', OPERATOR.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=whoami]');
    expect(await page.textContent('[data-testid=whoami]')).toContain(OPERATOR.username);
    await page.close();
  }, 60_000);

  it('shows a target DOWN on the wall within 15 s of `noc lab fault … down`', async () => {
    const page = await openWall();
    await page.waitForSelector('[data-testid=tile-sbc-co-1][data-state=up]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=live-badge].tone-up', { timeout: 30_000 });
    expect(labCli('fault', 'sbc-co-1', 'down', '--for', '10m').status).toBe(0);
    await page.waitForSelector('[data-testid=tile-sbc-co-1][data-state=down]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=tile-sbc-co-1]')).toContain('DOWN');
    await page.waitForSelector('[data-testid=chart-calls] canvas');
    await page.screenshot({ path: join(ARTIFACTS, 'wall-lab-1920x1080.png') });
    expect(labCli('clear', 'sbc-co-1').status).toBe(0);
    await page.close();
  }, 90_000);

  it('acknowledges an incident from the console, and its attention countdown stops', async () => {
    const created = await api('/incidents', { method: 'POST', body: JSON.stringify({ channel: 'phone', title: 'Customer reports one-way audio', severity: 'S3' }) });
    expect(created.status).toBe(201);
    const { number } = ((await created.json()) as { data: { number: string } }).data;
    const page = await browser.context.newPage();
    await signIn(page);
    await page.goto(`${base}/#/incidents/${number}`);
    await page.waitForSelector('[data-testid=countdown-attention]');
    expect(await page.getAttribute('[data-testid=countdown-attention]', 'data-state')).toBe('ok');
    await page.click('[data-testid=action-acknowledge]');
    await page.fill('form[data-testid=form-acknowledge] input[name=note]', 'on it');
    await page.click('[data-testid=action-submit]');
    await page.waitForSelector('[data-testid=countdown-attention][data-state=met]');
    expect(await page.textContent('[data-testid=incident-status]')).toBe('diagnosing');
    await page.screenshot({ path: join(ARTIFACTS, 'console-incident-lab.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('shows DATA STALE while the server restarts and clears it once the stream is back', async () => {
    const page = await openWall();
    await page.waitForSelector('[data-testid=live-badge].tone-up', { timeout: 30_000 });
    await stopNoc();
    await page.waitForSelector('[data-testid=stale-banner]', { timeout: 15_000 });
    await startNoc();
    await page.waitForSelector('[data-testid=stale-banner]', { state: 'detached', timeout: 60_000 });
    await page.waitForSelector('[data-testid=live-badge].tone-up');
    await page.close();
  }, 180_000);
});
