import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Incident,
  type IncidentFilter,
  type Labels,
  ManualClock,
  MemoryNotificationGroupStore,
  silentLogger,
} from '../../core/index.js';
import { type LevelReceiver, RouteConfig } from '../../config/index.js';
import type { AlertSummary, IncidentNotification, OutgoingMessage } from '../notifiers/notification.js';
import type { MuteSnapshot } from '../silences/muting.js';
import { NotificationDispatcher } from './notification-dispatcher.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

interface Queued {
  readonly channel: string;
  readonly message: OutgoingMessage;
}

class FakeOutbox {
  readonly queued: Queued[] = [];
  private readonly keys = new Set<string>();

  async enqueue(message: { channel: string; idempotencyKey: string; payload: Readonly<Record<string, unknown>>; createdAt: number }) {
    if (!this.keys.has(message.idempotencyKey)) {
      this.keys.add(message.idempotencyKey);
      this.queued.push({ channel: message.channel, message: message.payload as unknown as OutgoingMessage });
    }
    return { ...message, id: this.queued.length, status: 'pending' as const, attempts: 0, nextAttemptAt: message.createdAt };
  }

  /** Events and channels queued since the last call. */
  take(): string[] {
    const taken = this.queued.splice(0).map((q) => `${(q.message.notification as IncidentNotification).event}>${q.channel}${q.message.to ? `:${q.message.to.join(',')}` : ''}`);
    return taken;
  }
}

class FakeIncidents {
  readonly byNumber = new Map<string, Incident>();

  async list(filter: IncidentFilter = {}): Promise<Incident[]> {
    return [...this.byNumber.values()].filter((incident) => filter.status?.includes(incident.status) ?? true);
  }

  async get(number: string): Promise<Incident | undefined> {
    return this.byNumber.get(number);
  }

  put(number: string, patch: Partial<Incident> = {}): Incident {
    const incident: Incident = {
      number,
      title: 'sbc-mx-1 down',
      description: '',
      severity: 'S2',
      status: 'registered',
      level: 'L1',
      channel: 'monitoring',
      registeredBy: 'alerter',
      affectedTargets: ['sbc-mx-1'],
      affectedUsers: 1000,
      labels: { target: 'sbc-mx-1' },
      occurredAt: T0,
      registeredAt: T0,
      attentionDue: T0 + 90 * MINUTE,
      solutionDue: T0 + 240 * MINUTE,
      version: 1,
      ...this.byNumber.get(number),
      ...patch,
    };
    this.byNumber.set(number, incident);
    return incident;
  }
}

function firing(labels: Labels, since = T0): AlertSummary {
  return { labels: { alertname: 'target_down', ...labels }, annotations: {}, state: 'firing', since };
}

describe('NotificationDispatcher', () => {
  let clock: ManualClock;
  let outbox: FakeOutbox;
  let incidents: FakeIncidents;
  let groups: MemoryNotificationGroupStore;
  let alerts: Map<string, AlertSummary[]>;
  let routes: RouteConfig[];
  let ruleChannels: Map<string, LevelReceiver[]>;
  let businessHours: boolean;
  let muted: ((labels: Labels) => boolean) | undefined;
  let onCall: string;
  let wakes: number;

  function dispatcher(): NotificationDispatcher {
    return new NotificationDispatcher({
      incidents,
      alertsOf: (number) => alerts.get(number) ?? [],
      outbox,
      groups,
      settings: () => ({ routes, ruleChannels, dashboardUrl: 'https://noc.example.net/' }),
      resolveReceiver: (receiver) =>
        typeof receiver === 'string' ? { channel: receiver } : receiver.on_call === 'nobody' ? undefined : { channel: receiver.channel, to: [onCall] },
      businessHours: () => businessHours,
      mute: async (at): Promise<MuteSnapshot> => ({ at, check: (labels) => ({ muted: muted?.(labels) ?? false, silencedBy: [], maintenance: [] }) }),
      wake: () => wakes++,
      clock,
      log: silentLogger,
    });
  }

  function route(config: Record<string, unknown>): RouteConfig {
    return RouteConfig.parse({ group_wait: '30s', group_interval: '5m', repeat_interval: '1h', ...config });
  }

  beforeEach(() => {
    clock = new ManualClock(T0);
    outbox = new FakeOutbox();
    incidents = new FakeIncidents();
    groups = new MemoryNotificationGroupStore();
    alerts = new Map();
    routes = [route({ channels: { L1: ['noc-mail'], L2: ['l2-hook'], L3: ['l3-mail'] } })];
    ruleChannels = new Map();
    businessHours = true;
    muted = undefined;
    onCall = 'ana@example.net';
    wakes = 0;
  });

  it('waits group_wait, then sends one digest with every alert that joined meanwhile', async () => {
    const d = dispatcher();
    incidents.put('NOC-2026-000001', { labels: { site: 'mx' } });
    alerts.set('NOC-2026-000001', [firing({ target: 'sbc-1', site: 'mx' })]);
    await d.tick(T0);
    await d.tick(T0 + 20 * SECOND);
    expect(outbox.take()).toEqual([]);
    alerts.set('NOC-2026-000001', [firing({ target: 'sbc-1', site: 'mx' }), firing({ target: 'sbc-2', site: 'mx' }, T0 + 25 * SECOND)]);
    await d.tick(T0 + 30 * SECOND);
    const [sent] = outbox.queued;
    expect(outbox.take()).toEqual(['opened>noc-mail']);
    const notice = sent?.message.notification as IncidentNotification;
    expect(notice.alerts.map((a) => a.labels.target)).toEqual(['sbc-1', 'sbc-2']);
    expect(notice.url).toBe('https://noc.example.net/api/v1/incidents/NOC-2026-000001');
    expect(sent?.message.idempotencyKey).toBe('incident/NOC-2026-000001/route-1/1/L1/noc-mail');
    expect(wakes).toBe(1);
  });

  it('sends an update when alerts change, but not before group_interval', async () => {
    const d = dispatcher();
    incidents.put('N1');
    alerts.set('N1', [firing({ target: 'sbc-1' })]);
    await d.tick(T0 + 30 * SECOND);
    expect(outbox.take()).toEqual(['opened>noc-mail']);
    alerts.set('N1', [firing({ target: 'sbc-1' }), firing({ target: 'sbc-2' })]);
    await d.tick(T0 + 2 * MINUTE);
    expect(outbox.take()).toEqual([]);
    await d.tick(T0 + 30 * SECOND + 5 * MINUTE);
    expect(outbox.take()).toEqual(['updated>noc-mail']);
    await d.tick(T0 + 12 * MINUTE);
    expect(outbox.take()).toEqual([]);
  });

  it('repeats while unacknowledged, and stops repeating once someone acknowledges', async () => {
    const d = dispatcher();
    incidents.put('N1');
    await d.tick(T0 + 30 * SECOND);
    outbox.take();
    await d.tick(T0 + 30 * SECOND + 59 * MINUTE);
    expect(outbox.take()).toEqual([]);
    await d.tick(T0 + 30 * SECOND + 60 * MINUTE);
    expect(outbox.take()).toEqual(['repeat>noc-mail']);
    incidents.put('N1', { status: 'diagnosing', acknowledgedAt: T0 + 61 * MINUTE });
    await d.tick(T0 + 2 * 60 * MINUTE);
    expect(outbox.take()).toEqual(['updated>noc-mail']);
    await d.tick(T0 + 5 * 60 * MINUTE);
    expect(outbox.take()).toEqual([]);
  });

  it('tells the new level at once on escalation, and everyone told so far afterwards', async () => {
    const d = dispatcher();
    incidents.put('N1');
    await d.tick(T0 + 30 * SECOND);
    outbox.take();
    incidents.put('N1', { level: 'L3' });
    await d.tick(T0 + 31 * SECOND);
    expect(outbox.take()).toEqual(['escalated>l2-hook', 'escalated>l3-mail']);
    incidents.put('N1', { status: 'resolved', resolvedAt: T0 + 10 * MINUTE });
    await d.tick(T0 + 10 * MINUTE);
    expect(outbox.take()).toEqual(['resolved>noc-mail', 'resolved>l2-hook', 'resolved>l3-mail']);
    await d.tick(T0 + 20 * MINUTE);
    expect(outbox.take()).toEqual([]);
  });

  it('sends an incident opened at L2 (an S1 skipping ahead) to both levels', async () => {
    const d = dispatcher();
    incidents.put('N1', { severity: 'S1', level: 'L2' });
    await d.tick(T0 + 30 * SECOND);
    expect(outbox.take()).toEqual(['opened>noc-mail', 'opened>l2-hook']);
  });

  it('says nothing of an incident that cleared within group_wait', async () => {
    const d = dispatcher();
    incidents.put('N1');
    await d.tick(T0);
    incidents.put('N1', { status: 'resolved' });
    await d.tick(T0 + MINUTE);
    incidents.put('N1', { status: 'closed', category: 'auto-recovered' });
    await d.tick(T0 + 2 * MINUTE);
    expect(outbox.take()).toEqual([]);
    expect(await groups.loadAll()).toEqual([]);
  });

  it('honours send_resolved: false and send_closed: true, then forgets the incident', async () => {
    routes = [route({ channels: ['noc-mail'], send_resolved: false, send_closed: true })];
    const d = dispatcher();
    incidents.put('N1');
    await d.tick(T0 + 30 * SECOND);
    incidents.put('N1', { status: 'resolved' });
    await d.tick(T0 + 10 * MINUTE);
    expect(outbox.take()).toEqual(['opened>noc-mail']);
    incidents.put('N1', { status: 'closed', category: 'hardware' });
    await d.tick(T0 + 11 * MINUTE);
    expect(outbox.take()).toEqual(['closed>noc-mail']);
    expect(await groups.loadAll()).toEqual([]);
  });

  it('keeps muted incidents quiet and sends once the silence ends', async () => {
    muted = (labels) => labels.target === 'sbc-mx-1';
    const d = dispatcher();
    incidents.put('N1');
    await d.tick(T0 + MINUTE);
    expect(outbox.take()).toEqual([]);
    muted = undefined;
    await d.tick(T0 + 2 * MINUTE);
    expect(outbox.take()).toEqual(['opened>noc-mail']);
  });

  it('takes the first matching route unless it says continue, matching severity and shared alert labels', async () => {
    routes = [
      route({ match: { role: 'database' }, channels: ['dba-mail'], continue: true }),
      route({ match: { severity: 'S1' }, channels: ['pager'] }),
      route({ channels: ['noc-mail'] }),
    ];
    const d = dispatcher();
    incidents.put('DB', { labels: { site: 'mx' } });
    alerts.set('DB', [firing({ role: 'database', target: 'db-1' }), firing({ role: 'database', target: 'db-2' })]);
    incidents.put('CORE', { severity: 'S1', labels: {} });
    alerts.set('CORE', [firing({ role: 'core', target: 'core-1' }), firing({ role: 'sbc', target: 'sbc-1' })]);
    await d.tick(T0 + 30 * SECOND);
    expect(outbox.take().sort()).toEqual(['opened>dba-mail', 'opened>noc-mail', 'opened>pager']);
  });

  it('routes by business hours; an incident still open when the desk closes reaches the after-hours receivers too', async () => {
    routes = [route({ when: 'business_hours', channels: ['desk'] }), route({ when: 'after_hours', channels: ['on-call-phone'] })];
    const d = dispatcher();
    incidents.put('DAY');
    await d.tick(T0 + 30 * SECOND);
    expect(outbox.take()).toEqual(['opened>desk']);
    businessHours = false;
    incidents.put('NIGHT', { registeredAt: T0 + MINUTE });
    await d.tick(T0 + 2 * MINUTE);
    expect(outbox.take()).toEqual(['opened>on-call-phone', 'opened>on-call-phone']);
  });

  it("sends an incident whose alerts all come from a rule with its own channels there instead of the routes", async () => {
    ruleChannels.set('backup_late', ['dba-mail']);
    const d = dispatcher();
    incidents.put('N1');
    alerts.set('N1', [firing({ alertname: 'backup_late', target: 'db-1' })]);
    await d.tick(T0 + 30 * SECOND);
    expect(outbox.take()).toEqual(['opened>dba-mail']);
  });

  it('sends to whoever is on call, through the named channel', async () => {
    routes = [route({ channels: { L1: [{ channel: 'noc-mail', on_call: 'l1-rota' }, { channel: 'noc-mail', on_call: 'nobody' }] } })];
    const d = dispatcher();
    incidents.put('N1');
    await d.tick(T0 + 30 * SECOND);
    expect(outbox.take()).toEqual(['opened>noc-mail:ana@example.net']);
  });

  it('neither repeats nor forgets across a restart', async () => {
    incidents.put('N1');
    await dispatcher().tick(T0 + 30 * SECOND);
    expect(outbox.take()).toEqual(['opened>noc-mail']);
    const restarted = dispatcher();
    await restarted.tick(T0 + 40 * SECOND);
    expect(outbox.take()).toEqual([]);
    incidents.put('N1', { status: 'resolved' });
    await restarted.tick(T0 + 10 * MINUTE);
    expect(outbox.take()).toEqual(['resolved>noc-mail']);
  });

  it('reuses the idempotency key when a decision is repeated after a crash before it was saved', async () => {
    incidents.put('N1');
    const failing = new MemoryNotificationGroupStore();
    let saves = 0;
    failing.save = async () => {
      saves++;
      throw new Error('disk full');
    };
    groups = failing;
    await dispatcher().tick(T0 + 30 * SECOND);
    expect(saves).toBeGreaterThan(0);
    groups = new MemoryNotificationGroupStore();
    await dispatcher().tick(T0 + 31 * SECOND);
    expect(outbox.take()).toEqual(['opened>noc-mail']);
  });
});
