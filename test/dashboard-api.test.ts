import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, samplesFromDsl, silentLogger } from '../src/core/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { type AuthSettings, createDashboardApp, createMetrics, listen, registerStoreMetrics, type ReloadOutcome, type RunningServer } from '../src/dashboard/index.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const TOKENS = TEST_TOKENS;

let dir: string;
let store: SqliteSeriesStore;
let server: RunningServer;
let auth: AuthSettings;
let nextReload: ReloadOutcome = { ok: true };
const reloads: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-app-'));
  const clock = new ManualClock(T0 + 10 * 60_000);
  store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: 3_600_000, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  await store.append(
    samplesFromDsl(
      `up{target="sbc-mx-1",role="sbc"} 1 1 0 0 1
       up{target="core-1",role="core"} 1 1 1 1 1
       sip_options_rtt_seconds{target="sbc-mx-1"} 0.02 0.03 NaN Inf 0.04`,
      T0,
      60_000,
    ),
  );
  const metrics = createMetrics();
  registerStoreMetrics(metrics.registry, store);
  auth = testAuth();
  const app = createDashboardApp({
    querier: store,
    storeHealth: store,
    targets: {
      targets: () => [
        {
          target: 'sbc-mx-1',
          role: 'sbc',
          site: 'mx',
          state: 'down',
          probes: [{ probe: 'https', kind: 'https', state: 'down', intervalMs: 30_000, overruns: 2, lastRunAt: T0, lastDurationMs: 12.5, lastError: 'timed out after 10s' }],
        },
        { target: 'core-1', role: 'core', site: 'mx', state: 'up', probes: [{ probe: 'tcp', kind: 'tcp', state: 'up', intervalMs: 30_000, overruns: 0 }] },
      ],
    },
    registry: metrics.registry,
    auth: () => auth,
    reload: async (by) => {
      reloads.push(by);
      return nextReload;
    },
    clock,
    log: silentLogger,
  });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface SeriesJson {
  labels: Record<string, string>;
  points: Array<[number, number | string]>;
}

/** Parsed JSON bodies are checked field by field by the assertions, so they are typed loosely here. */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(path: string, token: string | null = TOKENS.viewer): Promise<{ status: number; body: Body }> {
  const response = await fetch(server.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('dashboard HTTP API', () => {
  it('answers health, readiness and Prometheus metrics without credentials', async () => {
    expect(await get('/healthz', null)).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await get('/readyz', null)).body).toEqual({ status: 'ready', checks: { store: true } });
    const metrics = (await get('/metrics', null)).body as unknown as string;
    expect(metrics).toMatch(/^noc_store_series 3$/m);
    expect(metrics).toMatch(/^noc_store_samples_appended_total 15$/m);
    // The embedded store has no outage buffer: nothing dropped, and "remote" always up.
    expect(metrics).toMatch(/^noc_store_dropped_samples_total 0$/m);
    expect(metrics).toMatch(/^noc_store_remote_up 1$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it.each([
    ['no token', undefined, 401, 'unauthorized'],
    ['an unknown token', 'not-a-real-token-0000000', 401, 'unauthorized'],
    ['a malformed header', 'two words', 401, 'unauthorized'],
  ])('refuses the API with %s', async (_name, token, status, code) => {
    const response = await fetch(`${server.url}/api/v1/series?match=up`, {
      headers: token === undefined ? {} : token.includes(' ') ? { authorization: token } : { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('lets anonymous callers read when the server is configured without tokens', async () => {
    const saved = auth;
    auth = { tokens: [], anonymousRole: 'viewer' };
    try {
      expect((await get('/api/v1/series?match=up', null)).status).toBe(200);
      expect((await fetch(`${server.url}/api/v1/reload`, { method: 'POST' })).status).toBe(403);
    } finally {
      auth = saved;
    }
  });

  it('lists series by selector', async () => {
    const { status, body } = await get('/api/v1/series?match=' + encodeURIComponent('up{role="sbc"}'));
    expect(status).toBe(200);
    expect(body.data).toEqual([{ key: 'up{role="sbc",target="sbc-mx-1"}', metric: 'up', labels: { role: 'sbc', target: 'sbc-mx-1' } }]);
  });

  it('returns raw points with non-finite values as strings', async () => {
    const { status, body } = await get(`/api/v1/query_range?metric=sip_options_rtt_seconds&target=sbc-mx-1&from=${T0 / 1000}&to=now`);
    expect(status).toBe(200);
    expect(body.data.series).toHaveLength(1);
    expect(body.data.series[0].points).toEqual([
      [T0, 0.02],
      [T0 + 60_000, 0.03],
      [T0 + 120_000, 'NaN'],
      [T0 + 180_000, '+Inf'],
      [T0 + 240_000, 0.04],
    ]);
  });

  it('aggregates per step', async () => {
    const from = new Date(T0).toISOString();
    const { body } = await get(`/api/v1/query_range?match=up&from=${from}&to=-5m&step=2m&fn=min`);
    const byTarget = Object.fromEntries((body.data.series as SeriesJson[]).map((s) => [s.labels.target, s.points.map((p) => p[1])]));
    expect(byTarget).toEqual({ 'core-1': [1, 1, 1], 'sbc-mx-1': [1, 0, 1] });
    expect(body.data).toMatchObject({ step: 120_000, fn: 'min' });
  });

  it.each([
    ['/api/v1/query_range', /give 'match'/],
    ['/api/v1/query_range?match=up{', /parameter 'match'/],
    ['/api/v1/query_range?metric=up&from=yesterday', /parameter 'from'/],
    ['/api/v1/query_range?metric=up&step=fast', /parameter 'step'/],
    ['/api/v1/query_range?metric=up&step=1m&fn=median', /parameter 'fn'/],
    ['/api/v1/query_range?metric=up&from=now&to=-1h', /is after/],
    ['/api/v1/query_range?metric=up&bad-label=x', /neither a known parameter nor a label name/],
    ['/api/v1/query_range?metric=up&from=0&to=now&step=1s', /at most 11000/],
  ])('explains a bad request: %s', async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('lists targets with their probes and a summary', async () => {
    const { status, body } = await get('/api/v1/targets');
    expect(status).toBe(200);
    expect(body.summary).toEqual({ targets: 2, up: 1, down: 1, unknown: 0 });
    expect(body.data.map((t: { target: string }) => t.target)).toEqual(['core-1', 'sbc-mx-1']);
    expect(body.data[1].probes[0]).toEqual({
      probe: 'https',
      kind: 'https',
      state: 'down',
      intervalMs: 30_000,
      overruns: 2,
      lastRunAt: new Date(T0).toISOString(),
      lastDurationMs: 12.5,
      lastError: 'timed out after 10s',
    });
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const { status, body } = await get('/api/v1/nothing-here');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'not_found', message: 'no such endpoint: GET /api/v1/nothing-here' });
  });

  it('reloads for admins only, and reports an invalid file as 422 with every error', async () => {
    const post = (token: string) => fetch(`${server.url}/api/v1/reload`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect((await post(TOKENS.operator)).status).toBe(403);
    expect(reloads).toEqual([]);
    const ok = await post(TOKENS.admin);
    expect(ok.status).toBe(200);
    expect(reloads).toEqual(['root']);
    nextReload = { ok: false, errors: ['noc.yaml:3:5 targets.0.role: expected one of core, sbc'] };
    const bad = await post(TOKENS.admin);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      error: {
        code: 'invalid_config',
        message: 'the configuration file is invalid; the running configuration was kept',
        details: { errors: ['noc.yaml:3:5 targets.0.role: expected one of core, sbc'] },
      },
    });
  });
});
