import { randomUUID } from 'node:crypto';
import {
  NocError,
  type LabelMatcher,
  type MaintenanceWindow,
  type Silence,
  type SilenceStore,
} from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface SilenceRow {
  id: string;
  matchers: LabelMatcher[];
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  expired_at: number | null;
}

interface MaintenanceRow {
  id: string;
  name: string;
  targets: string[];
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  cancelled_at: number | null;
}

const SILENCE_COLUMNS = 'id, matchers, starts_at, ends_at, created_by, comment, expired_at';
const WINDOW_COLUMNS = 'id, name, targets, starts_at, ends_at, created_by, comment, cancelled_at';

/**
 * SilenceStore on PostgreSQL. Silences and windows span [startsAt, endsAt); expiring or cancelling one
 * that does not exist, was already ended by hand, or has already run out returns false.
 */
export class PgSilenceStore implements SilenceStore {
  constructor(private readonly db: PgDatabase) {}

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
    await this.db.query(
      `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, expired_at)
       VALUES ($1, $2::jsonb, $3, $4, $5, $6, NULL)`,
      [created.id, JSON.stringify(created.matchers), created.startsAt, created.endsAt, created.createdBy, created.comment],
    );
    return created;
  }

  /** Silences active at `at`, or every silence ever created when `at` is omitted; by start time. */
  async listSilences(at?: number): Promise<Silence[]> {
    const { rows } = await this.db.query<SilenceRow>(
      `SELECT ${SILENCE_COLUMNS} FROM silences
       WHERE $1::bigint IS NULL
          OR (starts_at <= $1::bigint AND ends_at > $1::bigint AND (expired_at IS NULL OR expired_at > $1::bigint))
       ORDER BY starts_at, created_seq`,
      [at ?? null],
    );
    return rows.map(silenceFromRow);
  }

  /** Ends a running or future silence at `at`. */
  async expireSilence(id: string, at: number): Promise<boolean> {
    const result = await this.db.query(
      'UPDATE silences SET expired_at = $2 WHERE id = $1 AND expired_at IS NULL AND ends_at > $2',
      [id, at],
    );
    return (result.rowCount ?? 0) > 0;
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
    await this.db.query(
      `INSERT INTO maintenance_windows (id, name, targets, starts_at, ends_at, created_by, comment, cancelled_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, NULL)`,
      [
        created.id,
        created.name,
        JSON.stringify(created.targets),
        created.startsAt,
        created.endsAt,
        created.createdBy,
        created.comment,
      ],
    );
    return created;
  }

  /** Windows overlapping the closed range [from, to] (all when omitted), by start time. */
  async listMaintenance(range?: { from: number; to: number }): Promise<MaintenanceWindow[]> {
    const { rows } = await this.db.query<MaintenanceRow>(
      `SELECT ${WINDOW_COLUMNS} FROM maintenance_windows
       WHERE $1::bigint IS NULL OR (starts_at <= $2::bigint AND ends_at > $1::bigint)
       ORDER BY starts_at, created_seq`,
      [range?.from ?? null, range?.to ?? null],
    );
    return rows.map(windowFromRow);
  }

  /** Cancels a running or future window at `at`. */
  async cancelMaintenance(id: string, at: number): Promise<boolean> {
    const result = await this.db.query(
      'UPDATE maintenance_windows SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL AND ends_at > $2',
      [id, at],
    );
    return (result.rowCount ?? 0) > 0;
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
    matchers: row.matchers,
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
    targets: row.targets,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdBy: row.created_by,
    comment: row.comment,
    ...(row.cancelled_at === null ? {} : { cancelledAt: row.cancelled_at }),
  };
}
