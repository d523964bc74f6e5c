import { type ForensicSnapshotStore, NocError, type StoredForensicSnapshot } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface SnapshotRow {
  incident: string;
  taken_at: number;
  window_from: number;
  window_to: number;
  content: string;
}

/** JSON has no NaN or infinities; scores hold them (an effect size off a flat baseline is infinite). */
const NUMBER_MARK = '$number';

function encode(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUMBER_MARK]: String(value) };
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const mark = (value as Record<string, unknown>)[NUMBER_MARK];
    if (keys.length === 1 && (mark === 'NaN' || mark === 'Infinity' || mark === '-Infinity')) return Number(mark);
  }
  return value;
}

/** ForensicSnapshotStore on PostgreSQL: one row per incident, the content as jsonb with non-finite numbers marked. */
export class PgForensicSnapshotStore implements ForensicSnapshotStore {
  constructor(private readonly db: PgDatabase) {}

  /** Stores the snapshot, replacing the incident's previous one. */
  async save(snapshot: StoredForensicSnapshot): Promise<void> {
    const content = JSON.stringify(snapshot.content, encode);
    if (content === undefined) {
      throw new NocError('bad_request', `the forensic snapshot of ${snapshot.incident} is not JSON-serialisable`);
    }
    await this.db.query(
      `INSERT INTO forensic_snapshots (incident, taken_at, window_from, window_to, content)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (incident) DO UPDATE SET taken_at = excluded.taken_at, window_from = excluded.window_from,
         window_to = excluded.window_to, content = excluded.content`,
      [snapshot.incident, snapshot.takenAt, snapshot.window.from, snapshot.window.to, content],
    );
  }

  /** The incident's snapshot, if one was saved. */
  async get(incident: string): Promise<StoredForensicSnapshot | undefined> {
    // As text, so the reviver that restores non-finite numbers runs over the whole document.
    const { rows } = await this.db.query<SnapshotRow>(
      `SELECT incident, taken_at, window_from, window_to, content::text AS content
       FROM forensic_snapshots WHERE incident = $1`,
      [incident],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      incident: row.incident,
      takenAt: row.taken_at,
      window: { from: row.window_from, to: row.window_to },
      content: JSON.parse(row.content, decode) as Record<string, unknown>,
    };
  }
}
