import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AlertStateStore, ManualClock, MemoryAlertStateStore, type StoredAlert } from '../../core/index.js';
import { openSqliteDatabase } from './database.js';
import { SqliteAlertStateStore } from './sqlite-alert-state-store.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-alert-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pending: StoredAlert = { fingerprint: 'f1', rule: 'target_down', labels: { alertname: 'target_down', target: 'sbc-1' }, state: { status: 'pending', pendingSince: 1000, history: [true] } };
const firing: StoredAlert = { fingerprint: 'f2', rule: 'cores_down', labels: { alertname: 'cores_down' }, state: { status: 'firing', firingSince: 2000 } };

const stores: [string, () => { store: AlertStateStore; reopen: () => AlertStateStore }][] = [
  [
    'sqlite',
    () => {
      const path = join(dir, `${Math.random()}.db`);
      const clock = new ManualClock(0);
      let db = openSqliteDatabase(path);
      return {
        store: new SqliteAlertStateStore(db, clock),
        reopen: () => {
          db.close();
          db = openSqliteDatabase(path);
          return new SqliteAlertStateStore(db, clock);
        },
      };
    },
  ],
  [
    'memory',
    () => {
      const store = new MemoryAlertStateStore();
      return { store, reopen: () => store };
    },
  ],
];

describe.each(stores)('%s alert state store', (_name, open) => {
  it('keeps upserts across a reopen, replaces by fingerprint and deletes what is removed', async () => {
    const { store, reopen } = open();
    expect(await store.loadAll()).toEqual([]);
    await store.save([pending, firing], []);
    const resolved = { ...pending, state: { status: 'resolved', resolvedAt: 3000 } };
    await store.save([resolved], ['f2']);
    const again = reopen();
    expect(await again.loadAll()).toEqual([resolved]);
  });
});

describe('sqlite alert state store, labels written once', () => {
  const openStore = () => {
    const db = openSqliteDatabase(join(dir, `${Math.random()}.db`));
    const row = (fingerprint: string) => db.prepare('SELECT labels, state FROM alert_state WHERE fingerprint = ?').get(fingerprint) as { labels: string; state: string } | undefined;
    return { db, store: new SqliteAlertStateStore(db, new ManualClock(0)), row };
  };

  it('updates the state of a row saved before with the same labels object, without writing its labels again', async () => {
    const { db, store, row } = openStore();
    await store.save([pending], []);
    db.prepare(`UPDATE alert_state SET labels = '{"marker":"1"}'`).run();
    await store.save([{ ...pending, state: { status: 'firing' } }], []);
    expect(row('f1')).toEqual({ labels: '{"marker":"1"}', state: '{"status":"firing"}' });
    // Labels from another object are written.
    await store.save([{ ...pending, labels: { ...pending.labels } }], []);
    expect(row('f1')?.labels).toBe(JSON.stringify(pending.labels));
  });

  it('knows the labels objects it loaded, and writes a whole row again when it is gone', async () => {
    const { db, store, row } = openStore();
    await store.save([pending], []);
    const [loaded] = await store.loadAll();
    db.prepare(`UPDATE alert_state SET labels = '{"marker":"1"}'`).run();
    await store.save([{ ...(loaded as StoredAlert), state: { status: 'firing' } }], []);
    expect(row('f1')?.labels).toBe('{"marker":"1"}');
    db.prepare('DELETE FROM alert_state').run();
    await store.save([{ ...(loaded as StoredAlert), state: { status: 'resolved' } }], []);
    expect(row('f1')).toEqual({ labels: JSON.stringify(pending.labels), state: '{"status":"resolved"}' });
    // A removed row is written whole when it comes back.
    await store.save([], ['f1']);
    db.prepare(`INSERT INTO alert_state (fingerprint, rule, labels, state, updated_at) VALUES ('f1', 'r', '{"marker":"1"}', '{}', 0)`).run();
    await store.save([{ ...(loaded as StoredAlert), state: { status: 'pending' } }], []);
    expect(row('f1')?.labels).toBe(JSON.stringify(pending.labels));
  });

  it('after a save that failed, writes the labels the rows still lack', async () => {
    const { store, row } = openStore();
    await store.save([pending], []);
    const relabelled = { ...pending, labels: { alertname: 'target_down', target: 'sbc-2' } };
    const broken: StoredAlert = { ...firing, state: { big: 1n } };
    await expect(store.save([relabelled, broken], [])).rejects.toThrow();
    expect(row('f1')?.labels).toBe(JSON.stringify(pending.labels));
    await store.save([relabelled], []);
    expect(row('f1')?.labels).toBe(JSON.stringify(relabelled.labels));
  });
});
