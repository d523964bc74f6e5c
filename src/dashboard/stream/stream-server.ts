import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { type Clock, type Logger, silentLogger, type TargetStatus } from '../../core/index.js';
import { ClientSession, type SessionEvents } from './client-session.js';
import type { LiveAlert, LiveFeed, LiveFeedListener, LiveIncident, LiveSample } from './live-feed.js';
import { PendingSample, SubscriptionGroup } from './subscription-group.js';
import { helloFrame } from './wire-format.js';

/** The path the stream is served on. */
export const STREAM_PATH = '/api/v1/stream';

/** Who opened a stream, as the API's authentication establishes it. */
export interface StreamPrincipal {
  readonly name: string;
  readonly role: string;
}

/** Tunables of the stream; every one has a default. */
export interface StreamOptions {
  /** How often coalesced updates are sent (ms). Default 250. */
  readonly flushMs?: number;
  /** Keepalive ping period; a peer silent for a whole period is dropped (ms). Default 30,000. */
  readonly pingMs?: number;
  /** A client whose unsent bytes exceed this at flush time is closed 1013 (bytes). Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** Clients whose subscription has more coalesced items than this waiting are closed 1013. Default 100,000. */
  readonly maxPending?: number;
  /** Time a closed client gets to read its close frame before its socket is destroyed (ms). Default 5,000. */
  readonly closeGraceMs?: number;
  /** Largest message a client may send (bytes). Default 64 KiB. */
  readonly maxMessageBytes?: number;
}

/** What the stream needs from the rest of the process. */
export interface StreamDeps {
  readonly feed: LiveFeed;
  /** The API's authentication (session cookie or Bearer header); undefined when the request carries neither. */
  readonly authenticate: (req: IncomingMessage) => Promise<StreamPrincipal | undefined>;
  /** True when the request's `Origin` is the server's own; consulted only when an Origin is present. */
  readonly sameOrigin: (req: IncomingMessage) => boolean;
  readonly clock: Clock;
  readonly log?: Logger;
  readonly options?: StreamOptions;
}

/** Counters of the stream (for /metrics and tests). */
export interface StreamStats {
  /** Clients connected now. */
  readonly clients: number;
  /** Clients accepted since start. */
  readonly accepted: number;
  /** Handshakes refused (401, 403, 404, errors) since start. */
  readonly refused: number;
  /** Clients closed as slow consumers since start. */
  readonly slowConsumers: number;
  /** Clients cut off for not answering pings since start. */
  readonly deadPeers: number;
}

/** The live stream, attached to an HTTP(S) server's `upgrade` event (see `listen`). */
export interface StreamServer {
  /** Takes over one upgrade request: the stream path becomes a WebSocket, any other path gets 404. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends every client's queued updates now (the timer does it every `flushMs`). */
  flush(): void;
  /** Counters since start. */
  stats(): StreamStats;
  /** Stops the timers, closes every client (1001) and waits until their sockets are gone. */
  close(): Promise<void>;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const ERROR_CODE: Readonly<Record<number, string>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  500: 'internal',
  503: 'unavailable',
};

/** Answers an upgrade request with a plain HTTP error (as the API would) and drops the socket. */
function writeRefusal(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: ERROR_CODE[status], message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * Creates the live stream: authenticates and origin-checks each handshake, then fans the feed out to the
 * clients, coalesced per subscription and flushed every `flushMs`, with keepalive pings and slow-consumer
 * eviction. It listens to the feed only while some client has subscribed, so an idle dashboard costs the
 * producers nothing.
 */
export function attachStream(deps: StreamDeps): StreamServer {
  const log = (deps.log ?? silentLogger).child({ component: 'stream' });
  const o = deps.options ?? {};
  const limits = {
    maxBufferedBytes: o.maxBufferedBytes ?? 1024 * 1024,
    maxPending: o.maxPending ?? 100_000,
    closeGraceMs: o.closeGraceMs ?? 5_000,
  };
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: o.maxMessageBytes ?? 64 * 1024 });
  const sessions = new Set<ClientSession>();
  const sockets = new Set<WebSocket>();
  const groups = new Map<string, SubscriptionGroup>();
  const groupOf = new Map<ClientSession, SubscriptionGroup>();
  const counters = { accepted: 0, refused: 0, slowConsumers: 0, deadPeers: 0 };
  let closing = false;
  let detach: (() => void) | undefined;

  const listener: LiveFeedListener = {
    samples(batch: readonly LiveSample[]) {
      // Wrapped once per batch so each sample is serialized at most once, however many groups send it.
      const entries = batch.map((sample) => new PendingSample(sample));
      for (const group of groups.values()) group.offerSamples(entries);
    },
    target(status: TargetStatus) {
      for (const group of groups.values()) group.offerTarget(status);
    },
    alert(view: LiveAlert) {
      for (const group of groups.values()) group.offerAlert(view);
    },
    incident(view: LiveIncident) {
      for (const group of groups.values()) group.offerIncident(view);
    },
  };

  const flush = (): void => {
    for (const group of groups.values()) group.flush();
  };
  const flushTimer = setInterval(flush, o.flushMs ?? 250);
  flushTimer.unref();
  const pingTimer = setInterval(() => {
    for (const session of sessions) {
      if (session.open && !session.heartbeat()) {
        counters.deadPeers++;
        forget(session);
        log.info('stream client dropped: no answer to ping');
      }
    }
  }, o.pingMs ?? 30_000);
  pingTimer.unref();

  function refuse(socket: Duplex, status: number, message: string): void {
    counters.refused++;
    writeRefusal(socket, status, message);
  }

  function leaveGroup(session: ClientSession): void {
    const group = groupOf.get(session);
    if (group === undefined) return;
    groupOf.delete(session);
    group.members.delete(session);
    if (group.members.size === 0) groups.delete(group.subscription.key);
  }

  function forget(session: ClientSession): void {
    leaveGroup(session);
    sessions.delete(session);
    if (groups.size === 0) {
      detach?.();
      detach = undefined;
    }
  }

  const events: SessionEvents = {
    subscribed(session, subscription) {
      leaveGroup(session);
      let group = groups.get(subscription.key);
      if (group === undefined) {
        group = new SubscriptionGroup(subscription, limits.maxPending, (full) => {
          for (const member of [...full.members]) member.dropSlow();
        });
        groups.set(subscription.key, group);
      }
      group.members.add(session);
      groupOf.set(session, group);
      // Producers pay nothing while no client has subscribed to anything.
      detach ??= deps.feed.listen(listener);
    },
    slow(session) {
      counters.slowConsumers++;
      forget(session);
      log.warn('stream client closed: slow consumer');
    },
    gone: forget,
  };

  function accept(ws: WebSocket, principal: StreamPrincipal): void {
    counters.accepted++;
    sockets.add(ws);
    const session = new ClientSession(ws, limits, events);
    sessions.add(session);
    ws.on('error', (error) => log.debug({ err: error, user: principal.name }, 'stream client error'));
    ws.on('close', () => sockets.delete(ws));
    session.sendNow(helloFrame(deps.clock.now(), principal.role));
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (closing) return refuse(socket, 503, 'the server is shutting down');
    if (pathOf(req) !== STREAM_PATH) return refuse(socket, 404, `no WebSocket endpoint at ${pathOf(req)}`);
    const principal = await deps.authenticate(req);
    if (principal === undefined) return refuse(socket, 401, 'authentication required');
    if (req.headers.origin !== undefined && !deps.sameOrigin(req)) return refuse(socket, 403, 'cross-origin stream refused');
    if (socket.destroyed) return;
    if (closing) return refuse(socket, 503, 'the server is shutting down');
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, principal));
  }

  return {
    handleUpgrade(req, socket, head) {
      // A peer reset during authentication or refusal must not crash the process; once upgraded, ws reports errors.
      socket.on('error', (error) => log.debug({ err: error }, 'stream handshake socket error'));
      upgrade(req, socket, head).catch((error: unknown) => {
        log.error({ err: error }, 'stream handshake failed');
        refuse(socket, 500, 'internal error');
      });
    },
    flush,
    stats: () => ({ clients: sessions.size, ...counters }),
    async close() {
      closing = true;
      clearInterval(flushTimer);
      clearInterval(pingTimer);
      detach?.();
      detach = undefined;
      const gone = [...sockets].map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
      for (const session of sessions) session.close(1001, 'server shutting down');
      sessions.clear();
      groups.clear();
      groupOf.clear();
      await Promise.all(gone);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
