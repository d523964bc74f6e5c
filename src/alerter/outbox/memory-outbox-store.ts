import { NocError, type OutboxCounts, type OutboxMessage, type OutboxStore } from '../../core/index.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * An OutboxStore in memory with the embedded database's semantics (leases, attempts, `conflict` for a
 * message no longer pending): for tests and tools that must not touch a database. Lost on exit.
 */
export class MemoryOutboxStore implements OutboxStore {
  private readonly messages = new Map<number, Mutable<OutboxMessage>>();
  private readonly byKey = new Map<string, number>();
  private nextId = 1;

  /** Adds a pending message due at its creation time, or returns the one already under its key. */
  async enqueue(message: Parameters<OutboxStore['enqueue']>[0]): Promise<OutboxMessage> {
    const existing = this.byKey.get(message.idempotencyKey);
    if (existing !== undefined) return this.copy(existing);
    const id = this.nextId++;
    this.messages.set(id, {
      id,
      channel: message.channel,
      idempotencyKey: message.idempotencyKey,
      payload: JSON.parse(JSON.stringify(message.payload)) as Record<string, unknown>,
      createdAt: message.createdAt,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: message.createdAt,
    });
    this.byKey.set(message.idempotencyKey, id);
    return this.copy(id);
  }

  /** Leases up to `limit` due pending messages, oldest first. */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    if (limit <= 0) return [];
    const due = [...this.messages.values()]
      .filter((m) => m.status === 'pending' && m.nextAttemptAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
      .slice(0, limit);
    for (const message of due) message.nextAttemptAt = now + leaseMs;
    return due.map((m) => this.copy(m.id));
  }

  /** Records a successful delivery. */
  async markSent(id: number, at: number): Promise<void> {
    const message = this.pending(id);
    message.status = 'sent';
    message.sentAt = at;
    message.attempts++;
  }

  /** Records a failed delivery: pending again at `retryAt`, or dead without it. */
  async markFailed(id: number, error: string, retryAt?: number): Promise<void> {
    const message = this.pending(id);
    message.attempts++;
    message.lastError = error;
    if (retryAt === undefined) message.status = 'dead';
    else message.nextAttemptAt = retryAt;
  }

  /** Messages newest first, optionally of one status. */
  async list(filter: { status?: OutboxMessage['status']; limit?: number } = {}): Promise<OutboxMessage[]> {
    const ids = [...this.messages.values()]
      .filter((m) => filter.status === undefined || m.status === filter.status)
      .map((m) => m.id)
      .sort((a, b) => b - a);
    return ids.slice(0, filter.limit ?? ids.length).map((id) => this.copy(id));
  }

  /** Pending and dead totals and the oldest pending creation time. */
  async counts(): Promise<OutboxCounts> {
    let pending = 0;
    let dead = 0;
    let oldest: number | undefined;
    for (const message of this.messages.values()) {
      if (message.status === 'dead') dead++;
      if (message.status !== 'pending') continue;
      pending++;
      oldest = oldest === undefined ? message.createdAt : Math.min(oldest, message.createdAt);
    }
    return { pending, dead, ...(oldest === undefined ? {} : { oldestPendingCreatedAt: oldest }) };
  }

  private pending(id: number): Mutable<OutboxMessage> {
    const message = this.messages.get(id);
    if (message === undefined) throw new NocError('not_found', `no outbox message ${id}`);
    if (message.status !== 'pending') throw new NocError('conflict', `outbox message ${id} is ${message.status}, not pending`);
    return message;
  }

  private copy(id: number): OutboxMessage {
    return structuredClone(this.messages.get(id) as OutboxMessage);
  }
}
