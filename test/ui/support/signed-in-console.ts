import { existsSync, mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEFAULT_WEB_DIR } from '../../../src/dashboard/web-routes.js';
import { launchBrowser } from './browser.js';
import { type StubNoc, startStubNoc, STUB_USER } from './stub-noc.js';

/** Where browser tests leave their screenshots. */
export const ARTIFACTS = 'test-artifacts';

/** A console page signed in to the stub API, collecting Content-Security-Policy violations and script errors. */
export interface SignedInConsole {
  readonly stub: StubNoc;
  readonly page: Page;
  readonly cspViolations: string[];
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/** Starts the stub API and a browser at 1600×1000, and signs in on the console. */
export async function openSignedInConsole(): Promise<SignedInConsole> {
  expect(existsSync(`${DEFAULT_WEB_DIR}index.html`), 'dist/web is built (npm run build:web)').toBe(true);
  mkdirSync(ARTIFACTS, { recursive: true });
  const stub = await startStubNoc({ targets: 14 });
  const browser: { context: BrowserContext; close: () => Promise<void> } = await launchBrowser({ width: 1600, height: 1000 });
  const page = await browser.context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${stub.url}/`);
  await page.fill('input[name=username]', STUB_USER.username);
  await page.fill('input[name=password]', STUB_USER.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=whoami]');
  return {
    stub,
    page,
    cspViolations,
    pageErrors,
    close: async () => {
      await browser.close();
      await stub.stop();
    },
  };
}
