import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/index.js';
import { openSqliteDatabase } from './database.js';
import { SqliteProbeStateStore } from './sqlite-probe-state-store.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-probe-state-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function freshPath(): string {
  files++;
  return join(dir, `noc-${files}.db`);
}

const T0 = Date.UTC(2025, 0, 15, 4, 17);

describe('SqliteProbeStateStore', () => {
  it('returns undefined for a key never written', async () => {
    const db = openSqliteDatabase(freshPath());
    expect(await new SqliteProbeStateStore(db, new ManualClock(T0)).get('web-1/ssllabs')).toBeUndefined();
    db.close();
  });

  it('round-trips JSON values and replaces them on a second write', async () => {
    const db = openSqliteDatabase(freshPath());
    const clock = new ManualClock(T0);
    const store = new SqliteProbeStateStore(db, clock);
    const value = { version: 1, grades: ['A+', 'T'], nested: { score: 95, warn: false, none: null } };
    await store.set('web-1/ssllabs', value);
    expect(await store.get('web-1/ssllabs')).toEqual(value);

    clock.advance(60_000);
    await store.set('web-1/ssllabs', { version: 1, grades: [] });
    expect(await store.get('web-1/ssllabs')).toEqual({ version: 1, grades: [] });
    expect(db.prepare('SELECT count(*) AS n, max(updated_at) AS at FROM probe_state').get()).toEqual({ n: 1, at: T0 + 60_000 });
    db.close();
  });

  it('keeps keys apart', async () => {
    const db = openSqliteDatabase(freshPath());
    const store = new SqliteProbeStateStore(db, new ManualClock(T0));
    await store.set('web-1/ssllabs', 'one');
    await store.set('web-2/ssllabs', 'two');
    expect([await store.get('web-1/ssllabs'), await store.get('web-2/ssllabs')]).toEqual(['one', 'two']);
    db.close();
  });

  it('keeps values across a close and reopen of the file', async () => {
    const path = freshPath();
    const first = openSqliteDatabase(path);
    await new SqliteProbeStateStore(first, new ManualClock(T0)).set('web-1/ssllabs', { grade: 'A+' });
    first.close();

    const second = openSqliteDatabase(path);
    expect(await new SqliteProbeStateStore(second, new ManualClock(T0)).get('web-1/ssllabs')).toEqual({ grade: 'A+' });
    second.close();
  });

  it('refuses a value JSON cannot hold', async () => {
    const db = openSqliteDatabase(freshPath());
    const store = new SqliteProbeStateStore(db, new ManualClock(T0));
    await expect(store.set('web-1/ssllabs', undefined)).rejects.toThrow(/not JSON-serialisable/);
    db.close();
  });
});
