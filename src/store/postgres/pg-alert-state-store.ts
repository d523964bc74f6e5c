import type { AlertStateStore, Clock, Labels, StoredAlert } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface AlertRow {
  fingerprint: string;
  rule: string;
  labels: Labels;
  state: unknown;
}

/** AlertStateStore on PostgreSQL: one row per alert instance, jsonb columns. */
export class PgAlertStateStore implements AlertStateStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {}

  /** Every stored alert instance. */
  async loadAll(): Promise<StoredAlert[]> {
    const { rows } = await this.db.query<AlertRow>('SELECT fingerprint, rule, labels, state FROM alert_state');
    return rows.map((row) => ({ fingerprint: row.fingerprint, rule: row.rule, labels: row.labels, state: row.state }));
  }

  /** Writes `upserts` and deletes `removed` in one transaction. */
  async save(upserts: readonly StoredAlert[], removed: readonly string[]): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (client) => {
      for (const alert of upserts) {
        await client.query(
          `INSERT INTO alert_state (fingerprint, rule, labels, state, updated_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)
           ON CONFLICT (fingerprint) DO UPDATE
           SET rule = excluded.rule, labels = excluded.labels, state = excluded.state, updated_at = excluded.updated_at`,
          [alert.fingerprint, alert.rule, JSON.stringify(alert.labels), JSON.stringify(alert.state), now],
        );
      }
      if (removed.length > 0) {
        await client.query('DELETE FROM alert_state WHERE fingerprint = ANY ($1::text[])', [[...removed]]);
      }
    });
  }
}
