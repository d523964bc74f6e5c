import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigText, type UserAccount } from '../src/config/index.js';
import { ManualClock, silentLogger, type StoreHealth, type UserStore } from '../src/core/index.js';
import { MemorySeriesStore } from '../src/core/memory-series-store.js';
import { authSettingsFromConfig } from '../src/dashboard/auth.js';
import { type AuthSettings, createDashboardApp, createMetrics, listen, type RunningServer } from '../src/dashboard/index.js';
import { CONTENT_SECURITY_POLICY, DashboardSecurity, DEFAULT_THROTTLE, MemoryUserStore, PasswordHasher, seedUsers } from '../src/dashboard/security/index.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteUserStore } from '../src/store/sqlite/sqlite-user-store.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const HOUR = 3_600_000;
/** Cheap scrypt so that the many logins below stay quick; the production cost is covered by the unit tests. */
const FAST = { N: 1024, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };
const WALL_TOKEN = 'wall-token-0123456789abcdef';
const PASSWORDS = { ana: 'ana-password-1', root: 'root-password-1' } as const;

const health: StoreHealth = { stats: () => ({}) as ReturnType<StoreHealth['stats']>, ready: () => true };

/** Parsed JSON bodies are checked field by field by the assertions, so they are typed loosely here. */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Harness {
  readonly server: RunningServer;
  readonly security: DashboardSecurity;
  readonly clock: ManualClock;
  settings: AuthSettings;
  close(): Promise<void>;
}

async function startApp(options: { users: UserStore; https?: boolean; addressFailures?: number; settings?: AuthSettings }): Promise<Harness> {
  const clock = new ManualClock(T0);
  const hasher = new PasswordHasher(FAST);
  const harness = {
    settings: options.settings ?? { ...testAuth(), wallToken: WALL_TOKEN, sessionTtlMs: HOUR, configuredUsers: ['ana', 'root-user'] },
  } as Harness;
  const security = new DashboardSecurity({
    auth: () => harness.settings,
    users: options.users,
    clock,
    log: silentLogger,
    hasher,
    https: options.https ?? false,
    throttle: { ...DEFAULT_THROTTLE, addressFailures: options.addressFailures ?? 1_000 },
  });
  const seeded: UserAccount[] = [
    { username: 'ana', password: PASSWORDS.ana, role: 'operator' },
    { username: 'root-user', password_hash: await hasher.hash(PASSWORDS.root), role: 'admin' },
  ];
  await seedUsers(options.users, seeded, hasher, silentLogger);
  const app = createDashboardApp({
    querier: new MemorySeriesStore(),
    storeHealth: health,
    targets: { targets: () => [] },
    registry: createMetrics().registry,
    auth: () => harness.settings,
    security,
    reload: async () => ({ ok: true }),
    clock,
    log: silentLogger,
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  return Object.assign(harness, { server, security, clock, close: () => server.close() });
}

interface CallOptions {
  readonly cookie?: string;
  readonly token?: string;
  readonly origin?: string | null | undefined;
  readonly body?: unknown;
}

interface Answer {
  readonly status: number;
  readonly body: Body;
  readonly headers: Headers;
  /** The `noc_session=…` pair of the Set-Cookie header, if any. */
  readonly cookie: string | undefined;
  readonly setCookie: string | undefined;
}

async function call(h: Harness, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.cookie !== undefined) headers['cookie'] = options.cookie;
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  // Browsers send Origin on every state-changing fetch; null here means "a request without one".
  const origin = options.origin === undefined ? h.server.url : options.origin;
  if (origin !== null && method !== 'GET') headers['origin'] = origin;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(h.server.url + path, {
    method,
    headers,
    redirect: 'manual',
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('noc_session='));
  return {
    status: response.status,
    body: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Body) : { text },
    headers: response.headers,
    cookie: setCookie?.split(';')[0],
    setCookie,
  };
}

async function login(h: Harness, username: string, password: string): Promise<Answer> {
  return call(h, 'POST', '/api/v1/session', { body: { username, password } });
}

async function loggedIn(h: Harness, username: string, password: string): Promise<string> {
  const answer = await login(h, username, password);
  expect(answer.status).toBe(200);
  return answer.cookie as string;
}

let dir: string;
let db: SqliteDatabase;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-security-'));
  db = openSqliteDatabase(join(dir, 'noc.db'));
  h = await startApp({ users: new SqliteUserStore(db) });
});

afterAll(async () => {
  await h.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  h.settings = { ...testAuth(), wallToken: WALL_TOKEN, sessionTtlMs: HOUR, configuredUsers: ['ana', 'root-user'] };
});

describe('login', () => {
  it('opens a session in an HttpOnly, SameSite=Strict cookie that authenticates the API', async () => {
    const answer = await login(h, 'ana', PASSWORDS.ana);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { username: 'ana', role: 'operator' } });
    expect(answer.setCookie).toMatch(/^noc_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    const session = await call(h, 'GET', '/api/v1/session', { cookie: answer.cookie as string });
    expect(session.body).toEqual({ data: { username: 'ana', role: 'operator', kind: 'user' } });
    expect((await call(h, 'GET', '/api/v1/series?match=up', { cookie: answer.cookie as string })).status).toBe(200);
  });

  it('stores only the SHA-256 of the session token', async () => {
    const cookie = await loggedIn(h, 'ana', PASSWORDS.ana);
    const token = cookie.split('=')[1] as string;
    const rows = db.prepare('SELECT token_hash FROM sessions').all() as Array<{ token_hash: string }>;
    expect(rows.some((row) => row.token_hash.includes(token))).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.map((row) => row.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('answers a wrong password, an unknown user and a disabled user alike', async () => {
    await h.security.createUser({ username: 'gone', password: 'gone-password', role: 'viewer' }, 'test');
    await h.security.updateUser('gone', { disabled: true }, 'test');
    const answers = await Promise.all([login(h, 'ana', 'wrong-password'), login(h, 'nobody', 'whatever1'), login(h, 'gone', 'gone-password')]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } });
      expect(answer.setCookie).toBeUndefined();
    }
  });

  it('refuses a malformed body with 400', async () => {
    expect((await call(h, 'POST', '/api/v1/session', { body: { username: 'ana' } })).status).toBe(400);
  });

  it('refuses a login posted from another site', async () => {
    const answer = await call(h, 'POST', '/api/v1/session', { body: { username: 'ana', password: PASSWORDS.ana }, origin: 'http://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.setCookie).toBeUndefined();
  });

  it('ends sessions at session_ttl', async () => {
    const cookie = await loggedIn(h, 'ana', PASSWORDS.ana);
    h.clock.advance(HOUR - 1);
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(200);
    h.clock.advance(1);
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(401);
  });

  it('throttles a username after 5 failures with 429 and Retry-After, even for the right password', async () => {
    await h.security.createUser({ username: 'target', password: 'target-password', role: 'viewer' }, 'test');
    for (let i = 0; i < 5; i++) expect((await login(h, 'target', `guess-${i}`)).status).toBe(401);
    const refused = await login(h, 'target', 'target-password');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.body.error.code).toBe('too_many_requests');
    h.clock.advance(60_000);
    expect((await login(h, 'target', 'guess-again')).status).toBe(401);
    const doubled = await login(h, 'target', 'target-password');
    expect([doubled.status, doubled.headers.get('retry-after')]).toEqual([429, '120']);
    h.clock.advance(120_000);
    expect((await login(h, 'target', 'target-password')).status).toBe(200);
    expect((await login(h, 'target', 'guess-after-success')).status).toBe(401);
    expect((await login(h, 'target', 'target-password')).status).toBe(200);
  });
});

describe('throttling per client address', () => {
  it('locks an address that guesses across usernames', async () => {
    const app = await startApp({ users: new MemoryUserStore(), addressFailures: 3 });
    try {
      for (const name of ['u1', 'u2', 'u3']) expect((await login(app, name, 'guess-guess')).status).toBe(401);
      const refused = await login(app, 'ana', PASSWORDS.ana);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBe(60);
    } finally {
      await app.close();
    }
  });
});

describe('logout', () => {
  it('revokes the session server-side and clears the cookie', async () => {
    const cookie = await loggedIn(h, 'ana', PASSWORDS.ana);
    const answer = await call(h, 'DELETE', '/api/v1/session', { cookie });
    expect(answer.status).toBe(204);
    expect(answer.setCookie).toBe('noc_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(401);
  });
});

describe('origin check on cookie-authenticated changes', () => {
  it.each([
    ['no Origin nor Referer', null, 403],
    ['another site', 'http://evil.example', 403],
    ['another port of this host', 'http://127.0.0.1:1', 403],
    ['this server', undefined, 204],
  ])('%s → %i', async (_name, origin, status) => {
    const cookie = await loggedIn(h, 'ana', PASSWORDS.ana);
    const answer = await call(h, 'DELETE', '/api/v1/session', { cookie, origin });
    expect(answer.status).toBe(status);
    if (status === 403) expect(answer.body.error.code).toBe('forbidden');
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(status === 204 ? 401 : 200);
  });

  it('accepts a Referer of this server when Origin is missing', async () => {
    const cookie = await loggedIn(h, 'ana', PASSWORDS.ana);
    const response = await fetch(`${h.server.url}/api/v1/session`, { method: 'DELETE', headers: { cookie, referer: `${h.server.url}/incidents` } });
    expect(response.status).toBe(204);
  });

  it('asks no Origin of bearer-token callers', async () => {
    expect((await call(h, 'POST', '/api/v1/reload', { token: TEST_TOKENS.admin, origin: null })).status).toBe(200);
  });

  it('checks the origin before the role', async () => {
    const cookie = await loggedIn(h, 'root-user', PASSWORDS.root);
    expect((await call(h, 'POST', '/api/v1/reload', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await call(h, 'POST', '/api/v1/reload', { cookie })).status).toBe(200);
  });
});

describe('password change', () => {
  it('revokes every session of the user and hands the caller a fresh one', async () => {
    await h.security.createUser({ username: 'carla', password: 'carla-password-1', role: 'operator' }, 'test');
    const here = await loggedIn(h, 'carla', 'carla-password-1');
    const elsewhere = await loggedIn(h, 'carla', 'carla-password-1');
    const answer = await call(h, 'POST', '/api/v1/session/password', { cookie: here, body: { current: 'carla-password-1', next: 'carla-password-2' } });
    expect(answer.status).toBe(204);
    expect(answer.cookie).toBeDefined();
    expect((await call(h, 'GET', '/api/v1/session', { cookie: here })).status).toBe(401);
    expect((await call(h, 'GET', '/api/v1/session', { cookie: elsewhere })).status).toBe(401);
    expect((await call(h, 'GET', '/api/v1/session', { cookie: answer.cookie as string })).status).toBe(200);
    expect((await login(h, 'carla', 'carla-password-1')).status).toBe(401);
    expect((await login(h, 'carla', 'carla-password-2')).status).toBe(200);
  });

  it('refuses a wrong current password, a short new one, and users defined in the configuration', async () => {
    await h.security.createUser({ username: 'dora', password: 'dora-password-1', role: 'viewer' }, 'test');
    const cookie = await loggedIn(h, 'dora', 'dora-password-1');
    expect((await call(h, 'POST', '/api/v1/session/password', { cookie, body: { current: 'nope-nope', next: 'dora-password-2' } })).status).toBe(403);
    expect((await call(h, 'POST', '/api/v1/session/password', { cookie, body: { current: 'dora-password-1', next: 'short' } })).status).toBe(400);
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(200);
    const ana = await loggedIn(h, 'ana', PASSWORDS.ana);
    expect((await call(h, 'POST', '/api/v1/session/password', { cookie: ana, body: { current: PASSWORDS.ana, next: 'ana-password-2' } })).status).toBe(409);
  });
});

describe('users (admin)', () => {
  it('creates, lists and changes users; disabling or a new password revokes their sessions', async () => {
    const created = await call(h, 'POST', '/api/v1/users', { token: TEST_TOKENS.admin, body: { username: 'bob', password: 'bob-password-1', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ data: { username: 'bob', role: 'viewer', disabled: false, source: 'api' } });
    expect((await call(h, 'POST', '/api/v1/users', { token: TEST_TOKENS.admin, body: { username: 'bob', password: 'bob-password-1', role: 'viewer' } })).status).toBe(409);

    const list = await call(h, 'GET', '/api/v1/users', { token: TEST_TOKENS.admin });
    expect(list.body.data).toContainEqual({ username: 'ana', role: 'operator', disabled: false, source: 'config' });
    expect(JSON.stringify(list.body)).not.toContain('scrypt');

    const bob = await loggedIn(h, 'bob', 'bob-password-1');
    expect((await call(h, 'POST', '/api/v1/reload', { cookie: bob })).status).toBe(403);
    expect((await call(h, 'PATCH', '/api/v1/users/bob', { token: TEST_TOKENS.admin, body: { role: 'admin' } })).body.data.role).toBe('admin');
    expect((await call(h, 'POST', '/api/v1/reload', { cookie: bob })).status).toBe(200);

    expect((await call(h, 'PATCH', '/api/v1/users/bob', { token: TEST_TOKENS.admin, body: { password: 'bob-password-2' } })).status).toBe(200);
    expect((await call(h, 'GET', '/api/v1/session', { cookie: bob })).status).toBe(401);

    const again = await loggedIn(h, 'bob', 'bob-password-2');
    expect((await call(h, 'PATCH', '/api/v1/users/bob', { token: TEST_TOKENS.admin, body: { disabled: true } })).body.data.disabled).toBe(true);
    expect((await call(h, 'GET', '/api/v1/session', { cookie: again })).status).toBe(401);
    expect((await login(h, 'bob', 'bob-password-2')).status).toBe(401);
    expect((await call(h, 'PATCH', '/api/v1/users/bob', { token: TEST_TOKENS.admin, body: { disabled: false } })).status).toBe(200);
    expect((await login(h, 'bob', 'bob-password-2')).status).toBe(200);
  });

  it.each([
    ['a viewer', TEST_TOKENS.viewer, 'GET', '/api/v1/users', undefined, 403],
    ['an operator', TEST_TOKENS.operator, 'POST', '/api/v1/users', { username: 'x1', password: 'x-password-1', role: 'admin' }, 403],
    ['a bad username', TEST_TOKENS.admin, 'POST', '/api/v1/users', { username: ':wall:x', password: 'x-password-1', role: 'viewer' }, 400],
    ['a short password', TEST_TOKENS.admin, 'POST', '/api/v1/users', { username: 'x2', password: 'short', role: 'viewer' }, 400],
    ['an unknown role', TEST_TOKENS.admin, 'POST', '/api/v1/users', { username: 'x3', password: 'x-password-1', role: 'root' }, 400],
    ['an unknown user', TEST_TOKENS.admin, 'PATCH', '/api/v1/users/nobody', { disabled: true }, 404],
    ['a user from the configuration', TEST_TOKENS.admin, 'PATCH', '/api/v1/users/ana', { disabled: true }, 409],
  ])('refuses %s', async (_name, token, method, path, body, status) => {
    expect((await call(h, method, path, { token, ...(body === undefined ? {} : { body }) })).status).toBe(status);
  });

  it('lets a logged-in admin manage users from this origin only', async () => {
    const cookie = await loggedIn(h, 'root-user', PASSWORDS.root);
    const body = { username: 'erin', password: 'erin-password-1', role: 'viewer' };
    expect((await call(h, 'POST', '/api/v1/users', { cookie, body, origin: null })).status).toBe(403);
    expect((await call(h, 'POST', '/api/v1/users', { cookie, body })).status).toBe(201);
  });
});

describe('wall screens', () => {
  it('trade the wall token for a viewer session and are redirected to /wall', async () => {
    const answer = await call(h, 'GET', `/wall?token=${WALL_TOKEN}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/wall');
    expect(answer.setCookie).toMatch(/^noc_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = answer.cookie as string;
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).body).toEqual({ data: { username: 'wall', role: 'viewer', kind: 'wall' } });
    expect((await call(h, 'GET', '/api/v1/series?match=up', { cookie })).status).toBe(200);
    expect((await call(h, 'POST', '/api/v1/reload', { cookie })).status).toBe(403);
  });

  it.each([
    ['a wrong token', `/wall?token=${WALL_TOKEN.slice(0, -1)}x`],
    ['an empty token', '/wall?token='],
  ])('get a 401 page for %s', async (_name, path) => {
    const answer = await call(h, 'GET', path);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.setCookie).toBeUndefined();
  });

  it('get a 401 page when no wall token is configured', async () => {
    const { wallToken: _dropped, ...rest } = h.settings;
    h.settings = rest;
    expect((await call(h, 'GET', `/wall?token=${WALL_TOKEN}`)).status).toBe(401);
  });

  it('stay logged in while in use, and are logged out when the wall token changes', async () => {
    const cookie = (await call(h, 'GET', `/wall?token=${WALL_TOKEN}`)).cookie as string;
    for (let i = 0; i < 6; i++) {
      h.clock.advance(HOUR * 0.6);
      expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(200);
    }
    h.settings = { ...h.settings, wallToken: 'another-wall-token-0123456789' };
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(401);
  });

  it('expire when unused for the session lifetime', async () => {
    const cookie = (await call(h, 'GET', `/wall?token=${WALL_TOKEN}`)).cookie as string;
    h.clock.advance(HOUR);
    expect((await call(h, 'GET', '/api/v1/session', { cookie })).status).toBe(401);
  });
});

describe('security headers', () => {
  it('sends the CSP, nosniff, no-referrer and DENY framing, and no HSTS over plain http', async () => {
    const answer = await call(h, 'GET', '/healthz');
    expect(answer.headers.get('content-security-policy')).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';form-action 'self';frame-ancestors 'none';object-src 'none';base-uri 'none'",
    );
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(Object.values(CONTENT_SECURITY_POLICY).flat().join(' ')).not.toContain('unsafe');
  });

  it('keeps API answers out of caches', async () => {
    expect((await call(h, 'GET', '/api/v1/session', { token: TEST_TOKENS.viewer })).headers.get('cache-control')).toBe('no-store');
  });

  it('sends HSTS and Secure cookies when browsers reach the server over https', async () => {
    const app = await startApp({ users: new MemoryUserStore(), https: true });
    try {
      const answer = await login(app, 'ana', PASSWORDS.ana);
      expect(answer.setCookie).toMatch(/; Secure$/);
      expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const wall = await call(app, 'GET', `/wall?token=${WALL_TOKEN}`);
      expect(wall.setCookie).toMatch(/; Secure$/);
    } finally {
      await app.close();
    }
  });
});

describe('public and protected paths', () => {
  it.each([
    ['/healthz', 200],
    ['/readyz', 200],
    ['/metrics', 200],
    ['/api/v1/series?match=up', 401],
    ['/api/v1/session', 401],
    ['/api/v1/users', 401],
  ])('GET %s without credentials → %i', async (path, status) => {
    expect((await call(h, 'GET', path)).status).toBe(status);
  });

  it('lets anonymous callers read, and only read, when nothing is configured', async () => {
    h.settings = { tokens: [], anonymousRole: 'viewer' };
    expect((await call(h, 'GET', '/api/v1/series?match=up')).status).toBe(200);
    expect((await call(h, 'GET', '/api/v1/session')).body).toEqual({ data: { username: 'anonymous', role: 'viewer', kind: 'anonymous' } });
    expect((await call(h, 'POST', '/api/v1/reload')).status).toBe(403);
    expect((await call(h, 'GET', '/api/v1/users')).status).toBe(403);
  });

  it('refuses a bad bearer token even when anonymous reading is allowed', async () => {
    h.settings = { tokens: [], anonymousRole: 'viewer' };
    expect((await call(h, 'GET', '/api/v1/series?match=up', { token: 'not-a-real-token-0000' })).status).toBe(401);
  });

  it('reports a bearer principal as a token', async () => {
    expect((await call(h, 'GET', '/api/v1/session', { token: TEST_TOKENS.operator })).body).toEqual({ data: { username: 'ops', role: 'operator', kind: 'token' } });
  });
});

describe('authenticateUpgrade on a raw Node request', () => {
  let raw: Server;
  let url: string;
  beforeAll(async () => {
    raw = createServer((req, res) => {
      void h.security.authenticateUpgrade(req).then((principal) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ principal: principal ?? null, sameOrigin: h.security.isSameOrigin(req) }));
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => raw.close(() => resolve())));

  async function ask(headers: Record<string, string>): Promise<Body> {
    return (await (await fetch(url, { headers })).json()) as Body;
  }

  it('resolves the session cookie, the bearer token, or nothing', async () => {
    const cookie = await loggedIn(h, 'ana', PASSWORDS.ana);
    expect((await ask({ cookie })).principal).toMatchObject({ name: 'ana', role: 'operator', kind: 'user' });
    expect((await ask({ authorization: `Bearer ${TEST_TOKENS.admin}` })).principal).toEqual({ name: 'root', role: 'admin', kind: 'token' });
    expect((await ask({})).principal).toBeNull();
    expect((await ask({ cookie: 'noc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).principal).toBeNull();
  });

  it('tells same-origin handshakes from foreign ones', async () => {
    expect((await ask({ origin: url })).sameOrigin).toBe(true);
    expect((await ask({ origin: 'http://evil.example' })).sameOrigin).toBe(false);
  });
});

describe('seeding configured users', () => {
  it('hashes plain passwords, keeps a matching hash across restarts, and revokes sessions when the file changes', async () => {
    const store = new MemoryUserStore();
    const hasher = new PasswordHasher(FAST);
    await seedUsers(store, [{ username: 'fay', password: 'fay-password-1', role: 'viewer' }], hasher, silentLogger);
    const first = await store.getUser('fay');
    expect(first?.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await hasher.verify('fay-password-1', first?.passwordHash ?? '')).toBe(true);
    await store.createSession({ tokenHash: 's1', username: 'fay', createdAt: T0, expiresAt: T0 + HOUR });

    await seedUsers(store, [{ username: 'fay', password: 'fay-password-1', role: 'operator' }], hasher, silentLogger);
    expect(await store.getUser('fay')).toEqual({ ...first, role: 'operator' });
    expect(await store.getSession('s1', T0)).toBeDefined();

    await seedUsers(store, [{ username: 'fay', password: 'fay-password-2', role: 'operator' }], hasher, silentLogger);
    expect(await hasher.verify('fay-password-2', (await store.getUser('fay'))?.passwordHash ?? '')).toBe(true);
    expect(await store.getSession('s1', T0)).toBeUndefined();
  });

  it('enables again a configured user found disabled', async () => {
    const store = new MemoryUserStore();
    const hasher = new PasswordHasher(FAST);
    const hash = await hasher.hash('gil-password-1');
    await store.upsertUser({ username: 'gil', passwordHash: hash, role: 'admin', disabled: true });
    await seedUsers(store, [{ username: 'gil', password_hash: hash, role: 'admin' }], hasher, silentLogger);
    expect((await store.getUser('gil'))?.disabled).toBe(false);
  });
});

describe.each([
  ['memory', () => ({ store: new MemoryUserStore() as UserStore, close: () => undefined })],
  [
    'sqlite',
    () => {
      const database = openSqliteDatabase(join(dir, `users-${Math.random().toString(36).slice(2)}.db`));
      return { store: new SqliteUserStore(database) as UserStore, close: () => database.close() };
    },
  ],
])('UserStore sessions (%s)', (_name, open) => {
  const session = (tokenHash: string, username: string) => ({ tokenHash, username, createdAt: T0, expiresAt: T0 + HOUR });

  it('deletes every session of one user and counts them', async () => {
    const { store, close } = open();
    for (const [hash, user] of [['a1', 'ann'], ['a2', 'ann'], ['b1', 'ben']] as const) await store.createSession(session(hash, user));
    expect(await store.deleteSessionsOf('ann')).toBe(2);
    expect(await store.deleteSessionsOf('ann')).toBe(0);
    expect(await store.getSession('a1', T0)).toBeUndefined();
    expect(await store.getSession('b1', T0)).toEqual(session('b1', 'ben'));
    close();
  });

  it('extends a live session and says when there is none', async () => {
    const { store, close } = open();
    await store.createSession(session('s', 'ann'));
    expect(await store.extendSession('s', T0 + 3 * HOUR)).toBe(true);
    expect(await store.getSession('s', T0 + 2 * HOUR)).toMatchObject({ expiresAt: T0 + 3 * HOUR });
    expect(await store.extendSession('missing', T0)).toBe(false);
    close();
  });
});

describe('server.auth in the configuration', () => {
  const issues = (yaml: string): string[] => {
    const result = loadConfigText(yaml);
    return result.ok ? [] : result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
  };
  const user = (fields: string): string => `server:\n  auth:\n    users:\n      - {${fields}}\n`;

  it('accepts a scrypt hash and a plain password', () => {
    expect(issues(user('username: ana, role: admin, password_hash: "scrypt$32768$8$1$BkMqBUzV/tPi2iKIN5rh6A==$HxwiQdyaA4Tyvl3fSjuVd9jx77U/TFkKE5/bRtIIcWs="'))).toEqual([]);
    expect(issues(user('username: ana.lopez@noc, role: viewer, password: pw'))).toEqual([]);
  });

  it('names the field of a hash in another format', () => {
    expect(issues(user('username: ana, role: admin, password_hash: "$2b$12$abcdefghijklmnopqrstuv"'))).toEqual([
      '4:53 server.auth.users.0.password_hash: not a usable password hash: expected scrypt$<N>$<r>$<p>$<salt base64>$<hash base64> (scrypt$32768$8$1$<salt>$<hash>)',
    ]);
  });

  it.each([':wall:x', 'two words', ''])('refuses the username %j', (name) => {
    expect(issues(user(`username: "${name}", role: admin, password: pw`))[0]).toMatch(/server\.auth\.users\.0\.username/);
  });

  it('refuses a session_ttl of zero', () => {
    expect(issues('server:\n  auth:\n    session_ttl: 0s\n')[0]).toMatch(/server\.auth\.session_ttl/);
  });

  it('reads session_ttl, the wall token and the users into AuthSettings; open to anonymous readers only without tokens and users', () => {
    const withUsers = loadConfigText(`server:\n  auth:\n    session_ttl: 8h\n    wall_token: ${WALL_TOKEN}\n    users:\n      - {username: ana, role: admin, password: pw}\n`);
    const empty = loadConfigText('{}');
    if (!withUsers.ok || !empty.ok) throw new Error('expected valid configurations');
    expect(authSettingsFromConfig(withUsers.config.server.auth)).toEqual({ tokens: [], wallToken: WALL_TOKEN, sessionTtlMs: 8 * HOUR, configuredUsers: ['ana'] });
    expect(authSettingsFromConfig(empty.config.server.auth)).toEqual({ tokens: [], anonymousRole: 'viewer', sessionTtlMs: 12 * HOUR, configuredUsers: [] });
  });
});
