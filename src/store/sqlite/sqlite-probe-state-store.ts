import type { Statement } from 'better-sqlite3';
import { NocError, type Clock, type ProbeStateStore } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface StateRow {
  key: string;
  value: string;
  updated_at: number;
}

/** ProbeStateStore on the embedded database: one JSON value per key, replaced on every write. */
export class SqliteProbeStateStore implements ProbeStateStore {
  private readonly selectValue: Statement<[string], Pick<StateRow, 'value'>>;
  private readonly upsertValue: Statement<[StateRow]>;

  constructor(
    db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.selectValue = db.prepare<[string], Pick<StateRow, 'value'>>('SELECT value FROM probe_state WHERE key = ?');
    this.upsertValue = db.prepare<[StateRow]>(
      `INSERT INTO probe_state (key, value, updated_at) VALUES (@key, @value, @updated_at)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  async get(key: string): Promise<unknown> {
    const row = this.selectValue.get(key);
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  async set(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    // JSON.stringify(undefined) is undefined: nothing could be read back, so refuse rather than store junk.
    if (text === undefined) throw new NocError('bad_request', `probe state for ${key} is not JSON-serialisable`);
    this.upsertValue.run({ key, value: text, updated_at: this.clock.now() });
  }
}
