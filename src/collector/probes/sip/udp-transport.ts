import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { isIP } from 'node:net';
import { readResponseDatagram, type ReceivedResponse } from './datagram-response.js';
import { OptionsTemplate, RandomTokens } from './sip-message.js';
import type { RequestSettings } from './transaction.js';

/**
 * The receive buffer asked for (the kernel caps it at net.core.rmem_max, and doubles it). With the default
 * ~200 kB, a 20 ms stall of the event loop (a GC pause, a busy CPU) at 5,000 responses a second overflowed
 * it: the dropped responses came back as retransmissions 500 ms later, or as false "no answer" results.
 */
const RECEIVE_BUFFER_BYTES = 1 << 20;

/** Where a datagram goes or came from. */
export interface UdpEndpoint {
  readonly ip: string;
  readonly port: number;
}

/** Receives the responses whose topmost Via carries one branch. */
export type ResponseListener = (response: ReceivedResponse) => void;

/** Called once a datagram has left, with the error when it could not be sent. */
export type SendCallback = (error: Error | null) => void;

/** The socket and local address requests to one peer address go out from, with their prepared requests. */
export class UdpRoute {
  /** `@` and the local address: the tail of every Call-ID sent on this route. */
  readonly callIdSuffix: string;
  // Keyed by the settings object: a probe keeps one for its lifetime, so its template is built once.
  private readonly templates = new WeakMap<RequestSettings, OptionsTemplate>();

  constructor(
    readonly socket: Socket,
    readonly local: UdpEndpoint,
  ) {
    this.callIdSuffix = `@${local.ip}`;
  }

  /** The OPTIONS template for `settings` sent from this route's local address. */
  template(settings: RequestSettings): OptionsTemplate {
    let template = this.templates.get(settings);
    if (template === undefined) {
      template = new OptionsTemplate({ ...settings, viaTransport: 'UDP', localHost: this.local.ip, localPort: this.local.port });
      this.templates.set(settings, template);
    }
    return template;
  }
}

/**
 * One UDP socket per address family, shared by every transaction of a probe: responses are handed to the
 * transaction whose branch their topmost Via carries; anything else is dropped.
 */
export class SipUdpTransport {
  /** Random tokens for the branches, tags and Call-IDs of this transport's requests. */
  readonly tokens = new RandomTokens();
  private readonly sockets = new Map<4 | 6, Promise<Socket>>();
  private readonly listeners = new Map<string, ResponseListener>();
  private readonly routes = new Map<string, Promise<UdpRoute>>();
  private readonly readyRoutes = new Map<string, UdpRoute>();
  private closed = false;

  /** Registers `listener` for responses to `branch`; the returned function unregisters it. */
  listen(branch: string, listener: ResponseListener): () => void {
    this.listeners.set(branch, listener);
    return () => this.unlisten(branch, listener);
  }

  /** Unregisters `listener` from `branch` (a later listener for the same branch stays). */
  unlisten(branch: string, listener: ResponseListener): void {
    if (this.listeners.get(branch) === listener) this.listeners.delete(branch);
  }

  /** The address and port this transport sends to `peer` from, for the Via and Contact. */
  async localEndpoint(peer: UdpEndpoint): Promise<UdpEndpoint> {
    return (await this.route(peer)).local;
  }

  /**
   * The route to `peer` once it has been opened, synchronously: the steady state of a probe, which then
   * sends without awaiting anything. Undefined before the first {@link route} to that address settles.
   */
  readyRoute(peer: UdpEndpoint): UdpRoute | undefined {
    return this.closed ? undefined : this.readyRoutes.get(peer.ip);
  }

  /** The route to `peer`, opening the socket and finding the local address on first use; rejects once closed. */
  route(peer: UdpEndpoint): Promise<UdpRoute> {
    if (this.closed) return Promise.reject(new Error('the probe is closed'));
    let route = this.routes.get(peer.ip);
    if (route === undefined) {
      route = this.openRoute(peer);
      this.routes.set(peer.ip, route);
      route.then(
        (ready) => {
          if (!this.closed) this.readyRoutes.set(peer.ip, ready);
        },
        // A socket that failed to open is tried again by the next run.
        () => this.routes.delete(peer.ip),
      );
    }
    return route;
  }

  /** Sends one datagram to `peer` on `route`; `sent` learns of failures (a closed transport is one). */
  send(route: UdpRoute, peer: UdpEndpoint, data: Buffer, sent: SendCallback): void {
    if (this.closed) return sent(new Error('the probe is closed'));
    try {
      route.socket.send(data, peer.port, peer.ip, sent);
    } catch (error) {
      sent(error as Error);
    }
  }

  /** Closes the sockets; later sends fail. */
  async close(): Promise<void> {
    this.closed = true;
    const sockets = await Promise.allSettled([...this.sockets.values()]);
    this.sockets.clear();
    this.listeners.clear();
    this.routes.clear();
    this.readyRoutes.clear();
    await Promise.all(
      sockets.map((settled) =>
        settled.status === 'fulfilled' ? new Promise<void>((resolve) => settled.value.close(() => resolve())) : undefined,
      ),
    );
  }

  private async openRoute(peer: UdpEndpoint): Promise<UdpRoute> {
    const socket = await this.socketFor(peer.ip);
    // The socket is bound to the wildcard address; the route to the peer says which address the peer sees.
    const ip = await routeSource(peer).catch(() => (isIP(peer.ip) === 6 ? '::1' : '127.0.0.1'));
    return new UdpRoute(socket, { ip, port: socket.address().port });
  }

  private socketFor(ip: string): Promise<Socket> {
    const family = isIP(ip) === 6 ? 6 : 4;
    let socket = this.sockets.get(family);
    if (socket === undefined) {
      socket = this.open(family);
      this.sockets.set(family, socket);
    }
    return socket;
  }

  private async open(family: 4 | 6): Promise<Socket> {
    // Peers are always IP addresses (names are resolved before a transaction starts): an identity lookup
    // spares each send dgram's default dns.lookup call and the tick it waits for.
    const socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', lookup: identityLookup, recvBufferSize: RECEIVE_BUFFER_BYTES });
    // A stray ICMP error or a bad datagram must not take the process down; transactions time out instead.
    socket.on('error', () => undefined);
    socket.on('message', (data) => this.dispatch(data));
    // Listen first: with a synchronous lookup, bind may report 'listening' before it returns.
    const listening = once(socket, 'listening');
    socket.bind(0);
    await listening;
    return socket;
  }

  private dispatch(data: Buffer): void {
    const response = readResponseDatagram(data);
    if (response !== undefined) this.listeners.get(response.branch)?.(response);
  }
}

/** A `lookup` for sockets that only ever send to IP addresses: the address is its own answer. */
function identityLookup(address: string, _options: unknown, callback: (error: Error | null, address: string, family: number) => void): void {
  callback(null, address, isIP(address));
}

async function routeSource(peer: UdpEndpoint): Promise<string> {
  const probe = createSocket(isIP(peer.ip) === 6 ? 'udp6' : 'udp4');
  try {
    probe.connect(peer.port, peer.ip);
    await once(probe, 'connect');
    return probe.address().address;
  } finally {
    probe.close();
  }
}
