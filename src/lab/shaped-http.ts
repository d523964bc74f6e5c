import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { NodeConditions } from './conditions.js';

/** How long a "lost" HTTP request is held before its connection is dropped: longer than any probe timeout. */
const LOST_REQUEST_HOLD_MS = 60_000;

/**
 * Wraps `handler` so the node's conditions shape every exchange: an unreachable node resets
 * connections, a lossy one leaves some requests unanswered (the client times out, as on a real
 * lossy path), a slow one answers late.
 */
export function shapedHandler(
  conditions: () => NodeConditions,
  random: () => number,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): RequestListener {
  return (request, response) => {
    const now = conditions();
    if (!now.reachable) {
      request.socket.destroy();
      return;
    }
    if (random() < now.lossRatio) {
      const timer = setTimeout(() => request.socket.destroy(), LOST_REQUEST_HOLD_MS);
      request.socket.once('close', () => clearTimeout(timer));
      return;
    }
    if (now.httpDelayMs <= 0) {
      handler(request, response);
      return;
    }
    const timer = setTimeout(() => handler(request, response), now.httpDelayMs * (1 + 0.1 * random()));
    request.socket.once('close', () => clearTimeout(timer));
  };
}

/** Resets new connections while the node is unreachable, so clients see the node as down at once. */
export function refuseWhileUnreachable(server: Server, conditions: () => NodeConditions): void {
  server.on('connection', (socket: Socket) => {
    if (!conditions().reachable) socket.destroy();
  });
}

/** Closes `server` and every connection still open on it. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
