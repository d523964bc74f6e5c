import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import {
  NocError,
  type LabelMatcher,
  type MaintenanceWindow,
  type Silence,
  type SilenceStore,
} from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  expired_at: number | null;
}

interface MaintenanceRow {
  id: string;
  name: string;
  targets: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  cancelled_at: number | null;
}

/**
 * SilenceStore on the embedded database. Silences and windows span [startsAt, endsAt); expiring or
 * cancelling one that does not exist, was already ended by hand, or has already run out returns false.
 */
export class SqliteSilenceStore implements SilenceStore {
  private readonly insertSilence: Statement<[SilenceRow]>;
  private readonly selectSilences: Statement<[{ at: number | null }], SilenceRow>;
  private readonly endSilence: Statement<[{ id: string; at: number }]>;
  private readonly insertWindow: Statement<[MaintenanceRow]>;
  private readonly selectWindows: Statement<[{ from: number | null; to: number | null }], MaintenanceRow>;
  private readonly cancelWindow: Statement<[{ id: string; at: number }]>;

  constructor(db: SqliteDatabase) {
    this.insertSilence = db.prepare<[SilenceRow]>(
      `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, expired_at)
       VALUES (@id, @matchers, @starts_at, @ends_at, @created_by, @comment, @expired_at)`,
    );
    this.selectSilences = db.prepare<[{ at: number | null }], SilenceRow>(
      `SELECT id, matchers, starts_at, ends_at, created_by, comment, expired_at FROM silences
       WHERE @at IS NULL OR (starts_at <= @at AND ends_at > @at AND (expired_at IS NULL OR expired_at > @at))
       ORDER BY starts_at, rowid`,
    );
    this.endSilence = db.prepare<[{ id: string; at: number }]>(
      `UPDATE silences SET expired_at = @at WHERE id = @id AND expired_at IS NULL AND ends_at > @at`,
    );
    this.insertWindow = db.prepare<[MaintenanceRow]>(
      `INSERT INTO maintenance_windows (id, name, targets, starts_at, ends_at, created_by, comment, cancelled_at)
       VALUES (@id, @name, @targets, @starts_at, @ends_at, @created_by, @comment, @cancelled_at)`,
    );
    this.selectWindows = db.prepare<[{ from: number | null; to: number | null }], MaintenanceRow>(
      `SELECT id, name, targets, starts_at, ends_at, created_by, comment, cancelled_at FROM maintenance_windows
       WHERE @from IS NULL OR (starts_at <= @to AND ends_at > @from)
       ORDER BY starts_at, rowid`,
    );
    this.cancelWindow = db.prepare<[{ id: string; at: number }]>(
      `UPDATE maintenance_windows SET cancelled_at = @at WHERE id = @id AND cancelled_at IS NULL AND ends_at > @at`,
    );
  }

  /** Stores a silence under a fresh random id. */
  async createSilence(silence: Omit<Silence, 'id' | 'expiredAt'>): Promise<Silence> {
    checkSpan(silence.startsAt, silence.endsAt);
    const created: Silence = {
      id: randomUUID(),
      matchers: silence.matchers.map(({ name, op, value }) => ({ name, op, value })),
      startsAt: silence.startsAt,
      endsAt: silence.endsAt,
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
    this.insertSilence.run({
      id: created.id,
      matchers: JSON.stringify(created.matchers),
      starts_at: created.startsAt,
      ends_at: created.endsAt,
      created_by: created.createdBy,
      comment: created.comment,
      expired_at: null,
    });
    return created;
  }

  /** Silences active at `at`, or every silence ever created when `at` is omitted; by start time. */
  async listSilences(at?: number): Promise<Silence[]> {
    return this.selectSilences.all({ at: at ?? null }).map(silenceFromRow);
  }

  /** Ends a running or future silence at `at`. */
  async expireSilence(id: string, at: number): Promise<boolean> {
    return this.endSilence.run({ id, at }).changes > 0;
  }

  /** Stores a maintenance window under a fresh random id. */
  async createMaintenance(window: Omit<MaintenanceWindow, 'id' | 'cancelledAt'>): Promise<MaintenanceWindow> {
    checkSpan(window.startsAt, window.endsAt);
    const created: MaintenanceWindow = {
      id: randomUUID(),
      name: window.name,
      targets: [...window.targets],
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      createdBy: window.createdBy,
      comment: window.comment,
    };
    this.insertWindow.run({
      id: created.id,
      name: created.name,
      targets: JSON.stringify(created.targets),
      starts_at: created.startsAt,
      ends_at: created.endsAt,
      created_by: created.createdBy,
      comment: created.comment,
      cancelled_at: null,
    });
    return created;
  }

  /** Windows overlapping the closed range [from, to] (all when omitted), by start time. */
  async listMaintenance(range?: { from: number; to: number }): Promise<MaintenanceWindow[]> {
    return this.selectWindows.all({ from: range?.from ?? null, to: range?.to ?? null }).map(windowFromRow);
  }

  /** Cancels a running or future window at `at`. */
  async cancelMaintenance(id: string, at: number): Promise<boolean> {
    return this.cancelWindow.run({ id, at }).changes > 0;
  }
}

function checkSpan(startsAt: number, endsAt: number): void {
  if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt) || endsAt <= startsAt) {
    throw new NocError('bad_request', `endsAt (${endsAt}) must be after startsAt (${startsAt})`);
  }
}

function silenceFromRow(row: SilenceRow): Silence {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers) as LabelMatcher[],
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdBy: row.created_by,
    comment: row.comment,
    ...(row.expired_at === null ? {} : { expiredAt: row.expired_at }),
  };
}

function windowFromRow(row: MaintenanceRow): MaintenanceWindow {
  return {
    id: row.id,
    name: row.name,
    targets: JSON.parse(row.targets) as string[],
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdBy: row.created_by,
    comment: row.comment,
    ...(row.cancelled_at === null ? {} : { cancelledAt: row.cancelled_at }),
  };
}
