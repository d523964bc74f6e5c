import { Router } from 'express';
import { NocError, type OutboxMessage, type OutboxStore } from '../../core/index.js';
import { requireRole } from '../auth.js';
import { stringParam } from './query-params.js';

const STATUSES: readonly OutboxMessage['status'][] = ['pending', 'sent', 'dead'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function statusParam(query: Record<string, unknown>): OutboxMessage['status'] | undefined {
  const status = stringParam(query, 'status');
  if (status === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw new NocError('bad_request', `status: expected one of ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`, { field: 'status' });
  }
  return status as OutboxMessage['status'];
}

function limitParam(query: Record<string, unknown>): number {
  const text = stringParam(query, 'limit');
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new NocError('bad_request', `limit: expected a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(text)}`, { field: 'limit' });
  }
  return limit;
}

/** The outbox as it stands, times as ISO-8601. */
function view(message: OutboxMessage) {
  return {
    ...message,
    createdAt: new Date(message.createdAt).toISOString(),
    nextAttemptAt: new Date(message.nextAttemptAt).toISOString(),
    ...(message.sentAt === undefined ? {} : { sentAt: new Date(message.sentAt).toISOString() }),
  };
}

/**
 * `GET /notifications?status=&limit=`: the notification outbox, newest first — what is waiting, what was
 * delivered and what was given up (dead letters). Operators only: messages carry recipients' addresses.
 */
export function notificationRoutes(outbox: Pick<OutboxStore, 'list'>): Router {
  const router = Router();
  router.get('/notifications', requireRole('operator'), async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const status = statusParam(query);
    const messages = await outbox.list({ limit: limitParam(query), ...(status === undefined ? {} : { status }) });
    res.json({ data: messages.map(view) });
  });
  return router;
}
