import type { Statement } from 'better-sqlite3';
import type { AlertStateStore, Clock, Labels, StoredAlert } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface AlertRow {
  fingerprint: string;
  rule: string;
  labels: string;
  state: string;
  updated_at: number;
}

/** AlertStateStore on the embedded database: one row per alert instance, JSON columns. */
export class SqliteAlertStateStore implements AlertStateStore {
  private readonly selectAll: Statement<[], AlertRow>;
  private readonly upsert: Statement<[AlertRow]>;
  private readonly remove: Statement<[string]>;
  private readonly saveAll: (upserts: readonly StoredAlert[], removed: readonly string[]) => void;

  constructor(
    db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.selectAll = db.prepare<[], AlertRow>('SELECT fingerprint, rule, labels, state, updated_at FROM alert_state');
    this.upsert = db.prepare<[AlertRow]>(
      `INSERT INTO alert_state (fingerprint, rule, labels, state, updated_at) VALUES (@fingerprint, @rule, @labels, @state, @updated_at)
       ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, labels = excluded.labels, state = excluded.state, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare<[string]>('DELETE FROM alert_state WHERE fingerprint = ?');
    this.saveAll = db.transaction((upserts: readonly StoredAlert[], removed: readonly string[]) => {
      const now = this.clock.now();
      for (const alert of upserts) {
        this.upsert.run({ fingerprint: alert.fingerprint, rule: alert.rule, labels: JSON.stringify(alert.labels), state: JSON.stringify(alert.state), updated_at: now });
      }
      for (const fingerprint of removed) this.remove.run(fingerprint);
    });
  }

  async loadAll(): Promise<StoredAlert[]> {
    return this.selectAll.all().map((row) => ({
      fingerprint: row.fingerprint,
      rule: row.rule,
      labels: JSON.parse(row.labels) as Labels,
      state: JSON.parse(row.state) as unknown,
    }));
  }

  async save(upserts: readonly StoredAlert[], removed: readonly string[]): Promise<void> {
    this.saveAll(upserts, removed);
  }
}
