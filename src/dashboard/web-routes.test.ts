import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from './web-routes.js';

const root = mkdtempSync(join(tmpdir(), 'noc-web-routes-'));
const built = join(root, 'web');
const servers: Server[] = [];

async function serve(dir: string): Promise<string> {
  const app = express();
  app.use(webRoutes({ dir }));
  app.get('/wall', (_req, res) => res.status(303).location('/wall').send('token route'));
  app.use((_req, res) => res.status(404).send('not found'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base = '';
let missing = '';
beforeAll(async () => {
  mkdirSync(join(built, 'assets'), { recursive: true });
  writeFileSync(join(built, 'index.html'), '<p>console</p>');
  writeFileSync(join(built, 'wall.html'), '<p>wall</p>');
  writeFileSync(join(built, 'assets', 'app-abc123.js'), 'export {}');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  base = await serve(built);
  missing = await serve(join(root, 'not-built'));
});
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('webRoutes', () => {
  it('serves the console at / and the wall at /wall, never cached', async () => {
    for (const [path, text] of [['/', 'console'], ['/wall', 'wall'], ['/wall/', 'wall']]) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain(text);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year', async () => {
    const answer = await fetch(`${base}/assets/app-abc123.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('leaves /wall?token=… to the route that turns the token into a session', async () => {
    const answer = await fetch(`${base}/wall?token=abc`, { redirect: 'manual' });
    expect(answer.status).toBe(303);
  });

  it('never serves a file outside the build', async () => {
    for (const path of ['/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const answer = await fetch(`${base}${path}`);
      expect(await answer.text()).not.toContain('outside');
    }
  });

  it('answers 503 with the command to run when the app is not built', async () => {
    const answer = await fetch(`${missing}/wall`);
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('npm run build:web');
  });
});
