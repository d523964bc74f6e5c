import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Clock } from '../../../core/index.js';
import { completeMessageLength, parseResponse, topBranch, type SipResponse } from './sip-message.js';
import { elapsed, freshRequest, type RequestSettings, type TransactionOutcome } from './transaction.js';

/** Where and how a stream transaction connects. */
export interface StreamPeer {
  readonly ip: string;
  readonly port: number;
  /** TLS settings, or undefined for plain TCP. */
  readonly tls?: StreamTls;
}

/** How a stream transaction speaks TLS: `serverName` is sent as SNI and checked against the certificate; `ca` replaces the system roots. */
export interface StreamTls {
  readonly verify: boolean;
  readonly serverName?: string;
  readonly ca?: string;
}

/** A response larger than this is not a SIP OPTIONS answer; the run stops reading. */
const MAX_BUFFER_BYTES = 64 * 1024;

/**
 * One OPTIONS transaction on its own TCP or TLS connection; responses are framed by Content-Length.
 * Waits for a final response until `signal` aborts; never rejects.
 */
export async function streamTransaction(
  peer: StreamPeer,
  settings: RequestSettings,
  options: { clock: Clock; signal: AbortSignal },
): Promise<TransactionOutcome> {
  const { clock, signal } = options;
  let socket: Socket | undefined;
  const destroy = (): void => {
    socket?.destroy();
  };
  signal.addEventListener('abort', destroy, { once: true });
  let start: number | undefined;
  let rttMs: number | undefined;
  let provisional: SipResponse | undefined;
  let sent = 0;
  try {
    socket = await connect(peer, signal);
    const request = freshRequest(settings, peer.tls === undefined ? 'TCP' : 'TLS', { ip: socket.localAddress ?? '0.0.0.0', port: socket.localPort ?? 0 });
    start = clock.monotonic();
    socket.write(request.text);
    sent = 1;
    let buffer = Buffer.alloc(0);
    for await (const chunk of socket) {
      // Keep-alive CRLFs between messages carry nothing.
      buffer = Buffer.concat([buffer, chunk as Buffer]);
      for (;;) {
        while (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) buffer = buffer.subarray(2);
        const length = completeMessageLength(buffer);
        if (length === undefined) break;
        const response = parseResponse(buffer.subarray(0, length).toString('utf8'));
        buffer = buffer.subarray(length);
        if (response === undefined || topBranch(response) !== request.branch) continue;
        rttMs ??= elapsed(clock, start);
        if (response.status >= 200) return { sent, rttMs, final: response };
        provisional = response;
      }
      if (buffer.length > MAX_BUFFER_BYTES) throw new Error(`no complete SIP message in the first ${MAX_BUFFER_BYTES} bytes`);
    }
    throw new Error('the peer closed the connection without a final response');
  } catch (error) {
    const reason = signal.aborted ? undefined : streamReason(error);
    return {
      sent,
      ...(rttMs === undefined ? {} : { rttMs }),
      ...(provisional === undefined ? {} : { provisional }),
      ...(reason === undefined ? {} : { error: reason }),
    };
  } finally {
    signal.removeEventListener('abort', destroy);
    destroy();
  }
}

async function connect(peer: StreamPeer, signal: AbortSignal): Promise<Socket> {
  const tcp = createConnection({ host: peer.ip, port: peer.port });
  tcp.on('error', () => undefined);
  try {
    await once(tcp, 'connect', { signal });
  } catch (error) {
    tcp.destroy();
    throw error;
  }
  if (peer.tls === undefined) return tcp;
  const { serverName } = peer.tls;
  const secure = tlsConnect({
    socket: tcp,
    // Without a server name the certificate is checked against `host`; absent, Node checks it against "localhost".
    host: peer.ip,
    rejectUnauthorized: peer.tls.verify,
    ...(peer.tls.ca === undefined ? {} : { ca: peer.tls.ca }),
    ...(serverName === undefined ? {} : { servername: serverName }),
  });
  try {
    await once(secure, 'secureConnect', { signal });
  } catch (error) {
    secure.destroy();
    throw new Error(`TLS handshake failed: ${(error as Error).message}`, { cause: error });
  }
  return secure;
}

function streamReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset by the peer';
  return (error as Error).message;
}
