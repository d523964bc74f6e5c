import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '../src/core/index.js';
import { IncidentsConfig, SlaConfig } from '../src/config/index.js';
import { IncidentService, type IncidentsSettings } from '../src/alerter/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';
import { createDashboardApp, createMetrics, listen, type RunningServer } from '../src/dashboard/index.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const TOKENS = TEST_TOKENS;

let dir: string;
let store: SqliteSeriesStore;
let server: RunningServer;
let service: IncidentService;
const clock = new ManualClock(T0);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-incident-api-'));
  store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: HOUR, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  const settings: IncidentsSettings = { sla: SlaConfig.parse({}), incidents: IncidentsConfig.parse({ prefix: 'CARR' }), targets: [] };
  // The same wiring as `noc start`: the incident store on the series store's embedded database.
  service = new IncidentService(new SqliteIncidentStore(store.database), () => settings, clock, silentLogger);
  const auth = testAuth();
  const app = createDashboardApp({
    querier: store,
    storeHealth: store,
    targets: { targets: () => [] },
    incidents: service,
    registry: createMetrics().registry,
    auth: () => auth,
    reload: async () => ({ ok: true }),
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

/** Parsed JSON bodies are checked field by field by the assertions, so they are typed loosely here. */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Body; headers: Headers }> {
  const token = options.token === undefined ? TOKENS.operator : options.token;
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  let payload: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = options.raw ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Body), headers: response.headers };
}

const REGISTER = { channel: 'phone', title: 'calls to Bogotá fail', severity: 'S2', customer: { name: 'Carrier X', phone: '+57 1 000 0000' } };

async function registered(body: Record<string, unknown> = REGISTER): Promise<string> {
  const { status, body: answer } = await call('POST', '/incidents', { body });
  expect(status).toBe(201);
  return answer.data.number as string;
}

describe('incident HTTP API', () => {
  it('registers an incident (operator) with the principal as registeredBy, ISO times and SLA clocks', async () => {
    const occurredAt = new Date(clock.now() - 10 * MINUTE).toISOString();
    const { status, body, headers } = await call('POST', '/incidents', { body: { ...REGISTER, affectedUsers: 40, labels: { site: 'bog' }, occurredAt } });
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(`/api/v1/incidents/${body.data.number}`);
    expect(body.data).toMatchObject({
      number: expect.stringMatching(/^CARR-2026-\d{6}$/),
      title: 'calls to Bogotá fail',
      severity: 'S2',
      status: 'registered',
      level: 'L1',
      channel: 'phone',
      registeredBy: 'ops',
      customer: { name: 'Carrier X', phone: '+57 1 000 0000' },
      affectedUsers: 40,
      labels: { site: 'bog' },
      occurredAt,
      registeredAt: new Date(clock.now()).toISOString(),
      attentionDue: new Date(clock.now() + 1.5 * HOUR).toISOString(),
      solutionDue: new Date(clock.now() + 4 * HOUR).toISOString(),
      sla: { attention: 'running', solution: 'running' },
      version: 1,
    });
  });

  it('derives the severity from interruption and users when none is given', async () => {
    const { body } = await call('POST', '/incidents', { body: { channel: 'web', title: 'portal down', interruption: 'total', affectedUsers: 3000 } });
    expect(body.data.severity).toBe('S1');
  });

  it.each([
    ['a missing channel', { title: 'x', severity: 'S1' }, /channel: is required/],
    ['an unknown channel', { ...REGISTER, channel: 'fax' }, /channel: expected one of phone, email, chat, whatsapp, click2call, web/],
    ['the monitoring channel', { ...REGISTER, channel: 'monitoring' }, /channel: expected one of/],
    ['an empty title', { ...REGISTER, title: '  ' }, /title: must not be empty/],
    ['a bad severity', { ...REGISTER, severity: 'S9' }, /severity: expected one of S1, S2, S3, S4/],
    ['negative users', { ...REGISTER, affectedUsers: -1 }, /affectedUsers: must be 0 or more/],
    ['a bad occurredAt', { ...REGISTER, occurredAt: 'yesterday' }, /occurredAt: expected an ISO-8601 time/],
    ['an unknown field', { ...REGISTER, priority: 'high' }, /priority: unknown field/],
    ['an unknown customer field', { ...REGISTER, customer: { nmae: 'x' } }, /customer\.nmae: unknown field/],
    ['neither severity nor interruption', { channel: 'phone', title: 'x' }, /give a severity/],
  ])('refuses to register with %s (400 naming the field)', async (_name, body, message) => {
    const { status, body: answer } = await call('POST', '/incidents', { body });
    expect(status).toBe(400);
    expect(answer.error.code).toBe('bad_request');
    expect(answer.error.message).toMatch(message);
  });

  it('refuses malformed JSON with 400', async () => {
    const { status, body } = await call('POST', '/incidents', { raw: '{"channel":' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });

  it('shows one incident with its timeline, and 404 for an unknown one', async () => {
    const number = await registered();
    await call('POST', `/incidents/${number}/comment`, { body: { text: 'customer called back' } });
    const { status, body } = await call('GET', `/incidents/${number}`, { token: TOKENS.viewer });
    expect(status).toBe(200);
    expect(body.data.number).toBe(number);
    expect(body.data.timeline).toEqual([
      { incident: number, seq: 1, at: new Date(clock.now()).toISOString(), actor: 'ops', action: 'registered', details: { title: REGISTER.title, severity: 'S2', channel: 'phone' } },
      { incident: number, seq: 2, at: new Date(clock.now()).toISOString(), actor: 'ops', action: 'comment', details: { text: 'customer called back' } },
    ]);
    const missing = await call('GET', '/incidents/CARR-2026-999999', { token: TOKENS.viewer });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'no incident CARR-2026-999999' });
  });

  it('walks the whole lifecycle with the principal as actor on every timeline entry', async () => {
    const number = await registered();
    const steps: [string, Record<string, unknown>, string | null, string][] = [
      ['acknowledge', { note: 'on it' }, TOKENS.operator, 'diagnosing'],
      ['escalate', { level: 'L3', reason: 'vendor' }, TOKENS.admin, 'diagnosing'],
      ['resolve', { resolution: 'rerouted' }, TOKENS.operator, 'resolved'],
      ['reopen', { reason: 'fails again' }, TOKENS.operator, 'diagnosing'],
      ['resolve', { resolution: 'trunk replaced' }, TOKENS.operator, 'resolved'],
      ['close', { category: 'carrier' }, TOKENS.operator, 'closed'],
    ];
    for (const [action, body, token, status] of steps) {
      clock.advance(MINUTE);
      const answer = await call('POST', `/incidents/${number}/${action}`, { body, token });
      expect(answer.status, action).toBe(200);
      expect(answer.body.data.status).toBe(status);
    }
    const { body } = await call('GET', `/incidents/${number}`);
    expect(body.data).toMatchObject({ level: 'L3', category: 'carrier', resolution: 'trunk replaced', sla: { attention: 'met', solution: 'met' } });
    expect(body.data.timeline.map((entry: Body) => [entry.action, entry.actor])).toEqual([
      ['registered', 'ops'],
      ['acknowledged', 'ops'],
      ['escalated', 'root'],
      ['resolved', 'ops'],
      ['reopened', 'ops'],
      ['resolved', 'ops'],
      ['closed', 'ops'],
    ]);
  });

  it.each([
    ['close before resolve', [], 'close', { category: 'x' }, /resolve it first/],
    ['acknowledge twice', [['acknowledge', {}]], 'acknowledge', {}, /already acknowledged/],
    ['escalate past L3', [['escalate', { level: 'L3' }]], 'escalate', {}, /highest support level/],
    ['escalate down', [['escalate', { level: 'L2' }]], 'escalate', { level: 'L1' }, /only goes up/],
    ['reopen an open incident', [], 'reopen', {}, /cannot reopen/],
    ['reopen after close', [['resolve', { resolution: 'ok' }], ['close', { category: 'x' }]], 'reopen', {}, /stays closed/],
    ['a stale version', [['escalate', {}]], 'acknowledge', { version: 1 }, /changed since version 1/],
  ] as [string, [string, Record<string, unknown>][], string, Record<string, unknown>, RegExp][])(
    'answers 409 conflict to an invalid transition: %s',
    async (_name, before, action, body, message) => {
      const number = await registered();
      for (const [step, stepBody] of before) expect((await call('POST', `/incidents/${number}/${step}`, { body: stepBody })).status).toBe(200);
      const { status, body: answer } = await call('POST', `/incidents/${number}/${action}`, { body });
      expect(status).toBe(409);
      expect(answer.error.code).toBe('conflict');
      expect(answer.error.message).toMatch(message);
    },
  );

  it.each([
    ['close', {}, /category: is required/],
    ['close', { category: '' }, /category: must not be empty/],
    ['resolve', {}, /resolution: is required/],
    ['escalate', { level: 'L9' }, /level: expected one of L1, L2, L3/],
    ['comment', {}, /text: is required/],
    ['acknowledge', { version: 'two' }, /version: expected a whole number/],
    ['acknowledge', { actor: 'someone-else' }, /actor: unknown field/],
    ['reopen', { reason: 42 }, /reason: expected text/],
  ])('answers 400 naming the field to a bad %s body: %j', async (action, body, message) => {
    const number = await registered();
    const { status, body: answer } = await call('POST', `/incidents/${number}/${action}`, { body });
    expect(status).toBe(400);
    expect(answer.error.message).toMatch(message);
    expect(answer.error.details.issues.length).toBeGreaterThan(0);
  });

  it('accepts actions without a body when none is needed', async () => {
    const number = await registered();
    const response = await fetch(`${server.url}/api/v1/incidents/${number}/acknowledge`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.operator}` } });
    expect(response.status).toBe(200);
  });

  it('adds comments with 201 and the new timeline entry', async () => {
    const number = await registered();
    const { status, body } = await call('POST', `/incidents/${number}/comment`, { body: { text: 'vendor ticket 123' } });
    expect(status).toBe(201);
    expect(body.data).toMatchObject({ incident: number, seq: 2, actor: 'ops', action: 'comment', details: { text: 'vendor ticket 123' } });
  });

  it.each(['acknowledge', 'escalate', 'resolve', 'close', 'comment', 'reopen'])('answers 404 to %s of an unknown incident', async (action) => {
    const body = { resolve: { resolution: 'x' }, close: { category: 'x' }, comment: { text: 'x' } }[action] ?? {};
    const { status, body: answer } = await call('POST', `/incidents/CARR-2026-999999/${action}`, { body });
    expect(status).toBe(404);
    expect(answer.error.code).toBe('not_found');
  });

  describe('roles', () => {
    const writes = ['', '/acknowledge', '/escalate', '/resolve', '/close', '/comment', '/reopen'];
    it.each(writes)('POST /incidents/:number%s needs a token (401) and the operator role (403 for viewers)', async (suffix) => {
      const path = suffix === '' ? '/incidents' : `/incidents/CARR-2026-000001${suffix}`;
      const anonymous = await call('POST', path, { token: null, body: REGISTER });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
      const viewer = await call('POST', path, { token: TOKENS.viewer, body: REGISTER });
      expect(viewer.status).toBe(403);
      expect(viewer.body.error).toEqual({ code: 'forbidden', message: 'this action needs the operator role; wall has viewer' });
    });

    it.each(['/incidents', '/incidents/CARR-2026-000001'])('GET %s needs a token (401) and is open to viewers', async (path) => {
      expect((await call('GET', path, { token: null })).status).toBe(401);
      expect((await call('GET', path, { token: TOKENS.viewer })).status).toBe(200);
    });
  });

  describe('listing', () => {
    const numbers: Record<string, string> = {};
    beforeAll(async () => {
      clock.set(T0 + 10 * HOUR);
      numbers.a = await registered({ channel: 'email', title: 'list-a', severity: 'S1' });
      clock.advance(HOUR);
      numbers.b = await registered({ channel: 'chat', title: 'list-b', severity: 'S3' });
      await call('POST', `/incidents/${numbers.b}/resolve`, { body: { resolution: 'ok' } });
      clock.advance(HOUR);
      numbers.c = await registered({ channel: 'click2call', title: 'list-c', severity: 'S1' });
      await call('POST', `/incidents/${numbers.c}/acknowledge`, {});
    });
    const since = new Date(T0 + 10 * HOUR).toISOString();

    it.each([
      ['everything since the first, newest first', '', ['list-c', 'list-b', 'list-a']],
      ['one status', '&status=resolved', ['list-b']],
      ['several statuses', '&status=registered,diagnosing', ['list-c', 'list-a']],
      ['severities', '&severity=S1', ['list-c', 'list-a']],
      ['status and severity', '&status=diagnosing&severity=S1,S2', ['list-c']],
      ['a time range', `&to=${new Date(T0 + 11 * HOUR).toISOString()}`, ['list-b', 'list-a']],
      ['a limit', '&limit=2', ['list-c', 'list-b']],
    ])('filters by %s', async (_name, query, titles) => {
      const { status, body } = await call('GET', `/incidents?from=${since}${query}`, { token: TOKENS.viewer });
      expect(status).toBe(200);
      expect(body.data.map((incident: Body) => incident.title)).toEqual(titles);
    });

    it('reports breached SLA clocks as time passes', async () => {
      clock.set(T0 + 12 * HOUR + 5 * HOUR);
      const { body } = await call('GET', `/incidents/${numbers.a}`);
      expect(body.data.sla).toEqual({ attention: 'breached', solution: 'breached' });
    });

    it.each([
      ['?status=open', /parameter 'status': expected any of registered, diagnosing, resolved, closed, got 'open'/],
      ['?severity=S1,S5', /parameter 'severity'.*got 'S5'/],
      ['?limit=0', /parameter 'limit'/],
      ['?limit=many', /parameter 'limit'/],
      ['?from=yesterday', /parameter 'from'/],
      ['?from=now&to=-1h', /is after/],
    ])('answers 400 to %s', async (query, message) => {
      const { status, body } = await call('GET', `/incidents${query}`, { token: TOKENS.viewer });
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
    });
  });
});
