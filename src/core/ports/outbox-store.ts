/** A notification waiting to be delivered, written before any attempt so none is ever lost. */
export interface OutboxMessage {
  readonly id: number;
  readonly channel: string;
  /** Same key, same message: receivers and the outbox itself use it to drop duplicates. */
  readonly idempotencyKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly status: 'pending' | 'sent' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError?: string;
  readonly sentAt?: number;
}

/** What the outbox holds now: the gauges of delivery health. */
export interface OutboxCounts {
  /** Messages not yet delivered nor given up on (including those being sent now). */
  readonly pending: number;
  /** Messages given up on (dead letters), kept for people to look at. */
  readonly dead: number;
  /** Creation time of the oldest pending message; absent when none is pending. */
  readonly oldestPendingCreatedAt?: number;
}

/** Durable notification outbox. */
export interface OutboxStore {
  /** Adds a message; a second enqueue with the same idempotency key returns the first one unchanged. */
  enqueue(message: {
    channel: string;
    idempotencyKey: string;
    payload: Readonly<Record<string, unknown>>;
    createdAt: number;
  }): Promise<OutboxMessage>;
  /**
   * Pending messages due at `now`, oldest first, leased for `leaseMs` (pushed out of `due` so that a second
   * worker does not take them; a crashed worker's lease simply runs out).
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  markSent(id: number, at: number): Promise<void>;
  /** Records a failed attempt: retried at `retryAt`, or dead-lettered when `retryAt` is undefined. */
  markFailed(id: number, error: string, retryAt?: number): Promise<void>;
  list(filter?: { status?: OutboxMessage['status']; limit?: number }): Promise<OutboxMessage[]>;
  /** How many messages are pending and dead, and how old the oldest pending one is. */
  counts(): Promise<OutboxCounts>;
}
