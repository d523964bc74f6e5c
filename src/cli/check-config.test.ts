import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig } from './check-config.js';

const TESTDATA = relative(process.cwd(), fileURLToPath(new URL('../config/testdata/', import.meta.url)));
const ENV = {
  NOC_ADMIN_TOKEN: 'admin-token-0123456789',
  NOC_WALL_TOKEN: 'wall-token-0123456789',
  DB_PASSWORD: 'db-password',
};

async function run(file: string, env: NodeJS.ProcessEnv = ENV): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkConfig(file, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('checkConfig', () => {
  it('exits 0 with a summary for a good file', async () => {
    const file = `${TESTDATA}/full.good.yaml`;
    expect(await run(file)).toEqual({ code: 0, out: [`${file}: OK (9 targets, 15 probes, 5 rules)`], err: [] });
  });

  it('counts in the singular too', async () => {
    const file = `${TESTDATA}/minimal.good.yaml`;
    expect((await run(file)).out).toEqual([`${file}: OK (1 target, 1 probe, 0 rules)`]);
  });

  it('exits 1 with every issue as FILE:LINE:COL path: message', async () => {
    const file = `${TESTDATA}/dup-target.bad.yaml`;
    expect(await run(file)).toEqual({
      code: 1,
      out: [],
      err: [`${file}:13:9 targets.2.id: duplicate target id "sbc-1" (first at line 8)`],
    });
  });

  it('reports unset variables of a good file without the environment', async () => {
    const result = await run(`${TESTDATA}/full.good.yaml`, {});
    expect(result.code).toBe(1);
    expect(result.err.map((line) => line.replace(/^.*?:\d+:\d+ /, ''))).toEqual([
      'server.auth.tokens.0.token: environment variable NOC_ADMIN_TOKEN is not set (write ${NOC_ADMIN_TOKEN:-default} to give a default)',
      'server.auth.wall_token: environment variable NOC_WALL_TOKEN is not set (write ${NOC_WALL_TOKEN:-default} to give a default)',
      'targets.4.probes.0.password: environment variable DB_PASSWORD is not set (write ${DB_PASSWORD:-default} to give a default)',
      'targets.5.probes.0.password: environment variable DB_PASSWORD is not set (write ${DB_PASSWORD:-default} to give a default)',
    ]);
  });

  it('exits 1 for a missing file', async () => {
    expect(await run('does-not-exist.yaml')).toEqual({
      code: 1,
      out: [],
      err: ['does-not-exist.yaml:1:1 cannot read config: no such file'],
    });
  });
});
