// The reports page in a real browser against the stub API (canned reports shaped as the report model) under
// the app's Content-Security-Policy: April 2026 in America/Santiago (outages, a collector outage, maintenance,
// incidents missing their clocks, penalties with a cap), another month picked in the month field, a month the
// API refuses, and the Spanish texts. Expected figures are worked out by hand from the stub's inputs.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerBinary } from '../peers/peer-binary.js';
import { CHROMIUM } from './support/browser.js';
import { ARTIFACTS, openSignedInConsole, type SignedInConsole } from './support/signed-in-console.js';
import type { StubNoc } from './support/stub-noc.js';

const chromiumBinary = peerBinary(CHROMIUM, 'Debian package chromium');
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

const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
const column = (table: string, index: number) => page.locator(`[data-testid=${table}] tbody tr td:nth-child(${index})`).allTextContents();
const keys = (table: string) => page.locator(`[data-testid=${table}] tbody tr`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));
const asked = (month: string) => stub.reports.requests.filter((r) => r.month === month && r.format === 'json').map((r) => r.report);

describe.skipIf(chromiumBinary === undefined)('reports page (stub API)', () => {
  it('opens the last complete month by default from the navigation', async () => {
    await page.click('[data-testid=nav-reports]');
    await page.waitForSelector('[data-testid=availability-report]');
    const month = await page.inputValue('[data-testid=report-month]');
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    expect(asked(month).sort()).toEqual(['availability', 'sla']);
  });

  it('shows the month’s availability against the target, the error budget and the tables worst first', async () => {
    await page.goto(`${stub.url}/#/reports?month=2026-04`);
    await expect.poll(() => text('[data-testid=avail-total] .big')).toBe('99.987%');
    expect(await page.inputValue('[data-testid=report-month]')).toBe('2026-04');
    // April 2026 in Santiago: UTC−3 until the 5th, UTC−4 after, so the month is 30 days and 1 hour long.
    expect(await text('[data-testid=report-period]')).toBe('April 2026 · time zone America/Santiago · 2026-04-01 00:00 → 2026-05-01 00:00 (length 30d 01h) · generated 2026-05-01 01:00');
    expect(await text('[data-testid=avail-target]')).toBe('99.99%');
    expect(await text('[data-testid=avail-verdict]')).toBe('MISSED');
    expect(await page.getAttribute('[data-testid=avail-verdict]', 'data-verdict')).toBe('missed');
    expect(await page.locator('[data-testid=avail-verdict] svg.icon-down').count()).toBe(1);
    // 6 targets × 2,595,600 s − 10,800 s maintenance = 15,562,800 s; 0.01 % of it is 1,556.28 s; 2,015 s were down.
    expect(await text('[data-testid=allowed-downtime]')).toBe('25m 56s');
    expect(await text('[data-testid=budget-left]')).toBe('\u22127m 39s');
    expect(await page.locator('[data-testid=budget-left] + .figure-hint').textContent()).toBe('overspent by 7m 39s');
    expect(await text('[data-testid=down-time]')).toBe('33m 35s');
    expect(await text('[data-testid=unknown-time]')).toBe('40m');
    expect(await text('[data-testid=maintenance-time]')).toBe('3h');
    expect(await text('[data-testid=outages]')).toBe('7');
    expect(await text('[data-testid=mttr]')).toBe('4m 48s');
    expect(await text('[data-testid=mtbf]')).toBe('25d 17h 23m 46s');

    expect(await keys('table-targets')).toEqual(['sbc-co-1', 'www', 'db-1', 'sbc-mx-1', 'core-2', 'core-1']);
    expect(await column('table-targets', 4)).toEqual(['99.9514%', '99.9838%', '99.9907%', '99.9963%', '100.00%', '100.00%']);
    expect(await column('table-targets', 5)).toEqual(['MISSED', 'MISSED', 'MET', 'MET', 'MET', 'MET'].map((word) => ` ${word}`));
    const worst = page.locator('[data-testid=table-targets] tbody tr').first().locator('td');
    expect(await worst.allTextContents()).toEqual(['sbc-co-1', 'sbc', 'co', '99.9514%', ' MISSED', '21m', '0s', '0s', '2']);
    expect(await page.getAttribute('[data-testid=table-targets] tbody tr:first-child a', 'href')).toBe('#/targets/sbc-co-1');
    expect(await keys('table-services')).toEqual(['sip-co', 'sip-mx', 'core', 'registrar']);
    expect(await column('table-services', 3)).toEqual(['all of sbc-co-1, core', 'all of sbc-mx-1, core', 'any of core-1, core-2', '2 of core-1, core-2, db-1']);
    expect(await keys('table-sites')).toEqual(['co', 'cl', 'mx']);
    expect(await column('table-sites', 3)).toEqual(['99.9757%', '99.9915%', '99.9963%']);
    expect(await keys('table-roles')).toEqual(['sbc', 'https', 'database', 'core']);
    expect(await page.locator('[data-testid=table-roles] tbody tr').first().locator('td').allTextContents()).toEqual(['sbc', '2', '99.9738%', ' MISSED', '22m 35s', '30m', '2h', '3']);
  });

  it('shows SLA compliance against 98 %, each incident’s clocks and the penalties per site', async () => {
    expect(await text('[data-testid=compliance-total] .big')).toBe('71.42%');
    expect(await text('[data-testid=compliance-target]')).toBe('98%');
    expect(await text('[data-testid=compliance-verdict]')).toBe('MISSED');
    expect(await text('[data-testid=sla-within]')).toBe('5 / 7 decided');
    expect(await text('[data-testid=sla-pending]')).toBe('1');
    expect(await keys('table-severity')).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(await column('table-severity', 7)).toEqual(['100%', '66.66%', '0%', '100%']);
    expect(await keys('table-sla-sites')).toEqual(['cl', 'co', 'mx']);
    expect(await column('table-sla-sites', 3)).toEqual(['1 / 2', '1 / 2', '3 / 3']);

    const rows = page.locator('[data-testid=sla-incidents] tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).toEqual(
      ['34', '36', '47', '31', '38', '39', '41', '44'].map((n) => `sla-incident-NOC-2026-0000${n}`),
    );
    const clock = (number: string, which: string) => text(`[data-testid=sla-incident-${number}] [data-clock=${which}]`);
    expect(await clock('NOC-2026-000034', 'attention')).toBe('missed 25m late');
    expect(await clock('NOC-2026-000034', 'solution')).toBe('met in 3h 36m 40s');
    expect(await clock('NOC-2026-000036', 'solution')).toBe('missed 1h 45m late');
    expect(await clock('NOC-2026-000047', 'solution')).toBe('pending due 2026-05-01 02:30');
    expect(await clock('NOC-2026-000031', 'attention')).toBe('met in 18m');
    expect(await page.getAttribute('[data-testid=sla-incident-NOC-2026-000034] [data-clock=attention] .outcome', 'data-state')).toBe('missed');
    expect(await text('[data-testid=sla-incident-NOC-2026-000047] td:nth-child(5)')).toBe('2026-04-30 22:30');

    expect(await page.locator('[data-testid=penalties] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).toEqual(['penalty-co', 'penalty-cl', 'penalty-mx']);
    expect(await text('[data-testid=penalty-total-co]')).toBe('$1,200.00capped');
    expect(await page.locator('[data-testid=penalty-co] .penalty-items li').allTextContents()).toEqual([
      'availability 99.9514% below 99.99% (tier: 5%)$300.00',
      'compliance 50% below 98% (tier: 10%)$600.00',
      'NOC-2026-000034 S2 attention 25 min late$400.00',
    ]);
    expect(await text('[data-testid=penalty-total-mx]')).toBe('$0.00');
    expect(await text('[data-testid=penalty-total]')).toBe('$2,250.00');
    await page.screenshot({ path: `${ARTIFACTS}/reports-page.png`, fullPage: true });

    await page.click('[data-testid=sla-incident-NOC-2026-000034] a[href="#/incidents/NOC-2026-000034"]');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/incidents/NOC-2026-000034');
    await page.goBack();
    await page.waitForSelector('[data-testid=sla-report]');
  });

  it('links the CSV and printable HTML of both reports for the month', async () => {
    const hrefOf = (name: string) => page.getAttribute(`[data-testid=download-${name}]`, 'href');
    expect(await hrefOf('availability-csv')).toBe('/api/v1/reports/availability?month=2026-04&format=csv');
    expect(await hrefOf('availability-html')).toBe('/api/v1/reports/availability?month=2026-04&format=html');
    expect(await hrefOf('sla-csv')).toBe('/api/v1/reports/sla?month=2026-04&format=csv');
    expect(await hrefOf('sla-html')).toBe('/api/v1/reports/sla?month=2026-04&format=html');
    expect(await hrefOf('sla-penalties-csv')).toBe('/api/v1/reports/sla?month=2026-04&format=csv&table=penalties');
    expect(await page.getAttribute('[data-testid=download-availability-csv]', 'download')).toBe('');
    // The links work with the session cookie alone.
    const csv = await page.request.get(`${stub.url}${await hrefOf('sla-penalties-csv')}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toBe('attachment; filename=noc-sla-2026-04.csv');
    expect((await csv.text()).split('\r\n')[2]).toBe('"co",6000,99.9514563106796,"sip-co",50,1300,1200,true');
  });

  it('asks for the month picked in the month field', async () => {
    expect(asked('2026-03')).toEqual([]);
    await page.fill('[data-testid=report-month]', '2026-03');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/reports?month=2026-03');
    await expect.poll(() => asked('2026-03').sort()).toEqual(['availability', 'sla']);
    await expect.poll(() => text('[data-testid=avail-total] .big')).toBe('100.00%');
    expect(await text('[data-testid=avail-verdict]')).toBe('MET');
    expect(await text('[data-testid=report-period]')).toContain('March 2026 · time zone America/Santiago · 2026-03-01 00:00 → 2026-04-01 00:00 (length 31d)');
    expect(await text('[data-testid=compliance-total] .big')).toBe('—');
    expect(await text('[data-testid=compliance-verdict]')).toBe('NOT MEASURED');
    expect(await text('[data-testid=sla-no-incidents]')).toBe('No incidents were registered in this month.');
    expect(await page.getAttribute('[data-testid=download-sla-csv]', 'href')).toBe('/api/v1/reports/sla?month=2026-03&format=csv');
  });

  it('shows the API’s message for a month it refuses, and no figures of another month', async () => {
    await page.goto(`${stub.url}/#/reports?month=2026-13`);
    await page.waitForSelector('[data-testid=reports-error]');
    expect(await page.locator('[data-testid=reports-error]').allTextContents()).toEqual(['month must be YYYY-MM (e.g. 2026-03), got "2026-13"']);
    expect(asked('2026-13').sort()).toEqual(['availability', 'sla']);
    expect(await page.locator('[data-testid=availability-report]').count()).toBe(0);
    expect(await page.locator('[data-testid=sla-report]').count()).toBe(0);
    expect(await page.locator('[data-testid=report-downloads]').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/reports-page-error.png` });
    await page.fill('[data-testid=report-month]', '2026-04');
    await page.waitForSelector('[data-testid=reports-error]', { state: 'detached' });
    await expect.poll(() => text('[data-testid=avail-total] .big')).toBe('99.987%');
  });

  it('speaks Spanish', async () => {
    await page.selectOption('[data-testid=lang]', 'es');
    await expect.poll(() => text('[data-testid=availability-report] h2')).toBe('Disponibilidad');
    expect(await text('[data-testid=avail-total] .big')).toBe('99,987\u00a0%');
    expect(await text('[data-testid=avail-verdict]')).toBe('NO CUMPLE');
    expect(await text('[data-testid=report-period]')).toMatch(/^abril de 2026 · zona horaria America\/Santiago/);
    expect(await text('[data-testid=sla-incident-NOC-2026-000034] [data-clock=attention]')).toBe('vencida 25m tarde');
    expect(await text('[data-testid=penalty-total]')).toBe('2250,00\u00a0US$');
    await page.screenshot({ path: `${ARTIFACTS}/reports-page-es.png`, fullPage: true });
    await page.selectOption('[data-testid=lang]', 'en');
  });

  it('ran under the strict Content-Security-Policy without a violation or a script error', () => {
    expect(session.cspViolations).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
