import { NocError, type OutboxCounts, type OutboxMessage, type OutboxStore } from '../../core/index.js';
import type { PgDatabase } from './pg-database.js';

interface OutboxRow {
  id: number;
  channel: string;
  idempotency_key: string;
  payload: Record<string, unknown>;
  created_at: number;
  status: OutboxMessage['status'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
}

const COLUMNS =
  'id, channel, idempotency_key, payload, created_at, status, attempts, next_attempt_at, last_error, sent_at';

/**
 * OutboxStore on PostgreSQL. Every attempt, successful or not, counts in `attempts`; only a pending
 * message can be marked sent or failed (`not_found` for an unknown id, `conflict` otherwise). Several
 * processes may claim at once: each due row goes to exactly one of them (row locks, SKIP LOCKED).
 */
export class PgOutboxStore implements OutboxStore {
  constructor(private readonly db: PgDatabase) {}

  /** Adds a pending message due at its creation time, or returns the one already under its key. */
  async enqueue(message: {
    channel: string;
    idempotencyKey: string;
    payload: Readonly<Record<string, unknown>>;
    createdAt: number;
  }): Promise<OutboxMessage> {
    const inserted = await this.db.query<OutboxRow>(
      `INSERT INTO outbox (channel, idempotency_key, payload, created_at, status, attempts, next_attempt_at)
       VALUES ($1, $2, $3::jsonb, $4, 'pending', 0, $4)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [message.channel, message.idempotencyKey, JSON.stringify(message.payload), message.createdAt],
    );
    if (inserted.rows[0] !== undefined) return fromRow(inserted.rows[0]);
    // ON CONFLICT waited for a concurrent insert of the same key to commit, so the row is visible now.
    const existing = await this.db.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE idempotency_key = $1`, [
      message.idempotencyKey,
    ]);
    return fromRow(existing.rows[0] as OutboxRow);
  }

  /** Leases up to `limit` due pending messages, oldest first, returned with their leased `nextAttemptAt`. */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    if (limit <= 0) return [];
    // Rows another claimer has locked are skipped rather than waited for; once it commits, their pushed-out
    // next_attempt_at no longer matches the re-checked condition, so no row is handed out twice.
    const { rows } = await this.db.query<OutboxRow>(
      `WITH due AS (
         SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY created_at, id LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox SET next_attempt_at = $1::bigint + $3::bigint FROM due WHERE outbox.id = due.id
       RETURNING ${COLUMNS.split(', ').map((column) => `outbox.${column}`).join(', ')}`,
      [now, limit, leaseMs],
    );
    return rows.sort((a, b) => a.created_at - b.created_at || a.id - b.id).map(fromRow);
  }

  /** Records a successful delivery. */
  async markSent(id: number, at: number): Promise<void> {
    const result = await this.db.query(
      `UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1 WHERE id = $1 AND status = 'pending'`,
      [id, at],
    );
    await this.expectChanged(id, result.rowCount ?? 0);
  }

  /** Records a failed delivery: pending again at `retryAt`, or dead without it. */
  async markFailed(id: number, error: string, retryAt?: number): Promise<void> {
    const result = await this.db.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
         status = CASE WHEN $3::bigint IS NULL THEN 'dead' ELSE 'pending' END,
         next_attempt_at = coalesce($3::bigint, next_attempt_at)
       WHERE id = $1 AND status = 'pending'`,
      [id, error, retryAt ?? null],
    );
    await this.expectChanged(id, result.rowCount ?? 0);
  }

  /** Messages newest first, optionally of one status. */
  async list(filter: { status?: OutboxMessage['status']; limit?: number } = {}): Promise<OutboxMessage[]> {
    const { rows } = await this.db.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE $1::text IS NULL OR status = $1::text ORDER BY id DESC LIMIT $2::bigint`,
      [filter.status ?? null, filter.limit !== undefined && filter.limit >= 0 ? filter.limit : null],
    );
    return rows.map(fromRow);
  }

  /** Pending and dead totals and the oldest pending creation time, read in one statement. */
  async counts(): Promise<OutboxCounts> {
    const { rows } = await this.db.query<{ pending: number; dead: number; oldest: number | null }>(
      `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
              count(*) FILTER (WHERE status = 'dead') AS dead,
              min(created_at) FILTER (WHERE status = 'pending') AS oldest
       FROM outbox WHERE status IN ('pending', 'dead')`,
    );
    const row = rows[0] as { pending: number; dead: number; oldest: number | null };
    return {
      pending: row.pending,
      dead: row.dead,
      ...(row.oldest === null ? {} : { oldestPendingCreatedAt: row.oldest }),
    };
  }

  private async expectChanged(id: number, changes: number): Promise<void> {
    if (changes > 0) return;
    const { rows } = await this.db.query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [id]);
    if (rows[0] === undefined) throw new NocError('not_found', `no outbox message ${id}`);
    throw new NocError('conflict', `outbox message ${id} is ${rows[0].status}, not pending`);
  }
}

function fromRow(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.sent_at === null ? {} : { sentAt: row.sent_at }),
  };
}
