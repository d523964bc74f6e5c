// The forensics page in a real browser against the stub API (canned answers shaped as the forensics
// contract) under the app's Content-Security-Policy: the incident's frozen snapshot, the full analysis
// opened from it, overlays, timeline marks, a window dragged on the chart, presets and the API's errors.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerBinary } from '../peers/peer-binary.js';
import { CHROMIUM } from './support/browser.js';
import { ARTIFACTS, openSignedInConsole, type SignedInConsole } from './support/signed-in-console.js';
import type { StubNoc } from './support/stub-noc.js';

const chromiumBinary = peerBinary(CHROMIUM, 'Debian package chromium');
const FOCUS = 'sip_registered_contacts{target="sbc-co-1"}';
let session: SignedInConsole;
let stub: StubNoc;
let page: Page;

beforeAll(async () => {
  if (chromiumBinary === undefined) return;
  session = await openSignedInConsole();
  ({ stub, page } = session);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const lastRequest = () => new URLSearchParams(stub.forensics.requests[stub.forensics.requests.length - 1] ?? '');

describe.skipIf(chromiumBinary === undefined)('forensics page (stub API)', () => {
  it('shows the snapshot frozen on the incident and opens the full analysis of its window', async () => {
    await page.goto(`${stub.url}/#/incidents/NOC-2026-000001`);
    await page.waitForSelector('[data-testid=snapshot-list] tbody tr');
    expect(await page.locator('[data-testid=snapshot-list] tbody tr').count()).toBe(5);
    expect(await page.textContent('[data-testid=snapshot-list] [data-testid=entry-1]')).toContain('sip_options_rtt_seconds');
    await page.locator('[data-testid=forensic-snapshot]').screenshot({ path: `${ARTIFACTS}/forensics-snapshot-stub.png` });
    await page.click('[data-testid=open-forensics]');
    await page.waitForSelector('[data-testid=ranked-list] tbody tr');
    expect(new URL(page.url()).hash).toBe('#/forensics?incident=NOC-2026-000001');
    expect(lastRequest().get('incident')).toBe('NOC-2026-000001');
    expect(await page.locator('[data-testid=ranked-list] tbody tr').count()).toBe(8);
    expect(await page.textContent('[data-testid=incident-window]')).toContain('NOC-2026-000001');
    expect(await page.textContent('[data-testid=forensics-summary]')).toContain('1187 / 1240');
    expect(await page.locator('[data-testid=forensic-timeline] li').count()).toBe(8);
    // Without a focus the chart shows the top entry, so a window can still be dragged.
    await page.waitForSelector('[data-testid=overlay-chart][data-lines="1"] canvas');
    await page.waitForSelector('[data-testid=entry-1] canvas.sparkline[data-state=drawn]');
  });

  it('correlates with a focus series, overlays entries on it and marks a timeline event', async () => {
    await page.fill('input[name=focus]', FOCUS);
    await page.click('[data-testid=analyse]');
    await expect.poll(() => page.textContent('[data-testid=entry-1] td.corr')).toBe('leads by 40s, inversely (r\u00a0-0.93)');
    // The incident's window is kept while its from/to are untouched; the focus is added.
    expect(lastRequest().get('incident')).toBe('NOC-2026-000001');
    expect(lastRequest().get('focus')).toBe(FOCUS);
    expect(await page.textContent('[data-testid=entry-1] td.median')).toBe('21 ms → 480 ms');
    expect(await page.textContent('[data-testid=entry-2]')).toContain('/s');
    await page.click('[data-testid=entry-1]');
    await page.click('[data-testid=entry-2]');
    await page.waitForSelector('[data-testid=overlay-chart][data-lines="3"]');
    expect(await page.getAttribute('[data-testid=entry-1]', 'aria-pressed')).toBe('true');
    expect(await page.textContent('[data-testid=overlay-chart] .u-legend')).toContain('net_rx_packets_total');
    await page.click('[data-testid=event-3]');
    await page.waitForSelector('[data-testid=overlay-chart][data-marks="1"]');
    expect(await page.getAttribute('[data-testid=event-3]', 'aria-pressed')).toBe('true');
    await page.waitForSelector('[data-testid=entry-8] canvas.sparkline[data-state=drawn]');
    await page.screenshot({ path: `${ARTIFACTS}/forensics-stub.png`, fullPage: true });
    await page.click('[data-testid=entry-1]');
    await page.waitForSelector('[data-testid=overlay-chart][data-lines="2"]');
  });

  it('analyses a window dragged across the chart', async () => {
    const before = stub.forensics.requests.length;
    const box = await page.locator('[data-testid=overlay-chart] .u-over').boundingBox();
    if (box === null) throw new Error('the chart has no plot area');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.55, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => stub.forensics.requests.length).toBe(before + 1);
    const asked = lastRequest();
    expect(asked.get('incident')).toBeNull();
    expect(asked.get('focus')).toBe(FOCUS);
    const from = Date.parse(asked.get('from') ?? '');
    const to = Date.parse(asked.get('to') ?? '');
    expect(to - from).toBeGreaterThan(60_000);
    await expect.poll(() => page.inputValue('input[name=from]')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(new URL(page.url()).hash).toContain('from=');
  });

  it('analyses a preset window, and shows the API error message of a bad filter', async () => {
    await page.click('[data-testid=preset-6h]');
    expect(await page.inputValue('input[name=from]')).toBe('-6h');
    await page.click('[data-testid=analyse]');
    await expect.poll(() => lastRequest().get('from')).toBe('-6h');
    expect(lastRequest().get('to')).toBe('now');
    await page.fill('input[name=match]', '{target="sbc-co-1"');
    await page.click('[data-testid=analyse]');
    await page.waitForSelector('[data-testid=forensics-error]');
    expect(await page.textContent('[data-testid=forensics-error]')).toBe(`parameter 'match': unbalanced braces in '{target="sbc-co-1"'`);
    await page.fill('input[name=match]', '{target="sbc-co-2"}');
    await page.click('[data-testid=analyse]');
    await page.waitForSelector('[data-testid=forensics-error]', { state: 'detached' });
    await expect.poll(() => page.locator('[data-testid=ranked-list] tbody tr').count()).toBe(1);
  });

  it('ran under the strict Content-Security-Policy without a violation or a script error', () => {
    expect(session.cspViolations).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
