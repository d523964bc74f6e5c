import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/core/index.js';
import { startNoc } from '../src/cli/start.js';
import { freePort } from './support/free-port.js';

const OPERATOR = 'operator-token-for-tests-01';
const dir = mkdtempSync(join(tmpdir(), 'noc-incident-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('noc start serves the incident API on the embedded store', () => {
  it('registers, acts and finds the incidents again after a restart, numbers continuing', async () => {
    const file = join(dir, 'noc.yaml');
    // A new port per start: fetch would otherwise reuse a pooled connection to the stopped server.
    const configure = async (): Promise<void> =>
      writeFileSync(
        file,
        `server:\n  listen: 127.0.0.1:${await freePort()}\n  auth:\n    tokens:\n      - { name: ana, token: ${OPERATOR}, role: operator }\nstore:\n  kind: sqlite\n  path: ./noc.db\nincidents:\n  prefix: LAB\n`,
      );
    const headers = { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' };
    const register = async (base: string): Promise<string> => {
      const response = await fetch(`${base}/api/v1/incidents`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ channel: 'email', title: 'no ringback tone', severity: 'S3' }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { data: { number: string } }).data.number;
    };

    await configure();
    const first = await startNoc({ file, env: {}, log: silentLogger, cwd: dir });
    let number: string;
    try {
      number = await register(first.url);
      expect(number).toMatch(/^LAB-\d{4}-000001$/);
      const ack = await fetch(`${first.url}/api/v1/incidents/${number}/acknowledge`, { method: 'POST', headers });
      expect(ack.status).toBe(200);
    } finally {
      await first.stop();
    }

    await configure();
    const second = await startNoc({ file, env: {}, log: silentLogger, cwd: dir });
    try {
      const shown = await fetch(`${second.url}/api/v1/incidents/${number}`, { headers });
      const body = (await shown.json()) as { data: { status: string; registeredBy: string; timeline: { action: string; actor: string }[] } };
      expect(body.data).toMatchObject({ status: 'diagnosing', registeredBy: 'ana' });
      expect(body.data.timeline.map((entry) => [entry.action, entry.actor])).toEqual([
        ['registered', 'ana'],
        ['acknowledged', 'ana'],
      ]);
      expect(await register(second.url)).toMatch(/^LAB-\d{4}-000002$/);
    } finally {
      await second.stop();
    }
  });
});
