import type { Statement, Transaction } from 'better-sqlite3';
import { NocError, type OutboxCounts, type OutboxMessage, type OutboxStore } from '../../core/index.js';
import type { SqliteDatabase } from './database.js';

interface OutboxRow {
  id: number;
  channel: string;
  idempotency_key: string;
  payload: string;
  created_at: number;
  status: OutboxMessage['status'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
}

interface NewMessage {
  channel: string;
  idempotency_key: string;
  payload: string;
  created_at: number;
}

const COLUMNS =
  'id, channel, idempotency_key, payload, created_at, status, attempts, next_attempt_at, last_error, sent_at';

/**
 * OutboxStore on the embedded database. Every attempt, successful or not, counts in `attempts`; only a
 * pending message can be marked sent or failed (`not_found` for an unknown id, `conflict` otherwise).
 */
export class SqliteOutboxStore implements OutboxStore {
  private readonly insert: Statement<[NewMessage]>;
  private readonly selectByKey: Statement<[string], OutboxRow>;
  private readonly selectById: Statement<[number], OutboxRow>;
  private readonly selectDue: Statement<[number, number], OutboxRow>;
  private readonly lease: Statement<[number, number]>;
  private readonly sent: Statement<[{ id: number; at: number }]>;
  private readonly failed: Statement<[{ id: number; error: string; retryAt: number | null }]>;
  private readonly selectList: Statement<[{ status: string | null; limit: number }], OutboxRow>;
  private readonly selectCounts: Statement<[], { pending: number; dead: number; oldest: number | null }>;
  private readonly enqueueTx: Transaction<(message: NewMessage) => OutboxRow>;
  private readonly claimTx: Transaction<(now: number, limit: number, leaseMs: number) => OutboxRow[]>;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare<[NewMessage]>(
      `INSERT INTO outbox (channel, idempotency_key, payload, created_at, status, attempts, next_attempt_at)
       VALUES (@channel, @idempotency_key, @payload, @created_at, 'pending', 0, @created_at)
       ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    this.selectByKey = db.prepare<[string], OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE idempotency_key = ?`);
    this.selectById = db.prepare<[number], OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);
    this.selectDue = db.prepare<[number, number], OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY created_at, id LIMIT ?`,
    );
    this.lease = db.prepare<[number, number]>(`UPDATE outbox SET next_attempt_at = ? WHERE id = ?`);
    this.sent = db.prepare<[{ id: number; at: number }]>(
      `UPDATE outbox SET status = 'sent', sent_at = @at, attempts = attempts + 1
       WHERE id = @id AND status = 'pending'`,
    );
    this.failed = db.prepare<[{ id: number; error: string; retryAt: number | null }]>(
      `UPDATE outbox SET attempts = attempts + 1, last_error = @error,
         status = CASE WHEN @retryAt IS NULL THEN 'dead' ELSE 'pending' END,
         next_attempt_at = coalesce(@retryAt, next_attempt_at)
       WHERE id = @id AND status = 'pending'`,
    );
    this.selectList = db.prepare<[{ status: string | null; limit: number }], OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE @status IS NULL OR status = @status ORDER BY id DESC LIMIT @limit`,
    );
    // Both counts walk the (status, next_attempt_at) index; pending rows are few while channels work.
    this.selectCounts = db.prepare<[], { pending: number; dead: number; oldest: number | null }>(
      `SELECT (SELECT count(*) FROM outbox WHERE status = 'pending') AS pending,
              (SELECT count(*) FROM outbox WHERE status = 'dead') AS dead,
              (SELECT min(created_at) FROM outbox WHERE status = 'pending') AS oldest`,
    );
    this.enqueueTx = db.transaction((message: NewMessage) => {
      this.insert.run(message);
      return this.selectByKey.get(message.idempotency_key) as OutboxRow;
    });
    this.claimTx = db.transaction((now: number, limit: number, leaseMs: number) => {
      const rows = this.selectDue.all(now, limit);
      for (const row of rows) {
        row.next_attempt_at = now + leaseMs;
        this.lease.run(row.next_attempt_at, row.id);
      }
      return rows;
    });
  }

  /** Adds a pending message due at its creation time, or returns the one already under its key. */
  async enqueue(message: {
    channel: string;
    idempotencyKey: string;
    payload: Readonly<Record<string, unknown>>;
    createdAt: number;
  }): Promise<OutboxMessage> {
    const row = this.enqueueTx.immediate({
      channel: message.channel,
      idempotency_key: message.idempotencyKey,
      payload: JSON.stringify(message.payload),
      created_at: message.createdAt,
    });
    return fromRow(row);
  }

  /** Leases up to `limit` due pending messages, oldest first, returned with their leased `nextAttemptAt`. */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    if (limit <= 0) return [];
    return this.claimTx.immediate(now, limit, leaseMs).map(fromRow);
  }

  /** Records a successful delivery. */
  async markSent(id: number, at: number): Promise<void> {
    this.expectChanged(id, this.sent.run({ id, at }).changes);
  }

  /** Records a failed delivery: pending again at `retryAt`, or dead without it. */
  async markFailed(id: number, error: string, retryAt?: number): Promise<void> {
    this.expectChanged(id, this.failed.run({ id, error, retryAt: retryAt ?? null }).changes);
  }

  /** Messages newest first, optionally of one status. */
  async list(filter: { status?: OutboxMessage['status']; limit?: number } = {}): Promise<OutboxMessage[]> {
    return this.selectList.all({ status: filter.status ?? null, limit: filter.limit ?? -1 }).map(fromRow);
  }

  /** Pending and dead totals and the oldest pending creation time, read in one statement. */
  async counts(): Promise<OutboxCounts> {
    const row = this.selectCounts.get() as { pending: number; dead: number; oldest: number | null };
    return {
      pending: row.pending,
      dead: row.dead,
      ...(row.oldest === null ? {} : { oldestPendingCreatedAt: row.oldest }),
    };
  }

  private expectChanged(id: number, changes: number): void {
    if (changes > 0) return;
    const row = this.selectById.get(id);
    if (row === undefined) throw new NocError('not_found', `no outbox message ${id}`);
    throw new NocError('conflict', `outbox message ${id} is ${row.status}, not pending`);
  }
}

function fromRow(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.sent_at === null ? {} : { sentAt: row.sent_at }),
  };
}
