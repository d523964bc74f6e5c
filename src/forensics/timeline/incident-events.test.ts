import { describe, expect, it } from 'vitest';
import type { TimelineChange } from '../../core/index.js';
import { incidentEvents } from './incident-events.js';
import { FakeIncidentStore, testIncident } from './testing/fake-incident-store.js';

const M = 60_000;
const FROM = Date.UTC(2026, 0, 1, 12);
const TO = FROM + 60 * M;
const DAY = 86_400_000;

const change = (at: number, action: string, details: Record<string, unknown> = {}, actor = 'monitoring'): TimelineChange => ({ at, actor, action, details });

describe('incidentEvents', () => {
  it('reports an incident open at from as ongoing, and only its entries inside the window', async () => {
    const store = new FakeIncidentStore().add(testIncident('NOC-2026-000001', FROM - 30 * M, { status: 'diagnosing', affectedTargets: ['sbc-1'] }), [
      change(FROM - 30 * M, 'registered'),
      change(FROM - 20 * M, 'acknowledged', {}, 'ana'),
      change(FROM, 'escalated', { from: 'L1', to: 'L2' }, 'ana'),
      change(TO, 'comment', { text: 'looking' }, 'ana'),
      change(TO + 1, 'resolved', {}, 'ana'),
    ]);
    const { events } = await incidentEvents(store, { from: FROM, to: TO }, DAY, undefined);
    expect(events.map((e) => [e.at - FROM, e.kind, e.title])).toEqual([
      [0, 'incident_ongoing', 'NOC-2026-000001 ongoing since 2026-01-01T11:30:00.000Z: incident NOC-2026-000001'],
      [0, 'incident_escalated', 'NOC-2026-000001 escalated L1 → L2 by ana'],
      [60 * M, 'incident_comment', 'ana commented on NOC-2026-000001'],
    ]);
    expect(events[1]).toMatchObject({ incident: 'NOC-2026-000001', severity: 'S2', target: 'sbc-1', details: { action: 'escalated', actor: 'ana', from: 'L1', to: 'L2', seq: 3 } });
  });

  const cases: { name: string; registeredAt: number; changes: TimelineChange[]; closedAt?: number; want: string[] }[] = [
    { name: 'registered inside the window: opened, not ongoing', registeredAt: FROM + M, changes: [change(FROM + M, 'registered')], want: ['incident_opened'] },
    { name: 'registered exactly at from: opened', registeredAt: FROM, changes: [change(FROM, 'registered')], want: ['incident_opened'] },
    { name: 'registered after to: nothing', registeredAt: TO + 1, changes: [change(TO + 1, 'registered')], want: [] },
    { name: 'closed before the window: nothing', registeredAt: FROM - 90 * M, closedAt: FROM - 1, changes: [change(FROM - 90 * M, 'registered'), change(FROM - 50 * M, 'resolved'), change(FROM - 1, 'closed')], want: [] },
    {
      name: 'resolved before from, closed inside: no ongoing, the close',
      registeredAt: FROM - 90 * M,
      closedAt: FROM + M,
      changes: [change(FROM - 90 * M, 'registered'), change(FROM - 50 * M, 'resolved'), change(FROM + M, 'closed', { category: 'network' })],
      want: ['incident_closed'],
    },
    {
      name: 'reopened before from: ongoing',
      registeredAt: FROM - 90 * M,
      changes: [change(FROM - 90 * M, 'registered'), change(FROM - 50 * M, 'resolved'), change(FROM - 40 * M, 'reopened')],
      want: ['incident_ongoing'],
    },
    {
      name: 'each action has its kind; unknown ones are notes',
      registeredAt: FROM + 1,
      changes: [
        change(FROM + 1, 'registered'),
        change(FROM + 2, 'alert_joined', { alert: { alertname: 'Down', target: 'db-1' } }),
        change(FROM + 3, 'notification_sent', { channel: 'desk' }, 'notifications'),
        change(FROM + 4, 'notification_failed', { channel: 'desk' }, 'notifications'),
        change(FROM + 5, 'notification_dead', { channel: 'desk' }, 'notifications'),
        change(FROM + 6, 'acknowledged', {}, 'ana'),
        change(FROM + 7, 'alert_flapping', { alert: { alertname: 'Down' } }),
        change(FROM + 8, 'alert_left', { alert: { alertname: 'Down', target: 'db-1' } }),
        change(FROM + 9, 'resolved'),
        change(FROM + 10, 'reopened', { reason: 'alert fired again' }),
      ],
      want: [
        'incident_opened',
        'incident_alert_joined',
        'incident_notification_sent',
        'incident_notification_failed',
        'incident_notification_failed',
        'incident_acknowledged',
        'incident_note',
        'incident_alert_left',
        'incident_resolved',
        'incident_reopened',
      ],
    },
  ];
  it.each(cases)('$name', async ({ registeredAt, changes, closedAt, want }) => {
    const store = new FakeIncidentStore().add(testIncident('NOC-2026-000002', registeredAt, closedAt === undefined ? {} : { status: 'closed', closedAt }), changes);
    const { events } = await incidentEvents(store, { from: FROM, to: TO }, DAY, undefined);
    expect(events.map((e) => e.kind)).toEqual(want);
  });

  it('writes readable titles for alerts and notifications', async () => {
    const store = new FakeIncidentStore().add(testIncident('NOC-2026-000003', FROM), [
      change(FROM, 'registered'),
      change(FROM, 'alert_joined', { alert: { alertname: 'Down', target: 'db-1' } }),
      change(FROM + 1, 'notification_dead', { channel: 'desk' }, 'notifications'),
      change(FROM + 2, 'alert_flapping', { alert: { alertname: 'Down' } }),
    ]);
    const { events } = await incidentEvents(store, { from: FROM, to: TO }, DAY, undefined);
    expect(events.map((e) => e.title)).toEqual([
      'NOC-2026-000003 opened: incident NOC-2026-000003',
      'Down on db-1 joined NOC-2026-000003',
      'NOC-2026-000003: notification via desk given up',
      'NOC-2026-000003: alert flapping',
    ]);
    expect(events[1]?.target).toBe('db-1');
  });

  it('finds old open incidents and recent closed ones, and keeps only filtered targets', async () => {
    const store = new FakeIncidentStore()
      .add(testIncident('NOC-2025-000001', FROM - 90 * DAY, { affectedTargets: ['a'] }), [change(FROM - 90 * DAY, 'registered'), change(FROM + M, 'comment', {}, 'ana')])
      .add(testIncident('NOC-2026-000004', FROM - 2 * DAY, { status: 'closed', closedAt: FROM + 2 * M, affectedTargets: ['b'] }), [change(FROM - 2 * DAY, 'registered'), change(FROM + 2 * M, 'closed')])
      .add(testIncident('NOC-2026-000005', FROM + 3 * M, { affectedTargets: ['c', 'a'] }), [change(FROM + 3 * M, 'registered')]);
    const all = await incidentEvents(store, { from: FROM, to: TO }, DAY * 7, undefined);
    expect(all.events.map((e) => `${e.incident} ${e.kind}`)).toEqual([
      'NOC-2025-000001 incident_ongoing',
      'NOC-2025-000001 incident_comment',
      'NOC-2026-000004 incident_ongoing',
      'NOC-2026-000004 incident_closed',
      'NOC-2026-000005 incident_opened',
    ]);
    const onA = await incidentEvents(store, { from: FROM, to: TO }, DAY * 7, ['a']);
    expect(onA.events.map((e) => e.incident)).toEqual(['NOC-2025-000001', 'NOC-2025-000001', 'NOC-2026-000005']);
    expect(onA.events[2]?.target).toBeUndefined();
  });
});
