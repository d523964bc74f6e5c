import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/index.js';
import { MemoryOutboxStore } from './memory-outbox-store.js';

const T0 = Date.UTC(2025, 5, 1);
const message = (key: string, createdAt = T0) => ({ channel: 'c', idempotencyKey: key, payload: { key }, createdAt });

// The same behaviour as the embedded database's outbox (src/store/incident-store.case.ts).
describe('MemoryOutboxStore', () => {
  it('enqueues idempotently on the key', async () => {
    const outbox = new MemoryOutboxStore();
    const first = await outbox.enqueue(message('k'));
    expect(first).toEqual({ id: 1, channel: 'c', idempotencyKey: 'k', payload: { key: 'k' }, createdAt: T0, status: 'pending', attempts: 0, nextAttemptAt: T0 });
    expect(await outbox.enqueue({ ...message('k', T0 + 5), payload: { other: true } })).toEqual(first);
    expect(await outbox.list()).toEqual([first]);
  });

  it('claims due messages oldest first up to the limit, and leases them', async () => {
    const outbox = new MemoryOutboxStore();
    const m2 = await outbox.enqueue(message('m2', T0 + 10));
    const m1 = await outbox.enqueue(message('m1', T0));
    await outbox.enqueue(message('m3', T0 + 1_000));
    expect(await outbox.claimDue(T0 + 100, 5, 500)).toEqual([
      { ...m1, nextAttemptAt: T0 + 600 },
      { ...m2, nextAttemptAt: T0 + 600 },
    ]);
    expect(await outbox.claimDue(T0 + 599, 5, 500)).toEqual([]);
    expect((await outbox.claimDue(T0 + 1_000, 1, 500)).map((m) => m.idempotencyKey)).toEqual(['m1']);
    expect(await outbox.claimDue(T0 + 1_000, 0, 500)).toEqual([]);
  });

  it('records outcomes only of pending messages', async () => {
    const outbox = new MemoryOutboxStore();
    const a = await outbox.enqueue(message('a'));
    const b = await outbox.enqueue(message('b', T0 + 1));
    await outbox.markFailed(a.id, 'smtp 451', T0 + 5_000);
    await outbox.markSent(b.id, T0 + 2);
    expect(await outbox.list()).toEqual([
      { ...b, status: 'sent', attempts: 1, sentAt: T0 + 2 },
      { ...a, attempts: 1, lastError: 'smtp 451', nextAttemptAt: T0 + 5_000 },
    ]);
    await outbox.markFailed(a.id, 'webhook 400');
    expect(await outbox.list({ status: 'dead' })).toEqual([{ ...a, status: 'dead', attempts: 2, lastError: 'webhook 400', nextAttemptAt: T0 + 5_000 }]);
    await expect(outbox.markSent(a.id, T0)).rejects.toSatisfy((e) => isNocError(e, 'conflict'));
    await expect(outbox.markFailed(99, 'x')).rejects.toSatisfy((e) => isNocError(e, 'not_found'));
    expect(await outbox.counts()).toEqual({ pending: 0, dead: 1 });
  });

  it('counts pending and dead messages and finds the oldest pending one', async () => {
    const outbox = new MemoryOutboxStore();
    await outbox.enqueue(message('a', T0 + 50));
    await outbox.enqueue(message('b', T0 + 20));
    expect(await outbox.counts()).toEqual({ pending: 2, dead: 0, oldestPendingCreatedAt: T0 + 20 });
    expect((await outbox.list({ limit: 1 })).map((m) => m.idempotencyKey)).toEqual(['b']);
  });
});
