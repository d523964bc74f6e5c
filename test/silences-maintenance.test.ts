import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ActiveAlert, MaintenanceCalendar, Muting } from '../src/alerter/index.js';
import { MaintenanceWindow as MaintenanceWindowSchema } from '../src/config/index.js';
import { ManualClock, silentLogger } from '../src/core/index.js';
import { createDashboardApp, createMetrics, listen, type RunningServer } from '../src/dashboard/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { SqliteSilenceStore } from '../src/store/sqlite/sqlite-silence-store.js';
import { TEST_TOKENS, testAuth } from './support/api-auth.js';

const T0 = Date.parse('2026-11-02T10:00:00Z');
const HOUR = 3_600_000;
const TOKENS = TEST_TOKENS;

let dir: string;
let store: SqliteSeriesStore;
let silences: SqliteSilenceStore;
let muting: Muting;
let server: RunningServer;
const clock = new ManualClock(T0);

const firing = (rule: string, labels: Record<string, string>, extra: Partial<ActiveAlert> = {}): ActiveAlert => ({
  rule,
  fingerprint: `${rule}-${labels.target ?? labels.pair ?? ''}`,
  group: rule,
  labels: { alertname: rule, ...labels },
  status: 'firing',
  since: T0 - HOUR,
  flapping: false,
  incident: rule,
  ...extra,
});
/** What the engine reports as active: a core outage explaining an SBC alarm, and an unrelated SBC alarm. */
const ACTIVE: ActiveAlert[] = [
  firing('target_down', { target: 'core-2', site: 'co' }),
  firing('sbc_registrations_low', { target: 'sbc-cr-1', site: 'cr' }, { incident: 'target_down', inhibitedBy: { alertname: 'target_down', target: 'core-2', site: 'co' } }),
  firing('sbc_registrations_low', { target: 'sbc-gt-1', site: 'gt' }),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-silences-'));
  store = SqliteSeriesStore.open({ path: join(dir, 'noc.db'), hotWindow: HOUR, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
  silences = new SqliteSilenceStore(store.database);
  const config = [
    MaintenanceWindowSchema.parse({ name: 'core patching', targets: ['core-1'], start: '2026-11-03T02:00:00Z', end: '2026-11-03T04:00:00Z' }),
    // Every night at 23:00 Santiago time (-03 in November), for 2 hours: 02:00-04:00 UTC.
    MaintenanceWindowSchema.parse({ name: 'nightly sbc', targets: ['sbc-mx-1'], cron: '0 23 * * *', duration: '2h' }),
  ];
  const calendar = new MaintenanceCalendar({ config: () => ({ windows: config, timeZone: 'America/Santiago' }), store: silences });
  muting = new Muting({ calendar, silences });
  const auth = testAuth();
  const app = createDashboardApp({
    querier: store,
    storeHealth: store,
    targets: { targets: () => [] },
    registry: createMetrics().registry,
    auth: () => auth,
    reload: async () => ({ ok: true }),
    silences: { store: silences, calendar, targetIds: () => ['sbc-mx-1', 'sbc-co-1', 'core-1', 'core-2'] },
    alerts: { active: () => ACTIVE },
    mute: (at) => muting.snapshot(at),
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

beforeEach(() => clock.set(T0));

/** Parsed JSON bodies are checked field by field by the assertions, so they are typed loosely here. */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Body) };
}

const createSilence = (body: unknown, token: string = TOKENS.operator) => call('POST', '/silences', token, body);
const createWindow = (body: unknown, token = TOKENS.operator) => call('POST', '/maintenance', token, body);

describe('silences API', () => {
  it('creates a silence from selector text, with its creator from the token', async () => {
    const { status, body } = await createSilence({ matchers: '{target="sbc-mx-1",site=~"mx.*"}', duration: '2h', comment: 'SBC swap' });
    expect(status).toBe(201);
    expect(body.data).toMatchObject({
      status: 'active',
      matchers: [
        { name: 'target', op: '=', value: 'sbc-mx-1' },
        { name: 'site', op: '=~', value: 'mx.*' },
      ],
      selector: '{target="sbc-mx-1",site=~"mx.*"}',
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(T0 + 2 * HOUR).toISOString(),
      createdBy: 'ops',
      comment: 'SBC swap',
    });
    expect(body.data.id).toEqual(expect.any(String));
  });

  it('creates a silence from a list of matchers, later, until an end time; admins may too', async () => {
    const startsAt = new Date(T0 + HOUR).toISOString();
    const endsAt = new Date(T0 + 3 * HOUR).toISOString();
    const { status, body } = await createSilence(
      { matchers: [{ name: 'alertname', op: '=', value: 'HighRtt' }, { name: 'site', op: '!~', value: 'co|pe' }], startsAt, endsAt, comment: 'carrier test' },
      TOKENS.admin,
    );
    expect(status).toBe(201);
    expect(body.data).toMatchObject({ status: 'pending', startsAt, endsAt, createdBy: 'root', selector: '{alertname="HighRtt",site!~"co|pe"}' });
  });

  it('moves a start in the past to now', async () => {
    const { body } = await createSilence({ matchers: '{target="core-2"}', startsAt: new Date(T0 - HOUR).toISOString(), duration: '1h', comment: 'late' });
    expect(body.data.startsAt).toBe(new Date(T0).toISOString());
  });

  it.each([
    ['no body', undefined, /^the body must be a JSON object/],
    ['missing matchers', { duration: '1h', comment: 'x' }, /^matchers: is required/],
    ['matchers of the wrong type', { matchers: 42, duration: '1h', comment: 'x' }, /^matchers: expected a selector/],
    ['bad selector text', { matchers: '{target="sbc-mx-1"', duration: '1h', comment: 'x' }, /^matchers: expected ',' or '}'/],
    ['a bad operator', { matchers: [{ name: 'target', op: '==', value: 'a' }], duration: '1h', comment: 'x' }, /^matchers\[0\]\.op: expected one of =, !=, =~, !~/],
    ['a bad label name', { matchers: [{ name: 'a-b', op: '=', value: 'a' }], duration: '1h', comment: 'x' }, /^matchers\[0\]\.name: expected a label name/],
    ['a missing value', { matchers: [{ name: 'target', op: '=' }], duration: '1h', comment: 'x' }, /^matchers\[0\]\.value: is required/],
    ['a bad regex', { matchers: '{target=~"("}', duration: '1h', comment: 'x' }, /^matchers: invalid regex/],
    ['matchers that select everything', { matchers: '{target=~".*"}', duration: '1h', comment: 'x' }, /^matchers: .*mute all alerts/],
    ['no comment', { matchers: '{target="a"}', duration: '1h' }, /^comment: is required/],
    ['a blank comment', { matchers: '{target="a"}', duration: '1h', comment: '  ' }, /^comment: must not be empty/],
    ['neither end nor duration', { matchers: '{target="a"}', comment: 'x' }, /^endsAt: is required/],
    ['both end and duration', { matchers: '{target="a"}', endsAt: '2026-11-02T12:00:00Z', duration: '1h', comment: 'x' }, /^endsAt: give endsAt or duration, not both/],
    ['an end before the start', { matchers: '{target="a"}', endsAt: '2026-11-02T09:00:00Z', comment: 'x' }, /^endsAt: must be after startsAt/],
    ['a bad start', { matchers: '{target="a"}', startsAt: 'tomorrow', duration: '1h', comment: 'x' }, /^startsAt: expected an ISO-8601 time/],
    ['a bad duration', { matchers: '{target="a"}', duration: 'soon', comment: 'x' }, /^duration: expected a duration/],
    ['an unknown field', { matchers: '{target="a"}', duration: '1h', comment: 'x', creator: 'me' }, /^body: unknown field "creator"/],
  ])('refuses %s with 400 naming the field', async (_name, body, message) => {
    const { status, body: answer } = await createSilence(body);
    expect(status).toBe(400);
    expect(answer.error.code).toBe('bad_request');
    expect(answer.error.message).toMatch(message);
  });

  it('lists unexpired silences by default and all with ?all=true', async () => {
    const kept = (await createSilence({ matchers: '{target="sbc-co-1"}', duration: '1h', comment: 'listed' })).body.data.id as string;
    const gone = (await createSilence({ matchers: '{target="sbc-co-1"}', duration: '1h', comment: 'expired' })).body.data.id as string;
    expect((await call('DELETE', `/silences/${gone}`, TOKENS.operator)).status).toBe(200);
    clock.advance(1);
    const listed = (await call('GET', '/silences', TOKENS.viewer)).body.data as Body[];
    expect(listed.map((s) => s.id)).toContain(kept);
    expect(listed.map((s) => s.id)).not.toContain(gone);
    expect(listed.every((s) => s.status !== 'expired')).toBe(true);
    const all = (await call('GET', '/silences?all=true', TOKENS.viewer)).body.data as Body[];
    expect(all.find((s) => s.id === gone)).toMatchObject({ status: 'expired', expiredAt: new Date(T0).toISOString() });
    expect((await call('GET', '/silences?all=maybe', TOKENS.viewer)).body.error.message).toMatch(/parameter 'all'/);
  });

  it('expires a silence on DELETE, keeps the record, and answers 409 the second time, 404 for an unknown id', async () => {
    const id = (await createSilence({ matchers: '{target="core-1"}', duration: '1h', comment: 'x' })).body.data.id as string;
    clock.advance(10 * 60_000);
    const deleted = await call('DELETE', `/silences/${id}`, TOKENS.operator);
    expect(deleted).toMatchObject({ status: 200, body: { data: { id, status: 'expired', expiredAt: new Date(T0 + 10 * 60_000).toISOString() } } });
    expect((await silences.listSilences()).some((s) => s.id === id)).toBe(true);
    expect((await call('DELETE', `/silences/${id}`, TOKENS.operator)).body.error.code).toBe('conflict');
    expect(await call('DELETE', '/silences/no-such-id', TOKENS.operator)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('maintenance API', () => {
  it('schedules a window for configured targets and lists it with the config windows', async () => {
    const startsAt = '2026-11-02T22:00:00Z';
    const created = await createWindow({ targets: ['sbc-co-1', 'core-2'], startsAt, duration: '1h30m', comment: 'Firmware upgrade\nticket 42' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      source: 'api',
      name: 'Firmware upgrade',
      targets: ['sbc-co-1', 'core-2'],
      status: 'scheduled',
      startsAt: '2026-11-02T22:00:00.000Z',
      endsAt: '2026-11-02T23:30:00.000Z',
      createdBy: 'ops',
    });
    const { status, body } = await call('GET', '/maintenance?from=2026-11-02T00:00:00Z&to=2026-11-04T00:00:00Z', TOKENS.viewer);
    expect(status).toBe(200);
    const rows = (body.data as Body[]).map((w) => [w.source, w.name, w.startsAt, w.endsAt, w.status]);
    expect(rows).toEqual([
      ['config', 'nightly sbc', '2026-11-02T02:00:00.000Z', '2026-11-02T04:00:00.000Z', 'ended'],
      ['api', 'Firmware upgrade', '2026-11-02T22:00:00.000Z', '2026-11-02T23:30:00.000Z', 'scheduled'],
      ['config', 'core patching', '2026-11-03T02:00:00.000Z', '2026-11-03T04:00:00.000Z', 'scheduled'],
      ['config', 'nightly sbc', '2026-11-03T02:00:00.000Z', '2026-11-03T04:00:00.000Z', 'scheduled'],
    ]);
    expect((body.data as Body[])[0]).toMatchObject({ cron: '0 23 * * *', targets: ['sbc-mx-1'] });
  });

  it('defaults to the coming week', async () => {
    const { body } = await call('GET', '/maintenance', TOKENS.viewer);
    expect(body).toMatchObject({ from: new Date(T0).toISOString(), to: new Date(T0 + 7 * 24 * HOUR).toISOString() });
    expect((body.data as Body[]).filter((w) => w.name === 'nightly sbc')).toHaveLength(7);
  });

  it.each([
    ['an unknown target', { targets: ['core-1', 'core-9'], duration: '1h', comment: 'x' }, /^targets\[1\]: no target 'core-9'/],
    ['a malformed target id', { targets: ['Core 1'], duration: '1h', comment: 'x' }, /^targets\[0\]: expected a lowercase id/],
    ['no targets', { targets: [], duration: '1h', comment: 'x' }, /^targets: a maintenance window needs at least one target/],
    ['no comment', { targets: ['core-1'], duration: '1h' }, /^comment: is required/],
    ['a start in the past', { targets: ['core-1'], startsAt: '2026-11-01T00:00:00Z', duration: '1h', comment: 'x' }, /^startsAt: is in the past/],
    ['no end', { targets: ['core-1'], comment: 'x' }, /^endsAt: is required/],
  ])('refuses %s with 400 naming the field', async (_name, body, message) => {
    const { status, body: answer } = await createWindow(body);
    expect(status).toBe(400);
    expect(answer.error.message).toMatch(message);
  });

  it.each([
    ['from after to', '?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z', /must be before/],
    ['a range over 366 days', '?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z', /at most 366 days/],
    ['a bad time', '?from=yesterday', /parameter 'from'/],
  ])('refuses a listing with %s', async (_name, query, message) => {
    const { status, body } = await call('GET', `/maintenance${query}`, TOKENS.viewer);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(message);
  });

  it('cancels a window on DELETE (409 the second time, 404 for an unknown id or a config window)', async () => {
    const id = (await createWindow({ targets: ['core-2'], duration: '2h', comment: 'reboot' })).body.data.id as string;
    clock.advance(30 * 60_000);
    expect(await call('DELETE', `/maintenance/${id}`, TOKENS.operator)).toMatchObject({
      status: 200,
      body: { data: { id, status: 'cancelled', cancelledAt: new Date(T0 + 30 * 60_000).toISOString() } },
    });
    expect((await call('DELETE', `/maintenance/${id}`, TOKENS.operator)).status).toBe(409);
    expect((await call('DELETE', '/maintenance/nightly%20sbc', TOKENS.operator)).body.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/config file/) });
  });
});

describe('roles', () => {
  it.each([
    ['GET', '/silences'],
    ['POST', '/silences'],
    ['DELETE', '/silences/x'],
    ['GET', '/maintenance'],
    ['POST', '/maintenance'],
    ['DELETE', '/maintenance/x'],
  ])('%s %s needs a token (401)', async (method, path) => {
    const { status, body } = await call(method, path, null, method === 'POST' ? {} : undefined);
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
  });

  it.each([
    ['POST', '/silences', { matchers: '{target="a"}', duration: '1h', comment: 'x' }],
    ['DELETE', '/silences/x', undefined],
    ['POST', '/maintenance', { targets: ['core-1'], duration: '1h', comment: 'x' }],
    ['DELETE', '/maintenance/x', undefined],
  ])('%s %s is refused to a viewer (403)', async (method, path, body) => {
    const answer = await call(method, path, TOKENS.viewer, body);
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(/operator role/);
  });
});

describe('muting through the stored silences and windows', () => {
  it('mutes an alert while an API silence runs, and stops when it is expired', async () => {
    const labels = { alertname: 'TargetDown', target: 'sbc-pe-7', site: 'pe' };
    expect((await muting.isMuted(labels, T0)).muted).toBe(false);
    const id = (await createSilence({ matchers: 'TargetDown{site="pe"}', duration: '1h', comment: 'Lima power work' })).body.data.id as string;
    expect(await muting.isMuted(labels, T0 + 1)).toEqual({ muted: true, silencedBy: [id], maintenance: [] });
    expect((await muting.isMuted(labels, T0 + HOUR)).muted).toBe(false);
    clock.advance(60_000);
    await call('DELETE', `/silences/${id}`, TOKENS.operator);
    expect((await muting.isMuted(labels, T0 + 60_000)).muted).toBe(false);
    expect((await muting.isMuted(labels, T0 + 59_999)).silencedBy).toEqual([id]);
  });

  it('mutes a target in a config window or an API window, until the API window is cancelled', async () => {
    expect((await muting.isMuted({ alertname: 'TargetDown', target: 'sbc-mx-1' }, Date.parse('2026-11-03T03:00:00Z'))).maintenance).toEqual(['nightly sbc']);
    const window = (await createWindow({ name: 'pe rack move', targets: ['sbc-co-1'], startsAt: '2026-11-02T12:00:00Z', duration: '2h', comment: 'rack move' })).body.data;
    const during = Date.parse('2026-11-02T13:00:00Z');
    expect(await muting.isMuted({ target: 'sbc-co-1' }, during)).toEqual({ muted: true, silencedBy: [], maintenance: ['pe rack move'] });
    clock.set(Date.parse('2026-11-02T12:30:00Z'));
    await call('DELETE', `/maintenance/${window.id as string}`, TOKENS.operator);
    expect((await muting.isMuted({ target: 'sbc-co-1' }, during)).muted).toBe(false);
    expect((await muting.isMuted({ target: 'sbc-co-1' }, Date.parse('2026-11-02T12:29:00Z'))).maintenance).toEqual(['pe rack move']);
  });

  it('shows on GET /alerts which maintenance or silence mutes each alert, an explained alert muted with its cause', async () => {
    const window = (await createWindow({ name: 'core-2 upgrade', targets: ['core-2'], startsAt: '2026-11-02T10:05:00Z', duration: '1h', comment: 'upgrade' })).body.data;
    clock.set(Date.parse('2026-11-02T10:30:00Z'));
    const { status, body } = await call('GET', '/alerts', TOKENS.viewer);
    expect(status).toBe(200);
    // Silences of the tests above may match too; the window is what this test controls.
    type Muted = false | { maintenance: string[] };
    const byTarget = Object.fromEntries((body.data as { labels: { target: string }; muted: Muted }[]).map((alert) => [alert.labels.target, alert.muted && alert.muted.maintenance]));
    expect(byTarget).toEqual({ 'core-2': ['core-2 upgrade'], 'sbc-cr-1': ['core-2 upgrade'], 'sbc-gt-1': false });
    expect(body.summary).toEqual({ firing: 3, pending: 0, muted: 2 });
    await call('DELETE', `/maintenance/${window.id as string}`, TOKENS.operator);
    const after = (await call('GET', '/alerts', TOKENS.viewer)).body.data as { muted: Muted }[];
    expect(after.map((alert) => alert.muted && alert.muted.maintenance)).not.toContainEqual(['core-2 upgrade']);
  });
});
