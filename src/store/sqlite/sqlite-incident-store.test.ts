import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeIncidentStoreContract, type IncidentStores } from '../incident-store.case.js';
import { openSqliteDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteIncidentStore } from './sqlite-incident-store.js';
import { SqliteOutboxStore } from './sqlite-outbox-store.js';
import { SqliteSilenceStore } from './sqlite-silence-store.js';
import { SqliteUserStore } from './sqlite-user-store.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-incident-store-'));
let files = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openStores(path: string): IncidentStores {
  const db = openSqliteDatabase(path);
  return {
    incidents: new SqliteIncidentStore(db),
    silences: new SqliteSilenceStore(db),
    outbox: new SqliteOutboxStore(db),
    users: new SqliteUserStore(db),
    async close() {
      db.close();
    },
    async reopen() {
      db.close();
      return openStores(path);
    },
  };
}

function freshPath(): string {
  files++;
  return join(dir, `noc-${files}.db`);
}

describeIncidentStoreContract('sqlite, fresh file', async () => openStores(freshPath()));

describeIncidentStoreContract('sqlite, reopened file', async () => {
  const first = openStores(freshPath());
  return first.reopen();
});

describe('sqlite incident schema', () => {
  it('is at the latest migration after opening', () => {
    const db = openSqliteDatabase(freshPath());
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
      const tables = db
        .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'incidents',
          'incident_timeline',
          'incident_sequences',
          'silences',
          'maintenance_windows',
          'outbox',
          'users',
          'sessions',
        ]),
      );
    } finally {
      db.close();
    }
  });
});
