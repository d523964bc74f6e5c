import { NocError, type Clock, type ProbeStateStore } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

/** ProbeStateStore on PostgreSQL: one jsonb value per key, replaced on every write. */
export class PgProbeStateStore implements ProbeStateStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
  ) {}

  /** The value last set under `key`, or undefined. */
  async get(key: string): Promise<unknown> {
    // As text and parsed here: jsonb null must come back as null, distinct from a missing key.
    const { rows } = await this.db.query<{ value: string }>('SELECT value::text AS value FROM probe_state WHERE key = $1', [key]);
    return rows[0] === undefined ? undefined : JSON.parse(rows[0].value);
  }

  /** Replaces the value under `key`; `bad_request` for a value JSON cannot hold. */
  async set(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    // JSON.stringify(undefined) is undefined: nothing could be read back, so refuse rather than store junk.
    if (text === undefined) throw new NocError('bad_request', `probe state for ${key} is not JSON-serialisable`);
    await this.db.query(
      `INSERT INTO probe_state (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, text, this.clock.now()],
    );
  }
}
