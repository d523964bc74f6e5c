import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './database.js';
import { SqliteOutboxStore } from './sqlite-outbox-store.js';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'noc-outbox-store-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function freshPath(): string {
  files++;
  return join(dir, `outbox-${files}.db`);
}

const message = (key: string, createdAt: number) => ({ channel: 'webhook-noc', idempotencyKey: key, payload: { key }, createdAt });

describe('SqliteOutboxStore.counts', () => {
  it('is empty for an empty outbox', async () => {
    const db = openSqliteDatabase(freshPath());
    try {
      expect(await new SqliteOutboxStore(db).counts()).toEqual({ pending: 0, dead: 0 });
    } finally {
      db.close();
    }
  });

  it('counts pending (leased ones too) and dead messages, and finds the oldest pending one', async () => {
    const db = openSqliteDatabase(freshPath());
    try {
      const outbox = new SqliteOutboxStore(db);
      const oldest = await outbox.enqueue(message('a', T0));
      const sent = await outbox.enqueue(message('b', T0 + 10));
      const dead = await outbox.enqueue(message('c', T0 + 20));
      await outbox.enqueue(message('d', T0 + 30));
      await outbox.enqueue(message('e', T0 + 40));
      await outbox.markSent(sent.id, T0 + 100);
      await outbox.markFailed(dead.id, 'webhook 400');
      await outbox.claimDue(T0 + 100, 1, 60_000);
      expect(await outbox.counts()).toEqual({ pending: 3, dead: 1, oldestPendingCreatedAt: T0 });

      // Delivering the oldest moves the age to the next pending message, even one enqueued earlier by id.
      await outbox.markSent(oldest.id, T0 + 200);
      await outbox.enqueue(message('f', T0 - 5_000));
      expect(await outbox.counts()).toEqual({ pending: 3, dead: 1, oldestPendingCreatedAt: T0 - 5_000 });
    } finally {
      db.close();
    }
  });

  it('reads what an earlier process left in the file', async () => {
    const path = freshPath();
    const first = openSqliteDatabase(path);
    const outbox = new SqliteOutboxStore(first);
    await outbox.enqueue(message('a', T0));
    const dead = await outbox.enqueue(message('b', T0 + 1));
    await outbox.markFailed(dead.id, 'no such channel');
    first.close();
    const second = openSqliteDatabase(path);
    try {
      expect(await new SqliteOutboxStore(second).counts()).toEqual({ pending: 1, dead: 1, oldestPendingCreatedAt: T0 });
    } finally {
      second.close();
    }
  });
});
