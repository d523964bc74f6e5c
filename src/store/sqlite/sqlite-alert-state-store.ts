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

/**
 * AlertStateStore on the embedded database: one row per alert instance, JSON columns. An alert's labels
 * never change while it lives, and the engine saves it with the same labels object every time: a row whose
 * labels were written (or read) as that very object is updated without serialising them again.
 */
export class SqliteAlertStateStore implements AlertStateStore {
  private readonly selectAll: Statement<[], AlertRow>;
  private readonly upsert: Statement<[AlertRow]>;
  private readonly updateState: Statement<[Omit<AlertRow, 'labels'>]>;
  private readonly remove: Statement<[string]>;
  private readonly saveAll: (upserts: readonly StoredAlert[], removed: readonly string[]) => void;
  /** The labels object each row's labels were written from or read into, as of the last committed save. */
  private readonly rowLabels = new Map<string, Labels>();

  constructor(
    db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.selectAll = db.prepare<[], AlertRow>('SELECT fingerprint, rule, labels, state, updated_at FROM alert_state');
    this.upsert = db.prepare<[AlertRow]>(
      `INSERT INTO alert_state (fingerprint, rule, labels, state, updated_at) VALUES (@fingerprint, @rule, @labels, @state, @updated_at)
       ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, labels = excluded.labels, state = excluded.state, updated_at = excluded.updated_at`,
    );
    this.updateState = db.prepare<[Omit<AlertRow, 'labels'>]>('UPDATE alert_state SET rule = @rule, state = @state, updated_at = @updated_at WHERE fingerprint = @fingerprint');
    this.remove = db.prepare<[string]>('DELETE FROM alert_state WHERE fingerprint = ?');
    this.saveAll = db.transaction((upserts: readonly StoredAlert[], removed: readonly string[]) => {
      const now = this.clock.now();
      for (const alert of upserts) {
        const { fingerprint, rule } = alert;
        const state = JSON.stringify(alert.state);
        if (this.rowLabels.get(fingerprint) === alert.labels && this.updateState.run({ fingerprint, rule, state, updated_at: now }).changes === 1) continue;
        this.upsert.run({ fingerprint, rule, labels: JSON.stringify(alert.labels), state, updated_at: now });
      }
      for (const fingerprint of removed) this.remove.run(fingerprint);
    });
  }

  async loadAll(): Promise<StoredAlert[]> {
    this.rowLabels.clear();
    return this.selectAll.all().map((row) => {
      const labels = JSON.parse(row.labels) as Labels;
      this.rowLabels.set(row.fingerprint, labels);
      return { fingerprint: row.fingerprint, rule: row.rule, labels, state: JSON.parse(row.state) as unknown };
    });
  }

  async save(upserts: readonly StoredAlert[], removed: readonly string[]): Promise<void> {
    this.saveAll(upserts, removed);
    // Only once committed: after a rollback the rows hold what they held before.
    for (const alert of upserts) this.rowLabels.set(alert.fingerprint, alert.labels);
    for (const fingerprint of removed) this.rowLabels.delete(fingerprint);
  }
}
