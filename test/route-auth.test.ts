import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/core/index.js';
import { listen, type RunningServer } from '../src/dashboard/index.js';
import { OPENAPI_DOCUMENT } from '../src/dashboard/openapi/openapi-document.js';
import type { HttpMethod, Operation, RequiredRole } from '../src/dashboard/openapi/openapi-types.js';
import { openApiPath, servedRoutes } from '../src/dashboard/openapi/route-table.js';
import { type FullDashboardApp, fullDashboardApp } from './support/full-dashboard-app.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

/** What answers without credentials, as the dashboard contract lists it (static web assets are probed apart). */
const PUBLIC = ['GET /', 'GET /healthz', 'GET /metrics', 'GET /readyz', 'GET /wall', 'POST /api/v1/session'];
/** Static assets of the web app: page shells and files that hold no data. */
const STATIC_ASSETS = ['/', '/wall', '/favicon.svg', '/assets/app.js'];
const RANK: Readonly<Record<RequiredRole, number>> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Path parameter values that name nothing. */
const DUMMY: Readonly<Record<string, string>> = { number: 'NOC-2026-999999', id: 'no-such-id', username: 'no-such-user' };

interface Call {
  /** `METHOD /openapi/path`. */
  readonly name: string;
  readonly method: string;
  /** The concrete URL path, dummy values in place of parameters. */
  readonly url: string;
  readonly operation: Operation | undefined;
}

function operationOf(method: string, path: string): Operation | undefined {
  return OPENAPI_DOCUMENT.paths[path]?.[method.toLowerCase() as HttpMethod];
}

function callFor(method: string, path: string): Call {
  const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(DUMMY[name] ?? `dummy-${name}`));
  return { name: `${method} ${path}`, method, url, operation: operationOf(method, path) };
}

let full: FullDashboardApp;
let server: RunningServer;
let webDir: string;
/** Every route the app serves, then every documented operation it does not serve (yet). */
let calls: Call[];

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'noc-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>NOC</title>');
  writeFileSync(join(webDir, 'wall.html'), '<!doctype html><title>NOC wall</title>');
  writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(webDir, 'assets', 'app.js'), 'export {};');
  // Tokens configured and no anonymous role: nothing but the public list may answer without credentials.
  full = fullDashboardApp(testAuth, { webApp: express.static(webDir, { extensions: ['html'] }) });
  server = await listen(full.app, { host: '127.0.0.1', port: 0 });
  const served = servedRoutes(full.app).map((route) => callFor(route.method, openApiPath(route.path)));
  const servedNames = new Set(served.map((call) => call.name));
  const documented = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).filter((m) => item[m] !== undefined).map((m) => callFor(m.toUpperCase(), path)),
  );
  calls = [...served, ...documented.filter((call) => !servedNames.has(call.name))];
});

afterAll(async () => {
  await server.close();
  await full.close();
  rmSync(webDir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly code: string | undefined;
  readonly headers: Headers;
}

async function send(call: { method: string; url: string }, options: { token?: string; body?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(server.url + call.url, { method: call.method, headers, redirect: 'manual', ...(options.body === undefined ? {} : { body: options.body }) });
  const text = await response.text();
  let code: string | undefined;
  if (response.headers.get('content-type')?.includes('json') === true && text !== '') {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  }
  return { status: response.status, code, headers: response.headers };
}

const roleOf = (call: Call): RequiredRole => {
  if (call.operation === undefined) throw new Error(`${call.name} is served but not documented: no role to check it against`);
  return call.operation['x-required-role'];
};

describe('every route without credentials (tokens configured, no anonymous access)', () => {
  it('marks exactly the public list of the contract as public in the document', () => {
    const documentedPublic = calls.filter((call) => call.operation?.['x-required-role'] === 'public').map((call) => call.name);
    expect(documentedPublic.sort()).toEqual([...PUBLIC].sort());
  });

  it('answers 401 unauthorized on every route but the public ones', async () => {
    expect(calls.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const call of calls) {
      const answer = await send(call);
      if (roleOf(call) === 'public') {
        if (answer.status === 401) wrong.push(`${call.name}: public, but 401`);
      } else if (answer.status !== 401 || answer.code !== 'unauthorized' || answer.headers.get('www-authenticate') === null) {
        wrong.push(`${call.name}: ${answer.status} ${answer.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('serves the web app assets without credentials (they hold no data)', async () => {
    for (const path of STATIC_ASSETS) expect((await send({ method: 'GET', url: path })).status, path).toBe(200);
  });

  it('answers 401, not 404, for an unknown API path: what exists is not revealed', async () => {
    expect(await send({ method: 'GET', url: '/api/v1/no-such-thing' })).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await send({ method: 'DELETE', url: '/api/v1/incidents' })).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses an unknown token and a malformed Authorization header alike', async () => {
    const targets = { method: 'GET', url: '/api/v1/targets' };
    expect(await send(targets, { token: 'not-a-configured-token-000' })).toMatchObject({ status: 401, code: 'unauthorized' });
    const response = await fetch(`${server.url}/api/v1/targets`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(response.status).toBe(401);
  });
});

describe('roles, as x-required-role states them', () => {
  it.each([['viewer'], ['operator']] as Array<[Role]>)('the %s token gets 403 on every route needing more, and passes the others it may read', async (role) => {
    const wrong: string[] = [];
    let refused = 0;
    for (const call of calls) {
      const needed = roleOf(call);
      if (RANK[needed] > RANK[role]) {
        refused++;
        const answer = await send(call, { token: TEST_TOKENS[role] });
        if (answer.status !== 403 || answer.code !== 'forbidden') wrong.push(`${call.name} (needs ${needed}): ${answer.status} ${answer.code ?? ''}`);
      } else if (call.method === 'GET' && needed !== 'public') {
        // Reads only: a state change with a dummy id could still act (logout ends nothing, but it is not a read).
        const answer = await send(call, { token: TEST_TOKENS[role] });
        if (answer.status === 401 || answer.status === 403) wrong.push(`${call.name} (needs ${needed}): refused with ${answer.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(role === 'viewer' ? 15 : 2);
  });

  it('requires more than viewer for every state change except the caller’s own session', () => {
    const viewerChanges = calls.filter((call) => STATE_CHANGING.has(call.method) && RANK[roleOf(call)] <= RANK.viewer).map((call) => call.name);
    expect(viewerChanges.sort()).toEqual(['DELETE /api/v1/session', 'POST /api/v1/session', 'POST /api/v1/session/password']);
  });
});

describe('bad bodies with a sufficient role', () => {
  const GARBAGE = ['{"unterminated', '[1, 2, 3]', '"text"', '{"__unexpected__": true}'];

  it('answers 400 bad_request on every route taking a body, before looking up the dummy id', async () => {
    const withBody = calls.filter((call) => (call.method === 'POST' || call.method === 'PATCH') && call.operation?.requestBody !== undefined);
    expect(withBody.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const call of withBody) {
      const role = roleOf(call);
      const token = role === 'public' ? undefined : TEST_TOKENS[role];
      const schema = call.operation?.requestBody?.content['application/json']?.schema as { required?: readonly string[] } | undefined;
      // An empty object is bad only where the document says some field is required.
      const bodies = (schema?.required ?? []).length > 0 ? [...GARBAGE, '{}'] : GARBAGE;
      for (const body of bodies) {
        const answer = await send(call, { ...(token === undefined ? {} : { token }), body });
        if (answer.status !== 400 || answer.code !== 'bad_request') wrong.push(`${call.name} with ${body}: ${answer.status} ${answer.code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
