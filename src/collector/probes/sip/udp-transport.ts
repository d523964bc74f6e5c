import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { isIP } from 'node:net';
import { parseResponse, topBranch, type SipResponse } from './sip-message.js';

/** Where a datagram goes or came from. */
export interface UdpEndpoint {
  readonly ip: string;
  readonly port: number;
}

/** Receives the responses whose topmost Via carries one branch. */
export type ResponseListener = (response: SipResponse) => void;

/**
 * One UDP socket per address family, shared by every transaction of a probe: responses are handed to the
 * transaction whose branch their topmost Via carries; anything else is dropped.
 */
export class SipUdpTransport {
  private readonly sockets = new Map<4 | 6, Promise<Socket>>();
  private readonly listeners = new Map<string, ResponseListener>();
  private readonly localIps = new Map<string, Promise<string>>();
  private closed = false;

  /** Registers `listener` for responses to `branch`; the returned function unregisters it. */
  listen(branch: string, listener: ResponseListener): () => void {
    this.listeners.set(branch, listener);
    return () => {
      if (this.listeners.get(branch) === listener) this.listeners.delete(branch);
    };
  }

  /** The address and port this transport sends to `peer` from, for the Via and Contact. */
  async localEndpoint(peer: UdpEndpoint): Promise<UdpEndpoint> {
    const socket = await this.socketFor(peer.ip);
    return { ip: await this.localIpFor(peer), port: socket.address().port };
  }

  /** Sends one datagram to `peer`. */
  async send(peer: UdpEndpoint, text: string): Promise<void> {
    const socket = await this.socketFor(peer.ip);
    await new Promise<void>((resolve, reject) => socket.send(text, peer.port, peer.ip, (error) => (error ? reject(error) : resolve())));
  }

  /** Closes the sockets; later sends fail. */
  async close(): Promise<void> {
    this.closed = true;
    const sockets = await Promise.allSettled([...this.sockets.values()]);
    this.sockets.clear();
    this.listeners.clear();
    await Promise.all(
      sockets.map((settled) =>
        settled.status === 'fulfilled' ? new Promise<void>((resolve) => settled.value.close(() => resolve())) : undefined,
      ),
    );
  }

  private socketFor(ip: string): Promise<Socket> {
    if (this.closed) return Promise.reject(new Error('the probe is closed'));
    const family = isIP(ip) === 6 ? 6 : 4;
    let socket = this.sockets.get(family);
    if (socket === undefined) {
      socket = this.open(family);
      this.sockets.set(family, socket);
    }
    return socket;
  }

  private async open(family: 4 | 6): Promise<Socket> {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    // A stray ICMP error or a bad datagram must not take the process down; transactions time out instead.
    socket.on('error', () => undefined);
    socket.on('message', (data) => this.dispatch(data));
    socket.bind(0);
    await once(socket, 'listening');
    return socket;
  }

  private dispatch(data: Buffer): void {
    const response = parseResponse(data.toString('utf8'));
    const branch = response === undefined ? undefined : topBranch(response);
    if (response === undefined || branch === undefined) return;
    this.listeners.get(branch)?.(response);
  }

  // The socket is bound to the wildcard address; the route to the peer says which address the peer sees.
  private localIpFor(peer: UdpEndpoint): Promise<string> {
    let ip = this.localIps.get(peer.ip);
    if (ip === undefined) {
      ip = routeSource(peer).catch(() => (isIP(peer.ip) === 6 ? '::1' : '127.0.0.1'));
      this.localIps.set(peer.ip, ip);
    }
    return ip;
  }
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
