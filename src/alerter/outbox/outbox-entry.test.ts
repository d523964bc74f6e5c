import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../core/index.js';
import { DeliveryError, type OutgoingMessage } from '../notifiers/notification.js';
import { outboxEntry, outgoingMessageOf } from './outbox-entry.js';

const T0 = Date.UTC(2025, 5, 1);

function stored(payload: Record<string, unknown>, key = 'k'): OutboxMessage {
  return { id: 7, channel: 'c', idempotencyKey: key, payload, createdAt: T0, status: 'pending', attempts: 0, nextAttemptAt: T0 };
}

describe('outbox entries', () => {
  it('round-trips an outgoing message through the stored payload', () => {
    const message: OutgoingMessage = { idempotencyKey: 'hb', notification: { type: 'heartbeat', at: T0 }, to: ['oncall@example.net'] };
    const entry = outboxEntry('watchdog', message, T0 + 1);
    expect(entry).toEqual({ channel: 'watchdog', idempotencyKey: 'hb', payload: message, createdAt: T0 + 1 });
    const restored = JSON.parse(JSON.stringify(entry.payload)) as Record<string, unknown>;
    expect(outgoingMessageOf(stored(restored, 'hb'))).toEqual(message);
  });

  it('uses the key the outbox deduplicated on', () => {
    expect(outgoingMessageOf(stored({ idempotencyKey: 'other', notification: { type: 'heartbeat', at: T0 } }, 'row-key')).idempotencyKey).toBe('row-key');
  });

  it.each([
    [{}],
    [{ notification: { type: 'sms' } }],
    [{ notification: { type: 'heartbeat', at: T0 }, to: 'oncall@example.net' }],
  ])('refuses %j with an error that is not retryable', (payload) => {
    const attempt = () => outgoingMessageOf(stored(payload));
    expect(attempt).toThrow(DeliveryError);
    try {
      attempt();
    } catch (error) {
      expect((error as DeliveryError).retryable).toBe(false);
    }
  });
});
