import type { Statement } from 'better-sqlite3';
import { type ForensicSnapshotStore, NocError, type StoredForensicSnapshot } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

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

/** ForensicSnapshotStore on the embedded database: one row per incident, the content as JSON text. */
export class SqliteForensicSnapshotStore implements ForensicSnapshotStore {
  private readonly upsert: Statement<[SnapshotRow]>;
  private readonly select: Statement<[string], SnapshotRow>;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare<[SnapshotRow]>(
      `INSERT INTO forensic_snapshots (incident, taken_at, window_from, window_to, content)
       VALUES (@incident, @taken_at, @window_from, @window_to, @content)
       ON CONFLICT (incident) DO UPDATE SET taken_at = excluded.taken_at, window_from = excluded.window_from,
         window_to = excluded.window_to, content = excluded.content`,
    );
    this.select = db.prepare<[string], SnapshotRow>('SELECT * FROM forensic_snapshots WHERE incident = ?');
  }

  async save(snapshot: StoredForensicSnapshot): Promise<void> {
    const content = JSON.stringify(snapshot.content, encode);
    if (content === undefined) throw new NocError('bad_request', `the forensic snapshot of ${snapshot.incident} is not JSON-serialisable`);
    this.upsert.run({
      incident: snapshot.incident,
      taken_at: snapshot.takenAt,
      window_from: snapshot.window.from,
      window_to: snapshot.window.to,
      content,
    });
  }

  async get(incident: string): Promise<StoredForensicSnapshot | undefined> {
    const row = this.select.get(incident);
    if (row === undefined) return undefined;
    return {
      incident: row.incident,
      takenAt: row.taken_at,
      window: { from: row.window_from, to: row.window_to },
      content: JSON.parse(row.content, decode) as Record<string, unknown>,
    };
  }
}
