import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryNotificationGroupStore, type NotificationGroup, type NotificationGroupStore } from '../../core/index.js';
import { openSqliteDatabase } from './database.js';
import { SqliteNotificationGroupStore } from './sqlite-notification-group-store.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-notification-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const told: NotificationGroup = { incident: 'NOC-2026-000001', route: 'route-1', sent: 2, lastSentAt: 5000, digest: '["registered"]', level: 'L2', status: 'registered' };
const fresh: NotificationGroup = { incident: 'NOC-2026-000001', route: 'dba', sent: 0 };
const other: NotificationGroup = { incident: 'NOC-2026-000002', route: 'route-1', sent: 1, lastSentAt: 7000 };

const stores: [string, () => { store: NotificationGroupStore; reopen: () => NotificationGroupStore }][] = [
  [
    'sqlite',
    () => {
      const path = join(dir, `${Math.random()}.db`);
      let db = openSqliteDatabase(path);
      return {
        store: new SqliteNotificationGroupStore(db),
        reopen: () => {
          db.close();
          db = openSqliteDatabase(path);
          return new SqliteNotificationGroupStore(db);
        },
      };
    },
  ],
  [
    'memory',
    () => {
      const store = new MemoryNotificationGroupStore();
      return { store, reopen: () => store };
    },
  ],
];

const byKey = (a: NotificationGroup, b: NotificationGroup) => `${a.incident}/${a.route}`.localeCompare(`${b.incident}/${b.route}`);

describe.each(stores)('NotificationGroupStore (%s)', (_name, open) => {
  it('keeps groups across a reopen, optional fields absent when never set', async () => {
    const { store, reopen } = open();
    for (const group of [told, fresh, other]) await store.save(group);
    expect((await reopen().loadAll()).sort(byKey)).toEqual([fresh, told, other].sort(byKey));
  });

  it('replaces the group of the same incident and route', async () => {
    const { store } = open();
    await store.save(told);
    await store.save({ ...told, sent: 3, level: 'L3' });
    expect(await store.loadAll()).toEqual([{ ...told, sent: 3, level: 'L3' }]);
  });

  it('forgets every group of one incident only', async () => {
    const { store } = open();
    for (const group of [told, fresh, other]) await store.save(group);
    await store.removeIncident('NOC-2026-000001');
    expect(await store.loadAll()).toEqual([other]);
  });
});
