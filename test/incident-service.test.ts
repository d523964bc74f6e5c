import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Incident,
  type IncidentStatus,
  type IncidentStore,
  ManualClock,
  type NocErrorCode,
  type Severity,
  silentLogger,
} from '../src/core/index.js';
import { IncidentsConfig, SlaConfig, TargetConfig } from '../src/config/index.js';
import {
  IncidentService,
  type IncidentsSettings,
  type ManualIncidentInput,
  type MonitoringIncidentInput,
} from '../src/alerter/index.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 2, 10, 12, 0, 0); // Monday 2025-03-10, 06:00 in Mexico City

function target(id: string, users: number) {
  return TargetConfig.parse({ id, role: 'sbc', site: 'qro', users, probes: [{ kind: 'tcp', host: '127.0.0.1', port: 5060 }] });
}

function settingsWith(overrides: { sla?: unknown; incidents?: unknown } = {}): IncidentsSettings {
  return {
    sla: SlaConfig.parse(overrides.sla ?? {}),
    incidents: IncidentsConfig.parse(overrides.incidents ?? {}),
    targets: [target('sbc-1', 600), target('sbc-2', 700), target('core-1', 120_000)],
  };
}

let db: SqliteDatabase;
let store: IncidentStore;
let clock: ManualClock;
let settings: IncidentsSettings;
let service: IncidentService;

beforeEach(() => {
  db = openSqliteDatabase(':memory:');
  store = new SqliteIncidentStore(db);
  clock = new ManualClock(T0);
  settings = settingsWith();
  service = new IncidentService(store, () => settings, clock, silentLogger);
});

afterEach(() => {
  db.close();
});

async function expectNocError(promise: Promise<unknown>, code: NocErrorCode, message?: RegExp): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'NocError', code, ...(message === undefined ? {} : { message: expect.stringMatching(message) }) });
}

function manual(overrides: Partial<ManualIncidentInput> = {}): ManualIncidentInput {
  return { channel: 'phone', registeredBy: 'ana', title: 'calls to Bogotá fail', severity: 'S2', ...overrides };
}

function alert(overrides: Partial<MonitoringIncidentInput> = {}): MonitoringIncidentInput {
  return {
    fingerprint: 'target-down|target=sbc-1',
    title: 'sbc-1 is down',
    severity: 'S3',
    labels: { target: 'sbc-1' },
    affectedTargets: ['sbc-1'],
    occurredAt: T0 - MINUTE,
    alertLabels: { alertname: 'target-down', target: 'sbc-1', probe: 'sip' },
    ...overrides,
  };
}

/** An incident brought into `status` the way people bring it there. */
async function incidentIn(status: IncidentStatus): Promise<Incident> {
  let incident = await service.register(manual());
  if (status === 'registered') return incident;
  incident = await service.acknowledge(incident.number, { actor: 'ana' });
  if (status === 'diagnosing') return incident;
  incident = await service.resolve(incident.number, { actor: 'ana', resolution: 'rerouted trunk' });
  if (status === 'resolved') return incident;
  return service.close(incident.number, { actor: 'ana', category: 'carrier' });
}

async function lastEntry(number: string) {
  return (await service.timeline(number)).at(-1);
}

describe('IncidentService: manual lifecycle', () => {
  type Act = (number: string) => Promise<unknown>;
  const ACTIONS: Record<string, Act> = {
    acknowledge: (n) => service.acknowledge(n, { actor: 'luis' }),
    escalate: (n) => service.escalate(n, { actor: 'luis' }),
    resolve: (n) => service.resolve(n, { actor: 'luis', resolution: 'fixed' }),
    close: (n) => service.close(n, { actor: 'luis', category: 'hardware' }),
    reopen: (n) => service.reopen(n, { actor: 'luis', reason: 'calls fail again' }),
    comment: (n) => service.comment(n, { actor: 'luis', text: 'customer called back' }),
  };
  // What each action does from each status: the status it leads to, or the refusal.
  const table: { action: string; from: IncidentStatus; to?: IncidentStatus; refused?: RegExp }[] = [
    { action: 'acknowledge', from: 'registered', to: 'diagnosing' },
    { action: 'acknowledge', from: 'diagnosing', refused: /already acknowledged/ },
    { action: 'acknowledge', from: 'resolved', refused: /it is resolved.*reopen it first/ },
    { action: 'acknowledge', from: 'closed', refused: /it is closed/ },
    { action: 'escalate', from: 'registered', to: 'registered' },
    { action: 'escalate', from: 'diagnosing', to: 'diagnosing' },
    { action: 'escalate', from: 'resolved', refused: /cannot escalate .* it is resolved/ },
    { action: 'escalate', from: 'closed', refused: /cannot escalate .* it is closed/ },
    { action: 'resolve', from: 'registered', to: 'resolved' },
    { action: 'resolve', from: 'diagnosing', to: 'resolved' },
    { action: 'resolve', from: 'resolved', refused: /cannot resolve .* it is resolved/ },
    { action: 'resolve', from: 'closed', refused: /cannot resolve .* it is closed/ },
    { action: 'close', from: 'registered', refused: /cannot close .* it is registered \(allowed from resolved\); resolve it first/ },
    { action: 'close', from: 'diagnosing', refused: /cannot close .* it is diagnosing .*resolve it first/ },
    { action: 'close', from: 'resolved', to: 'closed' },
    { action: 'close', from: 'closed', refused: /cannot close .* it is closed/ },
    { action: 'reopen', from: 'registered', refused: /cannot reopen .* it is registered/ },
    { action: 'reopen', from: 'diagnosing', refused: /cannot reopen .* it is diagnosing/ },
    { action: 'reopen', from: 'resolved', to: 'diagnosing' },
    { action: 'reopen', from: 'closed', refused: /stays closed; register a new one/ },
    { action: 'comment', from: 'registered', to: 'registered' },
    { action: 'comment', from: 'diagnosing', to: 'diagnosing' },
    { action: 'comment', from: 'resolved', to: 'resolved' },
    { action: 'comment', from: 'closed', to: 'closed' },
  ];

  it.each(table)('$action from $from', async ({ action, from, to, refused }) => {
    const before = await incidentIn(from);
    const entries = (await service.timeline(before.number)).length;
    clock.advance(10 * MINUTE);
    const act = ACTIONS[action] as Act;
    if (refused !== undefined) {
      await expectNocError(act(before.number), 'conflict', refused);
      expect(await service.get(before.number)).toEqual(before);
      expect(await service.timeline(before.number)).toHaveLength(entries);
      return;
    }
    await act(before.number);
    const after = await service.get(before.number);
    expect(after.status).toBe(to);
    expect(after.version).toBe(action === 'comment' ? before.version : before.version + 1);
    expect(await service.timeline(before.number)).toHaveLength(entries + 1);
    expect(await lastEntry(before.number)).toMatchObject({
      actor: 'luis',
      at: clock.now(),
      action: { acknowledge: 'acknowledged', escalate: 'escalated', resolve: 'resolved', close: 'closed', reopen: 'reopened', comment: 'comment' }[action],
    });
  });

  it('records the whole story on the timeline, each entry with its actor and time', async () => {
    const { number } = await service.register(manual());
    clock.advance(5 * MINUTE);
    await service.acknowledge(number, { actor: 'ana', note: 'looking' });
    clock.advance(5 * MINUTE);
    await service.escalate(number, { actor: 'ana', reason: 'needs the SBC vendor' });
    await service.comment(number, { actor: 'luis', text: 'vendor ticket 123' });
    clock.advance(HOUR);
    await service.resolve(number, { actor: 'luis', resolution: 'firmware rollback' });
    clock.advance(HOUR);
    await service.reopen(number, { actor: 'ana', reason: 'fails again' });
    await service.resolve(number, { actor: 'luis', resolution: 'replaced line card' });
    await service.close(number, { actor: 'ana', category: 'hardware', note: 'RMA open' });
    const timeline = (await service.timeline(number)).map(({ seq, at, actor, action, details }) => ({ seq, at: at - T0, actor, action, details }));
    expect(timeline).toEqual([
      { seq: 1, at: 0, actor: 'ana', action: 'registered', details: { title: 'calls to Bogotá fail', severity: 'S2', channel: 'phone' } },
      { seq: 2, at: 5 * MINUTE, actor: 'ana', action: 'acknowledged', details: { note: 'looking' } },
      { seq: 3, at: 10 * MINUTE, actor: 'ana', action: 'escalated', details: { from: 'L1', to: 'L2', reason: 'needs the SBC vendor' } },
      { seq: 4, at: 10 * MINUTE, actor: 'luis', action: 'comment', details: { text: 'vendor ticket 123' } },
      { seq: 5, at: 70 * MINUTE, actor: 'luis', action: 'resolved', details: { resolution: 'firmware rollback' } },
      { seq: 6, at: 130 * MINUTE, actor: 'ana', action: 'reopened', details: { reason: 'fails again' } },
      { seq: 7, at: 130 * MINUTE, actor: 'luis', action: 'resolved', details: { resolution: 'replaced line card' } },
      { seq: 8, at: 130 * MINUTE, actor: 'ana', action: 'closed', details: { category: 'hardware', note: 'RMA open' } },
    ]);
    expect(await service.get(number)).toMatchObject({
      status: 'closed',
      level: 'L2',
      acknowledgedAt: T0 + 5 * MINUTE,
      resolvedAt: T0 + 130 * MINUTE,
      closedAt: T0 + 130 * MINUTE,
      resolution: 'replaced line card',
      category: 'hardware',
    });
  });

  it('acknowledge: the first one stops the attention clock; later ones are refused', async () => {
    const { number } = await service.register(manual());
    clock.advance(20 * MINUTE);
    const acked = await service.acknowledge(number, { actor: 'ana' });
    expect(acked).toMatchObject({ status: 'diagnosing', acknowledgedAt: T0 + 20 * MINUTE });
    await expectNocError(service.acknowledge(number, { actor: 'luis' }), 'conflict', /already acknowledged at 2025-03-10T12:20:00.000Z/);
  });

  it('acknowledge: monitoring cannot stop the attention clock', async () => {
    const { number } = await service.register(manual());
    await expectNocError(service.acknowledge(number, { actor: 'monitoring' }), 'bad_request', /only when a person acknowledges/);
  });

  const escalations: { name: string; from: 'L1' | 'L2' | 'L3'; to?: 'L1' | 'L2' | 'L3'; expected?: string; refused?: RegExp }[] = [
    { name: 'L1 to the next level', from: 'L1', expected: 'L2' },
    { name: 'L2 to the next level', from: 'L2', expected: 'L3' },
    { name: 'L1 straight to L3', from: 'L1', to: 'L3', expected: 'L3' },
    { name: 'not beyond L3', from: 'L3', refused: /already at L3, the highest support level/ },
    { name: 'never down', from: 'L2', to: 'L1', refused: /already at L2: escalation only goes up, not to L1/ },
    { name: 'not to the same level', from: 'L2', to: 'L2', refused: /escalation only goes up/ },
  ];
  it.each(escalations)('escalate: $name', async ({ from, to, expected, refused }) => {
    const { number } = await service.register(manual({ level: from }));
    const escalation = service.escalate(number, { actor: 'ana', ...(to === undefined ? {} : { level: to }) });
    if (refused !== undefined) return expectNocError(escalation, 'conflict', refused);
    expect((await escalation).level).toBe(expected);
    expect(await lastEntry(number)).toMatchObject({ action: 'escalated', details: { from, to: expected } });
  });

  it('resolve: a person resolving an unacknowledged incident has attended it', async () => {
    const { number } = await service.register(manual());
    clock.advance(30 * MINUTE);
    const resolved = await service.resolve(number, { actor: 'ana', resolution: 'config pushed' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: T0 + 30 * MINUTE, acknowledgedAt: T0 + 30 * MINUTE, resolution: 'config pushed' });
  });

  it('reopen: back to diagnosing with resolution and resolvedAt cleared, acknowledgement kept', async () => {
    const resolved = await incidentIn('resolved');
    clock.advance(HOUR);
    const reopened = await service.reopen(resolved.number, { actor: 'ana' });
    expect(reopened.status).toBe('diagnosing');
    expect(reopened.acknowledgedAt).toBe(T0);
    expect(Object.keys(reopened)).not.toContain('resolvedAt');
    expect(Object.keys(reopened)).not.toContain('resolution');
  });

  const missing: { name: string; act: (number: string) => Promise<unknown>; message: RegExp }[] = [
    { name: 'close without a category', act: (n) => service.close(n, { actor: 'ana', category: '' }), message: /category is required to close/ },
    { name: 'close with a blank category', act: (n) => service.close(n, { actor: 'ana', category: '   ' }), message: /category is required/ },
    { name: 'resolve without a resolution', act: (n) => service.resolve(n, { actor: 'ana', resolution: '' }), message: /resolution is required/ },
    { name: 'an empty comment', act: (n) => service.comment(n, { actor: 'ana', text: ' ' }), message: /text is required/ },
  ];
  it.each(missing)('refuses $name with bad_request', async ({ act, message }) => {
    const resolved = await incidentIn('resolved');
    await expectNocError(act(resolved.number), 'bad_request', message);
    expect((await service.get(resolved.number)).status).toBe('resolved');
  });

  it.each(['acknowledge', 'escalate', 'resolve', 'close', 'reopen', 'comment'] as const)('%s of an unknown incident is not_found', async (action) => {
    const calls = {
      acknowledge: () => service.acknowledge('NOC-2025-000404', { actor: 'a' }),
      escalate: () => service.escalate('NOC-2025-000404', { actor: 'a' }),
      resolve: () => service.resolve('NOC-2025-000404', { actor: 'a', resolution: 'x' }),
      close: () => service.close('NOC-2025-000404', { actor: 'a', category: 'x' }),
      reopen: () => service.reopen('NOC-2025-000404', { actor: 'a' }),
      comment: () => service.comment('NOC-2025-000404', { actor: 'a', text: 'x' }),
    };
    await expectNocError(calls[action](), 'not_found', /no incident NOC-2025-000404/);
  });

  it('honours a caller-given version: a stale one is a conflict, the current one goes through', async () => {
    const { number } = await service.register(manual());
    await service.comment(number, { actor: 'luis', text: 'does not bump the version' });
    await service.escalate(number, { actor: 'luis' });
    await expectNocError(service.acknowledge(number, { actor: 'ana', version: 1 }), 'conflict', /changed since version 1 \(now 2\)/);
    expect((await service.acknowledge(number, { actor: 'ana', version: 2 })).version).toBe(3);
  });

  it('absorbs a concurrent write between its read and its update, and checks the fresh state', async () => {
    const { number } = await service.register(manual());
    let interfere = true;
    const racy: IncidentStore = {
      ...bind(store),
      update: async (n, patch, change, expected) => {
        if (interfere) {
          interfere = false;
          await store.update(n, { level: 'L2' }, { at: clock.now(), actor: 'luis', action: 'escalated' });
        }
        return store.update(n, patch, change, expected);
      },
    };
    const racing = new IncidentService(racy, () => settings, clock, silentLogger);
    const acked = await racing.acknowledge(number, { actor: 'ana' });
    expect(acked).toMatchObject({ status: 'diagnosing', level: 'L2', version: 3 });
    expect((await service.timeline(number)).map((entry) => entry.action)).toEqual(['registered', 'escalated', 'acknowledged']);
  });
});

/** The store's methods bound to it, so a test can override one. */
function bind(target: IncidentStore): IncidentStore {
  return {
    create: target.create.bind(target),
    get: target.get.bind(target),
    list: target.list.bind(target),
    findOpenByFingerprint: target.findOpenByFingerprint.bind(target),
    update: target.update.bind(target),
    appendTimeline: target.appendTimeline.bind(target),
    timeline: target.timeline.bind(target),
  };
}

describe('IncidentService: registration, severity and SLA deadlines', () => {
  const contract: { severity: Severity; attention: number; solution: number }[] = [
    { severity: 'S1', attention: HOUR, solution: 3 * HOUR },
    { severity: 'S2', attention: 1.5 * HOUR, solution: 4 * HOUR },
    { severity: 'S3', attention: 2 * HOUR, solution: 4 * HOUR },
    { severity: 'S4', attention: 2 * HOUR, solution: 4 * HOUR },
  ];
  it.each(contract)('a $severity incident is due for attention and solution per the contract (24x7)', async ({ severity, attention, solution }) => {
    const incident = await service.register(manual({ severity }));
    expect(incident).toMatchObject({ attentionDue: T0 + attention, solutionDue: T0 + solution });
    const monitored = await service.openOrJoin(alert({ fingerprint: `fp-${severity}`, severity }));
    expect(monitored.incident).toMatchObject({ severity, attentionDue: T0 + attention, solutionDue: T0 + solution });
  });

  it("counts a severity's calendar hours when the config gives it one", async () => {
    settings = settingsWith({
      sla: { timezone: 'America/Mexico_City', calendars: { office: { mon: '08:00-18:00' } }, severities: { S4: { calendar: 'office' } } },
    });
    // Registered at 06:00 local: the clock starts at 08:00 (14:00Z).
    const incident = await service.register(manual({ severity: 'S4' }));
    expect(incident).toMatchObject({ attentionDue: Date.UTC(2025, 2, 10, 16), solutionDue: Date.UTC(2025, 2, 10, 18) });
  });

  it('registers with the channel, the registering person, customer data and the configured prefix', async () => {
    settings = settingsWith({ incidents: { prefix: 'CARR' } });
    const incident = await service.register(
      manual({ channel: 'whatsapp', customer: { name: 'Carrier X', phone: '+52 55 0000 0000', email: '' }, affectedTargets: ['sbc-2'], description: 'no audio' }),
    );
    expect(incident).toMatchObject({
      number: 'CARR-2025-000001',
      status: 'registered',
      level: 'L1',
      channel: 'whatsapp',
      registeredBy: 'ana',
      customer: { name: 'Carrier X', phone: '+52 55 0000 0000' },
      affectedTargets: ['sbc-2'],
      affectedUsers: 700,
      occurredAt: T0,
      registeredAt: T0,
      description: 'no audio',
    });
    expect(incident.customer).not.toHaveProperty('email');
  });

  it.each([
    [{ interruption: 'total', affectedUsers: 1500 }, 'S1'],
    [{ interruption: 'partial', affectedUsers: 1500 }, 'S2'],
    [{ interruption: 'degraded', affectedUsers: 1500 }, 'S3'],
    [{ interruption: 'total', affectedTargets: ['sbc-1', 'sbc-2'] }, 'S1'],
    [{ interruption: 'total', affectedTargets: ['sbc-1'] }, 'S2'],
    [{ interruption: 'total', affectedUsers: 5000, severity: 'S4' }, 'S4'],
  ] as [Partial<ManualIncidentInput>, Severity][])('derives the severity from the matrix when none is given: %j → %s', async (input, severity) => {
    const { severity: _given, ...rest } = manual();
    expect((await service.register({ ...rest, ...input })).severity).toBe(severity);
  });

  it('follows sla.severity_matrix from the config', async () => {
    settings = settingsWith({ sla: { severity_matrix: { total: { S1: 100_000, S2: 1000 } } } });
    const { severity: _given, ...rest } = manual();
    expect((await service.register({ ...rest, interruption: 'total', affectedUsers: 1500 })).severity).toBe('S2');
  });

  it.each([
    ['no severity and no interruption', { severity: undefined }, /give a severity/],
    ["the monitoring channel", { channel: 'monitoring' }, /reserved for incidents the alerter opens/],
    ['a blank title', { title: '  ' }, /title is required/],
  ] as [string, Partial<ManualIncidentInput>, RegExp][])('refuses to register with %s', async (_name, input, message) => {
    await expectNocError(service.register(manual(input)), 'bad_request', message);
    expect(await service.list()).toEqual([]);
  });
});

describe('IncidentService: monitoring incidents', () => {
  const FP = 'target-down|target=sbc-1';

  it('opens a monitoring incident for a new fingerprint and joins later alerts to it', async () => {
    const opened = await service.openOrJoin(alert());
    expect(opened.action).toBe('opened');
    expect(opened.incident).toMatchObject({
      number: 'NOC-2025-000001',
      channel: 'monitoring',
      registeredBy: 'monitoring',
      fingerprint: FP,
      status: 'registered',
      severity: 'S3',
      affectedTargets: ['sbc-1'],
      affectedUsers: 600,
      occurredAt: T0 - MINUTE,
      registeredAt: T0,
    });
    clock.advance(MINUTE);
    const joined = await service.openOrJoin(alert({ alertLabels: { alertname: 'target-down', target: 'sbc-1', probe: 'tcp' } }));
    expect(joined.action).toBe('joined');
    expect(joined.incident.number).toBe(opened.incident.number);
    expect(joined.incident.version).toBe(1);
    expect((await service.timeline(opened.incident.number)).map(({ action, actor, details }) => ({ action, actor, details }))).toEqual([
      { action: 'registered', actor: 'monitoring', details: { title: 'sbc-1 is down', severity: 'S3', channel: 'monitoring' } },
      { action: 'alert_joined', actor: 'monitoring', details: { alert: { alertname: 'target-down', target: 'sbc-1', probe: 'sip' } } },
      { action: 'alert_joined', actor: 'monitoring', details: { alert: { alertname: 'target-down', target: 'sbc-1', probe: 'tcp' } } },
    ]);
    const other = await service.openOrJoin(alert({ fingerprint: 'target-down|target=sbc-2' }));
    expect(other).toMatchObject({ action: 'opened', incident: { number: 'NOC-2025-000002' } });
  });

  it('raises the severity when a joining alert is more severe, bringing deadlines forward from then', async () => {
    const { incident } = await service.openOrJoin(alert({ severity: 'S3' }));
    clock.advance(30 * MINUTE);
    const raised = (await service.openOrJoin(alert({ severity: 'S1' }))).incident;
    // S3 from T0 was due T0+2h / T0+4h; S1 from T0+30m is due T0+1h30m / T0+3h30m.
    expect(raised).toMatchObject({ severity: 'S1', attentionDue: T0 + 1.5 * HOUR, solutionDue: T0 + 3.5 * HOUR });
    expect(await lastEntry(incident.number)).toMatchObject({
      action: 'alert_joined',
      details: {
        severity: { from: 'S3', to: 'S1' },
        attentionDue: { from: T0 + 2 * HOUR, to: T0 + 1.5 * HOUR },
        solutionDue: { from: T0 + 4 * HOUR, to: T0 + 3.5 * HOUR },
      },
    });
  });

  it('keeps a deadline that is already earlier than the raised severity would give', async () => {
    await service.openOrJoin(alert({ severity: 'S2' }));
    clock.advance(HOUR);
    const raised = (await service.openOrJoin(alert({ severity: 'S1' }))).incident;
    // S2 from T0: attention T0+1.5h, solution T0+4h; S1 from T0+1h: T0+2h, T0+4h. The earlier wins.
    expect(raised).toMatchObject({ severity: 'S1', attentionDue: T0 + 1.5 * HOUR, solutionDue: T0 + 4 * HOUR });
  });

  it('does not move the attention deadline of an acknowledged incident', async () => {
    const { incident } = await service.openOrJoin(alert({ severity: 'S4' }));
    await service.acknowledge(incident.number, { actor: 'ana' });
    const raised = (await service.openOrJoin(alert({ severity: 'S1' }))).incident;
    expect(raised).toMatchObject({ severity: 'S1', attentionDue: T0 + 2 * HOUR, solutionDue: T0 + 3 * HOUR });
  });

  it('raises the severity upward only when more users are affected, never lowers it', async () => {
    const opened = await service.openOrJoin(alert({ severity: 'S4', interruption: 'total', affectedUsers: 50 }));
    // 600 users of sbc-1 (config) outweigh the 50 reported: total interruption of 600 users is S2.
    expect(opened.incident).toMatchObject({ severity: 'S2', affectedUsers: 600 });
    const wider = await service.openOrJoin(
      alert({ severity: 'S4', interruption: 'total', affectedTargets: ['sbc-2'], alertLabels: { target: 'sbc-2' } }),
    );
    expect(wider.incident).toMatchObject({ severity: 'S1', affectedUsers: 1300, affectedTargets: ['sbc-1', 'sbc-2'] });
    expect(await lastEntry(opened.incident.number)).toMatchObject({
      details: { addedTargets: ['sbc-2'], affectedUsers: { from: 600, to: 1300 }, severity: { from: 'S2', to: 'S1' } },
    });
    const milder = await service.openOrJoin(alert({ severity: 'S4', interruption: 'degraded', affectedUsers: 10, affectedTargets: [] }));
    expect(milder.incident).toMatchObject({ severity: 'S1', affectedUsers: 1300, version: wider.incident.version });
  });

  it('records alerts that leave, on the open or the resolved incident', async () => {
    const { incident } = await service.openOrJoin(alert());
    clock.advance(MINUTE);
    expect(await service.alertLeft(FP, { target: 'sbc-1', probe: 'sip' })).toMatchObject({ number: incident.number });
    await service.recovered(FP);
    await service.alertLeft(FP, { target: 'sbc-1', probe: 'tcp' });
    expect((await service.timeline(incident.number)).slice(-3).map(({ action, details }) => [action, details])).toEqual([
      ['alert_left', { alert: { target: 'sbc-1', probe: 'sip' } }],
      ['resolved', { resolution: 'recovered' }],
      ['alert_left', { alert: { target: 'sbc-1', probe: 'tcp' } }],
    ]);
    expect(await service.alertLeft('no-such-fingerprint', {})).toBeUndefined();
  });

  it('resolves on recovery, by monitoring, without acknowledging', async () => {
    const { incident } = await service.openOrJoin(alert());
    clock.advance(20 * MINUTE);
    const resolved = await service.recovered(FP);
    expect(resolved).toMatchObject({ number: incident.number, status: 'resolved', resolvedAt: T0 + 20 * MINUTE, resolution: 'recovered' });
    expect(resolved?.acknowledgedAt).toBeUndefined();
    expect(await lastEntry(incident.number)).toMatchObject({ actor: 'monitoring', action: 'resolved' });
    expect(await service.recovered(FP)).toBeUndefined();
    expect(await service.recovered('no-such-fingerprint')).toBeUndefined();
  });

  it.each([
    ['nobody acknowledged it', false, 'registered'],
    ['it had been acknowledged', true, 'diagnosing'],
  ] as const)('reopens a recovered incident when its alert fires again before close (%s)', async (_name, acked, status) => {
    const { incident } = await service.openOrJoin(alert());
    if (acked) await service.acknowledge(incident.number, { actor: 'ana' });
    await service.recovered(FP);
    clock.advance(10 * MINUTE);
    const again = await service.openOrJoin(alert());
    expect(again.action).toBe('reopened');
    expect(again.incident).toMatchObject({ number: incident.number, status });
    expect(again.incident.resolvedAt).toBeUndefined();
    expect((await service.timeline(incident.number)).slice(-2).map(({ action, actor }) => [action, actor])).toEqual([
      ['reopened', 'monitoring'],
      ['alert_joined', 'monitoring'],
    ]);
  });

  it('opens a new incident when the alert fires again after close', async () => {
    const { incident } = await service.openOrJoin(alert());
    await service.recovered(FP);
    await service.close(incident.number, { actor: 'ana', category: 'power' });
    const again = await service.openOrJoin(alert());
    expect(again).toMatchObject({ action: 'opened', incident: { number: 'NOC-2025-000002', status: 'registered' } });
  });

  it('lets an operator close a recovered monitoring incident, with a category', async () => {
    const { incident } = await service.openOrJoin(alert());
    await expectNocError(service.close(incident.number, { actor: 'ana', category: 'power' }), 'conflict', /resolve it first/);
    await service.recovered(FP);
    await expectNocError(service.close(incident.number, { actor: 'ana', category: '' }), 'bad_request', /category is required/);
    const closed = await service.close(incident.number, { actor: 'ana', category: 'power' });
    expect(closed).toMatchObject({ status: 'closed', category: 'power', closedAt: T0 });
  });

  describe('autoCloseQuiet', () => {
    it('never closes anything while incidents.auto_close_after is absent or 0', async () => {
      await service.openOrJoin(alert());
      await service.recovered(FP);
      clock.advance(365 * 24 * HOUR);
      expect(await service.autoCloseQuiet()).toEqual([]);
      settings = settingsWith({ incidents: { auto_close_after: 0 } });
      expect(await service.autoCloseQuiet()).toEqual([]);
    });

    it('closes incidents monitoring resolved at least the quiet period ago, with category auto-recovered', async () => {
      settings = settingsWith({ incidents: { auto_close_after: '1h' } });
      const early = (await service.openOrJoin(alert())).incident;
      await service.recovered(FP);
      clock.advance(30 * MINUTE);
      const late = (await service.openOrJoin(alert({ fingerprint: 'fp-late' }))).incident;
      await service.recovered('fp-late');
      const byPerson = await incidentIn('resolved');
      const stillOpen = (await service.openOrJoin(alert({ fingerprint: 'fp-open' }))).incident;

      clock.advance(29 * MINUTE);
      expect(await service.autoCloseQuiet()).toEqual([]);
      clock.advance(MINUTE);
      const closed = await service.autoCloseQuiet();
      expect(closed.map((incident) => incident.number)).toEqual([early.number]);
      expect(closed[0]).toMatchObject({ status: 'closed', category: 'auto-recovered', closedAt: T0 + HOUR });
      expect(await lastEntry(early.number)).toMatchObject({ actor: 'monitoring', action: 'closed', details: { category: 'auto-recovered', quietForMs: HOUR } });

      clock.advance(10 * HOUR);
      expect((await service.autoCloseQuiet()).map((incident) => incident.number)).toEqual([late.number]);
      expect((await service.get(byPerson.number)).status).toBe('resolved');
      expect((await service.get(stillOpen.number)).status).toBe('registered');
    });

    it('waits again after a reopen: the quiet period counts from the last recovery', async () => {
      settings = settingsWith({ incidents: { auto_close_after: '1h' } });
      const { incident } = await service.openOrJoin(alert());
      await service.recovered(FP);
      clock.advance(50 * MINUTE);
      await service.openOrJoin(alert());
      await service.recovered(FP);
      clock.advance(50 * MINUTE);
      expect(await service.autoCloseQuiet()).toEqual([]);
      clock.advance(10 * MINUTE);
      expect((await service.autoCloseQuiet()).map((closed) => closed.number)).toEqual([incident.number]);
    });
  });
});
