import type { OutboxMessage, OutboxStore } from '../../core/index.js';
import { DeliveryError, type OutgoingMessage } from '../notifiers/notification.js';

/** What `OutboxStore.enqueue` takes. */
export type OutboxEntry = Parameters<OutboxStore['enqueue']>[0];

/** The outbox entry that delivers `message` through the configured channel `channel`. */
export function outboxEntry(channel: string, message: OutgoingMessage, createdAt: number): OutboxEntry {
  return {
    channel,
    idempotencyKey: message.idempotencyKey,
    // A JSON round trip drops undefined fields, so the stored payload is exactly what a restart reads back.
    payload: JSON.parse(JSON.stringify(message)) as Record<string, unknown>,
    createdAt,
  };
}

/**
 * The message a stored payload describes. A payload that is not one (written by a newer or broken
 * version) will not become one by waiting: it fails with a DeliveryError that is not retryable.
 */
export function outgoingMessageOf(stored: OutboxMessage): OutgoingMessage {
  const { notification, to } = stored.payload;
  if (!isNotification(notification)) {
    throw new DeliveryError(`outbox message ${stored.id} holds no notification`, false);
  }
  if (to !== undefined && !(Array.isArray(to) && to.every((address) => typeof address === 'string'))) {
    throw new DeliveryError(`outbox message ${stored.id} has recipients that are not a list of addresses`, false);
  }
  // The row's key is the one the outbox deduplicated on, so it is the one receivers must see.
  return { idempotencyKey: stored.idempotencyKey, notification, ...(to === undefined ? {} : { to }) };
}

function isNotification(value: unknown): value is OutgoingMessage['notification'] {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'incident' || type === 'heartbeat';
}
