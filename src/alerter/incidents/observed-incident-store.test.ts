import { describe, expect, it } from 'vitest';
import type { Incident, IncidentStore, NewIncident } from '../../core/index.js';
import { ObservedIncidentStore } from './observed-incident-store.js';

const T0 = Date.UTC(2026, 10, 26, 12);
const fresh: NewIncident = {
  title: 'sbc-1 down',
  description: '',
  severity: 'S2',
  channel: 'phone',
  registeredBy: 'ana',
  affectedTargets: [],
  affectedUsers: 0,
  labels: {},
  occurredAt: T0,
  registeredAt: T0,
  attentionDue: T0 + 1,
  solutionDue: T0 + 2,
};

function fakeStore(): IncidentStore {
  let stored: Incident | undefined;
  return {
    create: async (incident) => (stored = { ...incident, number: 'NOC-2026-000001', status: 'registered', level: 'L1', version: 1 }),
    update: async (_number, patch) => (stored = { ...(stored as Incident), ...(patch as Partial<Incident>), version: (stored as Incident).version + 1 }),
    get: async () => stored,
    list: async () => (stored ? [stored] : []),
    findOpenByFingerprint: async () => undefined,
    appendTimeline: async (incident, change) => ({ incident, seq: 1, at: change.at, actor: change.actor, action: change.action, details: {} }),
    timeline: async () => [],
  };
}

describe('ObservedIncidentStore', () => {
  it('tells creations and updates once stored, not timeline notes, and survives a failing listener', async () => {
    const heard: string[] = [];
    let fail = false;
    const store = new ObservedIncidentStore(fakeStore(), (incident) => {
      if (fail) throw new Error('listener broke');
      heard.push(`${incident.number}@${incident.version}:${incident.status}`);
    });
    await store.create(fresh, 'NOC');
    await store.appendTimeline('NOC-2026-000001', { at: T0, actor: 'ana', action: 'comment' });
    await store.update('NOC-2026-000001', { status: 'diagnosing' }, { at: T0, actor: 'ana', action: 'acknowledged' });
    fail = true;
    const updated = await store.update('NOC-2026-000001', { status: 'resolved' }, { at: T0, actor: 'ana', action: 'resolved' });
    expect(heard).toEqual(['NOC-2026-000001@1:registered', 'NOC-2026-000001@2:diagnosing']);
    expect(updated.status).toBe('resolved');
  });
});
