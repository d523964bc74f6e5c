import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../core/index.js';
import type { NodeConditions } from './conditions.js';
import { listenOn } from './listen-on.js';

const COMPACT: Readonly<Record<string, string>> = { v: 'via', f: 'from', t: 'to', i: 'call-id', l: 'content-length', m: 'contact' };
/** Largest request the responder reads before giving up on a stream (RFC 3261 peers stay far below). */
const MAX_MESSAGE_BYTES = 16_384;

/** A parsed SIP request: the method and the headers a response copies. */
export interface SipRequest {
  readonly method: string;
  readonly vias: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly callId?: string;
  readonly cseq?: string;
}

/** Parses a request's start line and headers; undefined for responses and garbage. */
export function parseSipRequest(text: string): SipRequest | undefined {
  const lines = text.split('\r\n');
  const start = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(lines[0] ?? '');
  if (start === null) return undefined;
  const vias: string[] = [];
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const value = line.slice(colon + 1).trim();
    if (name === 'via') vias.push(...value.split(/,(?=\s*SIP\/)/i).map((via) => via.trim()));
    else if (!headers.has(name)) headers.set(name, value);
  }
  if (vias.length === 0) return undefined;
  return {
    method: start[1] as string,
    vias,
    ...optional('from', headers.get('from')),
    ...optional('to', headers.get('to')),
    ...optional('callId', headers.get('call-id')),
    ...optional('cseq', headers.get('cseq')),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * The response of RFC 3261 §8.2.6: Via, From, Call-ID and CSeq copied, a To tag added, and the top
 * Via given `received` and `rport` (RFC 3581) so the reply finds its way back through NAT.
 */
export function buildSipResponse(request: SipRequest, code: number, reason: string, source: { address: string; port: number }, toTag: string, server: string): string {
  const [top, ...rest] = request.vias;
  let via = top as string;
  if (/;rport(?=;|$)/.test(via)) via = via.replace(/;rport(?=;|$)/, `;rport=${source.port}`);
  if (!/;received=/.test(via)) via += `;received=${source.address}`;
  const to = request.to === undefined ? undefined : /;tag=/.test(request.to) ? request.to : `${request.to};tag=${toTag}`;
  const lines = [
    `SIP/2.0 ${code} ${reason}`,
    ...[via, ...rest].map((value) => `Via: ${value}`),
    ...(request.from === undefined ? [] : [`From: ${request.from}`]),
    ...(to === undefined ? [] : [`To: ${to}`]),
    ...(request.callId === undefined ? [] : [`Call-ID: ${request.callId}`]),
    ...(request.cseq === undefined ? [] : [`CSeq: ${request.cseq}`]),
    `Server: ${server}`,
    'Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER',
    'Accept: application/sdp',
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A SIP endpoint answering OPTIONS over UDP and TCP on one address, shaped by its node's conditions. */
export class SipResponder {
  private udp?: UdpSocket;
  private tcp?: Server;
  private readonly streams = new Set<Socket>();
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: {
      readonly address: string;
      readonly port: number;
      readonly server: string;
      readonly toTag: string;
      readonly conditions: () => NodeConditions;
      readonly random: () => number;
      readonly log: Logger;
    },
  ) {}

  /** Binds UDP and TCP. */
  async start(): Promise<void> {
    const { address, port } = this.options;
    const udp = createSocket({ type: 'udp4', reuseAddr: false });
    udp.on('message', (message, remote) => this.onDatagram(message, remote));
    udp.on('error', (error) => this.options.log.warn({ err: error }, 'SIP UDP socket error'));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, address, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udp = udp;
    const tcp = createServer((socket) => this.onStream(socket));
    await listenOn(tcp, address, port);
    this.tcp = tcp;
  }

  /** Closes both sockets and every open stream. */
  async stop(): Promise<void> {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const stream of this.streams) stream.destroy();
    this.udp?.close();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  private onDatagram(message: Buffer, remote: RemoteInfo): void {
    const conditions = this.options.conditions();
    if (!conditions.reachable || this.options.random() < conditions.lossRatio) return;
    const response = this.respond(message.toString('latin1'), remote);
    if (response === undefined) return;
    this.later(conditions.sipDelayMs, () => this.udp?.send(Buffer.from(response, 'latin1'), remote.port, remote.address));
  }

  private onStream(socket: Socket): void {
    if (!this.options.conditions().reachable) {
      socket.destroy();
      return;
    }
    this.streams.add(socket);
    socket.on('close', () => this.streams.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/\r\n(?:content-length|l)\s*:\s*(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) break;
        const message = buffered.slice(0, end + 4 + length);
        buffered = buffered.slice(end + 4 + length);
        this.onStreamMessage(socket, message);
      }
      if (buffered.length > MAX_MESSAGE_BYTES) socket.destroy();
    });
  }

  private onStreamMessage(socket: Socket, message: string): void {
    const conditions = this.options.conditions();
    if (!conditions.reachable) {
      socket.destroy();
      return;
    }
    const response = this.respond(message, { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
    if (response !== undefined) this.later(conditions.sipDelayMs, () => socket.writable && socket.write(response, 'latin1'));
  }

  private respond(text: string, source: { address: string; port: number }): string | undefined {
    const request = parseSipRequest(text);
    // ACK never gets a response; responses and garbage are ignored, as a proxy would.
    if (request === undefined || request.method === 'ACK') return undefined;
    const { server, toTag } = this.options;
    if (request.method === 'OPTIONS') return buildSipResponse(request, 200, 'OK', source, toTag, server);
    return buildSipResponse(request, 405, 'Method Not Allowed', source, toTag, server);
  }

  private later(delayMs: number, send: () => unknown): void {
    if (delayMs <= 0) {
      send();
      return;
    }
    const jitter = delayMs * 0.1 * this.options.random();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      send();
    }, delayMs + jitter);
    this.pending.add(timer);
  }
}
