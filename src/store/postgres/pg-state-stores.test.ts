import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { type PostgresTestServer, startPostgresServer } from '../../../test/peers/postgres-server.js';
import { ManualClock, type NotificationGroup, type StoredAlert, type StoredForensicSnapshot } from '../../core/index.js';
import { openPgDatabase, type PgDatabase } from './pg-database.js';
import { PgAlertStateStore } from './pg-alert-state-store.js';
import { PgForensicSnapshotStore } from './pg-forensic-snapshot-store.js';
import { PgNotificationGroupStore } from './pg-notification-group-store.js';
import { PgProbeStateStore } from './pg-probe-state-store.js';
import { PgProcessedMailLog } from './pg-processed-mail-log.js';

const BIN = '/usr/lib/postgresql/15/bin';
const available = peerBinary(`${BIN}/postgres`, 'PostgreSQL 15 server: apt-get install postgresql-15') !== undefined;

describe.skipIf(!available)('PostgreSQL state stores', () => {
  let server: PostgresTestServer;
  let url: string;
  const open: PgDatabase[] = [];

  beforeAll(async () => {
    server = await startPostgresServer(BIN);
    url = await server.createDatabase();
  }, 60_000);
  beforeEach(async () => {
    await Promise.all(open.splice(0).map((db) => db.close()));
    await server.emptyDatabase(url);
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((db) => db.close()));
    await server?.destroy();
  });

  /** A new pool on the test database: a second one stands for the process after a restart. */
  async function connect(): Promise<PgDatabase> {
    const db = await openPgDatabase(url, { maxConnections: 2 });
    open.push(db);
    return db;
  }

  describe('PgAlertStateStore', () => {
    const pending: StoredAlert = { fingerprint: 'f1', rule: 'target_down', labels: { alertname: 'target_down', target: 'sbc-1' }, state: { status: 'pending', pendingSince: 1000, history: [true] } };
    const firing: StoredAlert = { fingerprint: 'f2', rule: 'cores_down', labels: { alertname: 'cores_down' }, state: { status: 'firing', firingSince: 2000 } };

    it('keeps upserts across a reopen, replaces by fingerprint and deletes what is removed', async () => {
      const clock = new ManualClock(0);
      const store = new PgAlertStateStore(await connect(), clock);
      expect(await store.loadAll()).toEqual([]);
      await store.save([pending, firing], []);
      const resolved = { ...pending, state: { status: 'resolved', resolvedAt: 3000 } };
      await store.save([resolved], ['f2']);
      expect(await new PgAlertStateStore(await connect(), clock).loadAll()).toEqual([resolved]);
    });

    it('writes nothing when one statement of the batch fails', async () => {
      const db = await connect();
      const store = new PgAlertStateStore(db, new ManualClock(0));
      await store.save([pending], []);
      // A NUL character cannot be stored in a PostgreSQL text value: the second upsert fails.
      await expect(store.save([firing, { ...pending, rule: 'bad\u0000rule' }], [])).rejects.toThrow();
      expect(await store.loadAll()).toEqual([pending]);
    });

    it('stamps rows with the clock time of the save', async () => {
      const db = await connect();
      const clock = new ManualClock(5000);
      await new PgAlertStateStore(db, clock).save([pending], []);
      expect((await db.query('SELECT updated_at FROM alert_state')).rows).toEqual([{ updated_at: 5000 }]);
    });
  });

  describe('PgNotificationGroupStore', () => {
    const told: NotificationGroup = { incident: 'NOC-2026-000001', route: 'route-1', sent: 2, lastSentAt: 5000, digest: '["registered"]', level: 'L2', status: 'registered' };
    const fresh: NotificationGroup = { incident: 'NOC-2026-000001', route: 'dba', sent: 0 };
    const other: NotificationGroup = { incident: 'NOC-2026-000002', route: 'route-1', sent: 1, lastSentAt: 7000 };
    const byKey = (a: NotificationGroup, b: NotificationGroup) => `${a.incident}/${a.route}`.localeCompare(`${b.incident}/${b.route}`);

    it('keeps groups across a reopen, optional fields absent when never set', async () => {
      const store = new PgNotificationGroupStore(await connect());
      for (const group of [told, fresh, other]) await store.save(group);
      expect((await new PgNotificationGroupStore(await connect()).loadAll()).sort(byKey)).toEqual([fresh, told, other].sort(byKey));
    });

    it('replaces the group of the same incident and route', async () => {
      const store = new PgNotificationGroupStore(await connect());
      await store.save(told);
      await store.save({ ...told, sent: 3, level: 'L3' });
      expect(await store.loadAll()).toEqual([{ ...told, sent: 3, level: 'L3' }]);
    });

    it('clears optional fields a replacing save leaves out', async () => {
      const store = new PgNotificationGroupStore(await connect());
      await store.save(told);
      await store.save({ incident: told.incident, route: told.route, sent: 4 });
      expect(await store.loadAll()).toEqual([{ incident: told.incident, route: told.route, sent: 4 }]);
    });

    it('forgets every group of one incident only', async () => {
      const store = new PgNotificationGroupStore(await connect());
      for (const group of [told, fresh, other]) await store.save(group);
      await store.removeIncident('NOC-2026-000001');
      expect(await store.loadAll()).toEqual([other]);
    });
  });

  describe('PgProbeStateStore', () => {
    const T0 = Date.UTC(2025, 0, 15, 4, 17);

    it('returns undefined for a key never written', async () => {
      expect(await new PgProbeStateStore(await connect(), new ManualClock(T0)).get('web-1/ssllabs')).toBeUndefined();
    });

    it('round-trips JSON values and replaces them on a second write', async () => {
      const db = await connect();
      const clock = new ManualClock(T0);
      const store = new PgProbeStateStore(db, clock);
      const value = { version: 1, grades: ['A+', 'T'], nested: { score: 95, warn: false, none: null } };
      await store.set('web-1/ssllabs', value);
      expect(await store.get('web-1/ssllabs')).toEqual(value);

      clock.advance(60_000);
      await store.set('web-1/ssllabs', { version: 1, grades: [] });
      expect(await store.get('web-1/ssllabs')).toEqual({ version: 1, grades: [] });
      expect((await db.query('SELECT count(*) AS n, max(updated_at) AS at FROM probe_state')).rows).toEqual([{ n: 1, at: T0 + 60_000 }]);
    });

    it('keeps keys apart, and a stored null apart from a missing key', async () => {
      const store = new PgProbeStateStore(await connect(), new ManualClock(T0));
      await store.set('web-1/ssllabs', 'one');
      await store.set('web-2/ssllabs', 'two');
      await store.set('web-3/ssllabs', null);
      expect([await store.get('web-1/ssllabs'), await store.get('web-2/ssllabs'), await store.get('web-3/ssllabs')]).toEqual(['one', 'two', null]);
    });

    it('keeps values across a reopen', async () => {
      await new PgProbeStateStore(await connect(), new ManualClock(T0)).set('web-1/ssllabs', { grade: 'A+' });
      expect(await new PgProbeStateStore(await connect(), new ManualClock(T0)).get('web-1/ssllabs')).toEqual({ grade: 'A+' });
    });

    it('refuses a value JSON cannot hold', async () => {
      const store = new PgProbeStateStore(await connect(), new ManualClock(T0));
      await expect(store.set('web-1/ssllabs', undefined)).rejects.toMatchObject({ code: 'bad_request', message: 'probe state for web-1/ssllabs is not JSON-serialisable' });
    });
  });

  describe('PgProcessedMailLog', () => {
    it('finds nothing for an unknown Message-ID, then what was remembered, across a reopen', async () => {
      const log = new PgProcessedMailLog(await connect());
      expect(await log.find('<a@example.net>')).toBeUndefined();
      await log.remember('<a@example.net>', { number: 'NOC-2026-000001', event: 'received', at: 1000 });
      await log.remember('<b@example.net>', { number: 'NOC-2026-000001', event: 'appended', at: 2000 });
      const again = new PgProcessedMailLog(await connect());
      expect(await again.find('<a@example.net>')).toEqual({ number: 'NOC-2026-000001', event: 'received', at: 1000 });
      expect(await again.find('<b@example.net>')).toEqual({ number: 'NOC-2026-000001', event: 'appended', at: 2000 });
    });

    it('replaces the outcome of a Message-ID remembered twice', async () => {
      const log = new PgProcessedMailLog(await connect());
      await log.remember('<a@example.net>', { number: 'NOC-2026-000001', event: 'received', at: 1000 });
      await log.remember('<a@example.net>', { number: 'NOC-2026-000002', event: 'appended', at: 3000 });
      expect(await log.find('<a@example.net>')).toEqual({ number: 'NOC-2026-000002', event: 'appended', at: 3000 });
    });
  });

  describe('PgForensicSnapshotStore', () => {
    const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
    const snapshot = (incident: string, takenAt: number, content: Record<string, unknown>): StoredForensicSnapshot => ({
      incident,
      takenAt,
      window: { from: takenAt - 900_000, to: takenAt },
      content,
    });
    const CONTENT = {
      entries: [
        {
          rank: 1,
          key: 'sip_options_rtt_seconds{target="sbc-1"}',
          labels: { target: 'sbc-1', note: 'NaN' },
          scores: { ks: 0.99, effectSize: Number.POSITIVE_INFINITY, relativeChange: Number.NEGATIVE_INFINITY, levelShift: Number.NaN },
          nested: [{ $number: 'text' }, 1.5, null],
        },
      ],
      timeline: [{ at: T0, kind: 'alert_firing', title: 'SbcDown firing on sbc-1', labels: {}, details: {} }],
    };

    it('returns undefined for an incident without a snapshot', async () => {
      expect(await new PgForensicSnapshotStore(await connect()).get('NOC-2026-000001')).toBeUndefined();
    });

    it('round-trips the content across a reopen, NaN and infinities included, and labels that read "NaN" stay text', async () => {
      await new PgForensicSnapshotStore(await connect()).save(snapshot('NOC-2026-000001', T0, CONTENT));
      const back = await new PgForensicSnapshotStore(await connect()).get('NOC-2026-000001');
      expect(back).toEqual(snapshot('NOC-2026-000001', T0, CONTENT));
      const entry = (back?.content.entries as Array<{ scores: Record<string, number>; labels: Record<string, string> }>)[0];
      expect(entry?.scores.effectSize).toBe(Number.POSITIVE_INFINITY);
      expect(entry?.scores.relativeChange).toBe(Number.NEGATIVE_INFINITY);
      expect(Number.isNaN(entry?.scores.levelShift)).toBe(true);
      expect(entry?.labels.note).toBe('NaN');
    });

    it('keeps one snapshot per incident: a later one replaces it, others stay apart', async () => {
      const store = new PgForensicSnapshotStore(await connect());
      await store.save(snapshot('NOC-2026-000001', T0, { entries: [1] }));
      await store.save(snapshot('NOC-2026-000002', T0 + 1, { entries: [2] }));
      await store.save(snapshot('NOC-2026-000001', T0 + 60_000, { entries: [3] }));
      expect(await store.get('NOC-2026-000001')).toEqual(snapshot('NOC-2026-000001', T0 + 60_000, { entries: [3] }));
      expect(await store.get('NOC-2026-000002')).toEqual(snapshot('NOC-2026-000002', T0 + 1, { entries: [2] }));
    });
  });
});
