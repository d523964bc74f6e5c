// Wall first render: navigation start → the network grid painted with 300 targets, in headless Chromium,
// against a stub of the API (canned answers, the built web app) so that only the browser side is measured.
import { existsSync } from 'node:fs';
import { DEFAULT_WEB_DIR } from '../src/dashboard/web-routes.js';
import { launchBrowser } from '../test/ui/support/browser.js';
import { startStubNoc, STUB_USER } from '../test/ui/support/stub-noc.js';
import { type BenchRow, median } from './measure.js';

const TARGETS = 300;
const RUNS = 9;

/** Records, in the page, when the grid first holds data and the frame after it (when it is on screen). */
const MARK_GRID_PAINT = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="network-grid"][data-loaded="true"]')) {
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__gridPaint = performance.now(); }, 0));
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

/** Median first-contentful-paint and grid-painted times of the wall over {@link RUNS} cold loads. */
export async function runWallBench(): Promise<BenchRow[]> {
  if (!existsSync(`${DEFAULT_WEB_DIR}wall.html`)) throw new Error('the web app is not built: run `npm run build:web` first');
  const stub = await startStubNoc({ targets: TARGETS });
  const browser = await launchBrowser({ width: 1920, height: 1080 });
  try {
    const login = await fetch(`${stub.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: STUB_USER.username, password: STUB_USER.password }),
    });
    const cookie = /noc_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] as string;
    await browser.context.addCookies([{ name: 'noc_session', value: cookie, url: stub.url }]);
    await browser.context.addInitScript({ content: MARK_GRID_PAINT });
    const fcp: number[] = [];
    const grid: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const page = await browser.context.newPage();
      await page.goto(`${stub.url}/wall`);
      await page.waitForFunction(() => (globalThis as { __gridPaint?: number }).__gridPaint !== undefined, undefined, { timeout: 30_000 });
      // Functions, not strings: the page's CSP forbids eval, which string expressions would need.
      const times = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        grid: (globalThis as { __gridPaint?: number }).__gridPaint ?? Number.NaN,
      }));
      await page.close();
      // The first load warms the HTTP cache as a wall screen's would be after its first day: not counted.
      if (run === 0) continue;
      fcp.push(times.fcp);
      grid.push(times.grid);
    }
    return [
      { figure: `wall first contentful paint, ${TARGETS} targets`, value: median(fcp), unit: 'ms', goal: '' },
      { figure: `wall network grid painted, ${TARGETS} targets`, value: median(grid), unit: 'ms', goal: '< 1,000 ms' },
    ];
  } finally {
    await browser.close();
    await stub.stop();
  }
}
