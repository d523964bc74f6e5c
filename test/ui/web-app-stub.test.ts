// The web app in a real browser against a stub of the API that follows the dashboard contract (session
// cookie, stream messages) and sends the app's Content-Security-Policy: login, live wall, incident actions,
// reconnection. The same flows against the real server and lab are in wall-lab.test.ts.
import { existsSync, mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DIR } from '../../src/dashboard/web-routes.js';
import { CHROMIUM, launchBrowser } from './support/browser.js';
import { peerBinary } from '../peers/peer-binary.js';

const chromiumBinary = peerBinary(CHROMIUM, 'Debian package chromium');
import { type StubNoc, startStubNoc, STUB_USER } from './support/stub-noc.js';

const ARTIFACTS = 'test-artifacts';
let stub: StubNoc;
let browser: { context: BrowserContext; close: () => Promise<void> };
const cspViolations: string[] = [];

beforeAll(async () => {
  if (chromiumBinary === undefined) return;
  expect(existsSync(`${DEFAULT_WEB_DIR}wall.html`), 'dist/web is built (npm run build:web)').toBe(true);
  mkdirSync(ARTIFACTS, { recursive: true });
  stub = await startStubNoc({ targets: 14 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stub?.stop();
});

async function open(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(`${stub.url}${path}`);
  return page;
}

describe.skipIf(chromiumBinary === undefined)('web app (stub API)', () => {
  it('refuses a wrong password with a message, then signs in and out', async () => {
    const page = await open('/');
    await page.fill('input[name=username]', STUB_USER.username);
    await page.fill('input[name=password]', 'wrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toBe('Wrong username or password.');
    await page.fill('input[name=password]', STUB_USER.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=whoami]');
    expect(await page.textContent('[data-testid=whoami]')).toContain('ops');
    await page.click('[data-testid=logout]');
    await page.waitForSelector('[data-testid=login-form]');
    // Signed in again for the tests below (same browser profile, same cookie jar).
    await page.fill('input[name=username]', STUB_USER.username);
    await page.fill('input[name=password]', STUB_USER.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=whoami]');
    await page.close();
  });

  it('shows a target going DOWN on the wall from the stream, as colour, icon and word', async () => {
    const page = await open('/wall');
    await page.waitForSelector('[data-testid=network-grid][data-loaded=true]');
    expect(await page.getAttribute('[data-testid=tile-sbc-co-1]', 'data-state')).toBe('up');
    expect(await page.textContent('[data-testid=pair-core-1\\+core-2]')).toContain('PAIR OK');
    // The stub pushes changes only to sockets already open; the grid above came over HTTP.
    await page.waitForSelector('[data-testid=live-badge].tone-up');
    stub.setState('sbc-co-1', 'down');
    await page.waitForSelector('[data-testid=tile-sbc-co-1][data-state=down]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=tile-sbc-co-1]')).toContain('DOWN');
    expect(await page.getAttribute('[data-testid=countdown-attention]', 'data-state')).toBe('warn');
    await page.waitForSelector('[data-testid=chart-calls] canvas');
    await page.screenshot({ path: `${ARTIFACTS}/wall-stub-1920x1080.png` });
    stub.setState('sbc-co-1', 'up');
    await page.close();
  });

  it('acknowledges an incident from the console: the attention countdown stops (met)', async () => {
    const page = await open('/#/incidents/NOC-2026-000001');
    await page.waitForSelector('[data-testid=countdown-attention]');
    expect(await page.getAttribute('[data-testid=countdown-attention]', 'data-state')).toBe('warn');
    await page.click('[data-testid=action-acknowledge]');
    await page.click('[data-testid=action-submit]');
    await page.waitForSelector('[data-testid=countdown-attention][data-state=met]');
    expect(await page.textContent('[data-testid=incident-status]')).toBe('diagnosing');
    await page.screenshot({ path: `${ARTIFACTS}/console-incident-stub.png` });
    await page.close();
  });

  it('shows DATA STALE when the server goes away and clears it after reconnecting by itself', async () => {
    const page = await open('/wall');
    await page.waitForSelector('[data-testid=live-badge].tone-up');
    expect(await page.$('[data-testid=stale-banner]')).toBeNull();
    await stub.stop();
    await page.waitForSelector('[data-testid=stale-banner]', { timeout: 10_000 });
    expect(await page.textContent('[data-testid=stale-banner]')).toContain('DATA STALE');
    await page.screenshot({ path: `${ARTIFACTS}/wall-stub-stale.png` });
    await stub.start();
    await page.waitForSelector('[data-testid=stale-banner]', { state: 'detached', timeout: 30_000 });
    await page.waitForSelector('[data-testid=live-badge].tone-up');
    await page.close();
  });

  it('ran under the strict Content-Security-Policy without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
