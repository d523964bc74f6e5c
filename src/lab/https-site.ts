import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { systemClock, type Clock, type Logger } from '../core/index.js';
import type { NodeConditions } from './conditions.js';
import { EXPIRING_VALID_DAYS, NORMAL_VALID_DAYS, type LabPki } from './lab-pki.js';
import { labHostName } from './lab-zone.js';
import { LAB_PORTS, LAB_SITE_NAME, type LabAddresses, type LabNode } from './topology.js';
import { listenOn } from './listen-on.js';

/** How to start the lab's web site. */
export interface HttpsSiteOptions {
  readonly addresses: LabAddresses;
  /** The lab's nodes; one server starts per `https` node. */
  readonly nodes: readonly LabNode[];
  readonly pki: Pick<LabPki, 'issue'>;
  /** The conditions of a node now; read at every connection and request. */
  readonly conditions: (nodeId: string) => NodeConditions;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Uniform in [0, 1): which requests the `loss` fault swallows. */
  readonly random?: () => number;
  /** Default LAB_PORTS.https; 0 gives each server a free port of its own (tests). */
  readonly port?: number;
}

/** Where one web server of the site listens. */
export interface HttpsSiteEndpoint {
  readonly nodeId: string;
  readonly address: string;
  readonly port: number;
}

/** The running site. */
export interface HttpsSite {
  readonly endpoints: readonly HttpsSiteEndpoint[];
  close(): Promise<void>;
}

/** The product whose site the lab serves. */
export const SITE_PRODUCT = 'CallMyWay';

type CertKind = 'normal' | 'expiring';

/** Age at which a certificate is replaced: the normal one at two thirds of its life, as ACME clients renew; the expiring one daily, so it stays 4–5 days from its end. */
const REISSUE_AFTER_MS: Readonly<Record<CertKind, number>> = {
  normal: (NORMAL_VALID_DAYS * 2 * 86_400_000) / 3,
  expiring: 86_400_000,
};
const VALID_DAYS: Readonly<Record<CertKind, number>> = { normal: NORMAL_VALID_DAYS, expiring: EXPIRING_VALID_DAYS };
// A client that connects and never completes the handshake holds a socket no longer than this.
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Starts one HTTPS server per web node, at its own address, serving the product's page and `/health`.
 * Faults act per connection and request: `down` resets the TCP connection at accept, `loss` leaves a share
 * of requests unanswered (the client times out), `slow` delays the answer, `cert-expiring` hands new
 * connections a certificate that ends in 5 days.
 */
export async function startHttpsSite(options: HttpsSiteOptions): Promise<HttpsSite> {
  const servers: WebServer[] = [];
  try {
    for (const node of options.nodes.filter((candidate) => candidate.role === 'https')) {
      const server = new WebServer(node, options);
      servers.push(server);
      await server.start(options.addresses.of(node), options.port ?? LAB_PORTS.https);
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  return {
    endpoints: servers.map((server) => server.endpoint()),
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/** A cached certificate of one kind, as a TLS context, with when it was issued. */
interface CachedContext {
  readonly issuedAt: number;
  readonly context: Promise<SecureContext>;
}

/** One web server: a TCP listener that picks each connection's certificate, feeding an HTTP server. */
class WebServer {
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly listener: NetServer;
  private readonly http: HttpServer;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly contexts = new Map<CertKind, CachedContext>();
  private bound: { address: string; port: number } | undefined;

  constructor(
    private readonly node: LabNode,
    private readonly options: HttpsSiteOptions,
  ) {
    this.log = options.log.child({ component: 'lab-https', node: node.id });
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    // TLS is terminated by hand (not tls.Server) so each connection can get the certificate its conditions call for.
    this.listener = createNetServer((socket) => void this.accept(socket));
    this.http = createHttpServer((request, response) => this.handle(request, response));
  }

  async start(address: string, port: number): Promise<void> {
    // Issued before listening: a PKI failure stops the lab at start instead of failing every handshake.
    await this.contextFor(false);
    await listenOn(this.listener, address, port);
    this.listener.on('error', (error) => this.log.warn({ err: error }, 'listener error'));
    const bound = this.listener.address();
    this.bound = { address, port: typeof bound === 'object' && bound !== null ? bound.port : port };
    this.log.info(this.bound, 'lab web server listening');
  }

  endpoint(): HttpsSiteEndpoint {
    return { nodeId: this.node.id, address: this.bound?.address ?? '', port: this.bound?.port ?? 0 };
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.http.closeAllConnections();
    if (!this.listener.listening) return;
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private async accept(raw: Socket): Promise<void> {
    const conditions = this.options.conditions(this.node.id);
    if (!conditions.reachable) {
      // An RST, as a host behind a rejecting firewall gives: the client fails at once with ECONNRESET.
      raw.resetAndDestroy();
      return;
    }
    this.track(raw);
    raw.on('error', (error) => this.log.debug({ err: error }, 'connection error before TLS'));
    let context: SecureContext;
    try {
      context = await this.contextFor(conditions.certificateExpiring);
    } catch (error) {
      this.log.error({ err: error }, 'cannot issue a certificate');
      raw.destroy();
      return;
    }
    if (raw.destroyed) return;
    const tls = new TLSSocket(raw, { isServer: true, secureContext: context });
    this.sockets.delete(raw);
    this.track(tls);
    tls.on('error', (error) => {
      this.log.debug({ err: error }, 'TLS connection error');
      tls.destroy();
    });
    const handshake = setTimeout(() => tls.destroy(), HANDSHAKE_TIMEOUT_MS);
    const settled = (): void => clearTimeout(handshake);
    tls.once('secure', settled);
    tls.once('close', settled);
    this.http.emit('connection', tls);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** The TLS context for the certificate the conditions call for, issuing it when missing or old. */
  private contextFor(expiring: boolean): Promise<SecureContext> {
    // Once the fault clears, its certificate is forgotten: the next injection starts again from 5 days.
    if (!expiring) this.contexts.delete('expiring');
    const kind: CertKind = expiring ? 'expiring' : 'normal';
    const now = this.clock.now();
    const cached = this.contexts.get(kind);
    if (cached !== undefined && now - cached.issuedAt < REISSUE_AFTER_MS[kind]) return cached.context;
    const entry: CachedContext = { issuedAt: now, context: this.issue(kind) };
    this.contexts.set(kind, entry);
    entry.context.catch(() => {
      if (this.contexts.get(kind) === entry) this.contexts.delete(kind);
    });
    return entry.context;
  }

  private async issue(kind: CertKind): Promise<SecureContext> {
    const address = this.options.addresses.of(this.node);
    const issued = await this.options.pki.issue({
      names: [LAB_SITE_NAME, labHostName(this.node.id)],
      ips: [address],
      validDays: VALID_DAYS[kind],
    });
    this.log.info({ kind, notAfter: new Date(issued.notAfter).toISOString() }, 'certificate issued');
    return createSecureContext({ cert: issued.cert, key: issued.key, minVersion: 'TLSv1.2' });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const conditions = this.options.conditions(this.node.id);
    if (!conditions.reachable) {
      request.socket.destroy();
      return;
    }
    if (this.random() < conditions.lossRatio) {
      this.log.debug({ url: request.url }, 'request lost (loss fault)');
      return;
    }
    if (conditions.httpDelayMs <= 0) {
      this.respond(request, response);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.respond(request, response);
    }, conditions.httpDelayMs);
    this.timers.add(timer);
  }

  private respond(request: IncomingMessage, response: ServerResponse): void {
    if (response.destroyed) return;
    response.setHeader('server', `${SITE_PRODUCT}-lab`);
    response.setHeader('x-served-by', this.node.id);
    const path = new URL(request.url ?? '/', 'https://lab.invalid').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    } else if (path === '/health') {
      const body = JSON.stringify({ status: 'ok', node: this.node.id, site: this.node.site });
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body);
    } else if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(this.node));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  }
}

function page(node: LabNode): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${SITE_PRODUCT}</title></head>`,
    '<body>',
    `<h1>${SITE_PRODUCT}</h1>`,
    '<p>Voice for carriers across Latin America.</p>',
    `<footer>Served by ${escapeHtml(node.name)} (${escapeHtml(node.site)}).</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
