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
