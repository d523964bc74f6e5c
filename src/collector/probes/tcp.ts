import { once } from 'node:events';
import { createConnection, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ProbeOf } from '../../config/index.js';
import { formatDuration, type Clock } from '../../core/index.js';
import type { Measurement, ProbeFactory, ProbeResult, ProbeRunContext } from '../probe.js';

/** Most of a response searched for `expect`; a peer that keeps talking without matching fails here. */
export const MAX_RESPONSE_CHARS = 64 * 1024;

type TcpConfig = ProbeOf<'tcp'>;

/**
 * Connects to `host:port` (and shakes hands when `tls` is set), optionally sends a line and matches the
 * banner or answer against `expect`: `tcp_connect_seconds`, `tcp_tls_handshake_seconds`, `tcp_expect_matched`.
 */
export const tcpProbe: ProbeFactory<'tcp'> = (config, deps) => ({
  run: (context) => new TcpRun(config, deps.clock, context).run(),
});

/** One connection attempt; remembers how far it got, so a timeout says where it stopped. */
class TcpRun {
  private readonly measurements: Measurement[] = [];
  private stage = 'while connecting';
  private readonly sockets: Socket[] = [];

  constructor(
    private readonly config: TcpConfig,
    private readonly clock: Clock,
    private readonly context: ProbeRunContext,
  ) {}

  async run(): Promise<ProbeResult> {
    const { signal } = this.context;
    const destroy = () => {
      // Outermost first: destroying the TCP socket under a live TLS socket crashes Node 20 (SIGSEGV at exit).
      for (const socket of [...this.sockets].reverse()) socket.destroy();
    };
    signal.addEventListener('abort', destroy, { once: true });
    try {
      let stream = await this.timed('tcp_connect_seconds', () => this.connect());
      if (this.config.tls !== undefined) {
        this.stage = 'in the TLS handshake';
        stream = await this.timed('tcp_tls_handshake_seconds', () => this.handshake(stream));
      }
      if (this.config.send !== undefined) {
        this.stage = 'while sending';
        await write(stream, this.config.send);
      }
      return await this.check(stream);
    } catch (error) {
      if (this.stage.startsWith('waiting')) this.measurements.push({ metric: 'tcp_expect_matched', value: 0 });
      return { up: false, measurements: this.measurements, error: this.failure(error) };
    } finally {
      signal.removeEventListener('abort', destroy);
      destroy();
    }
  }

  private async connect(): Promise<Socket> {
    const socket = this.track(createConnection({ host: this.config.host, port: this.config.port }));
    await once(socket, 'connect', { signal: this.context.signal });
    return socket;
  }

  private async handshake(socket: Socket): Promise<Socket> {
    const tls = this.config.tls ?? { verify: true };
    const serverName = tls.server_name ?? (isIP(this.config.host) === 0 ? this.config.host : undefined);
    const secure = this.track(
      tlsConnect({
        socket,
        host: this.config.host,
        rejectUnauthorized: tls.verify,
        ...(tls.ca === undefined ? {} : { ca: tls.ca }),
        ...(serverName === undefined ? {} : { servername: serverName }),
      }),
    );
    await once(secure, 'secureConnect', { signal: this.context.signal });
    return secure;
  }

  private async check(stream: Socket): Promise<ProbeResult> {
    const expected = this.config.expect;
    if (expected === undefined) return { up: true, measurements: this.measurements };
    this.stage = `waiting for a response matching /${expected.source}/`;
    const response = await readUntil(stream, expected.regex);
    // Aborting destroys the socket, which may end the read quietly: that is a timeout, not a mismatch.
    this.context.signal.throwIfAborted();
    const matched = expected.regex.test(response);
    this.measurements.push({ metric: 'tcp_expect_matched', value: matched ? 1 : 0 });
    if (matched) return { up: true, measurements: this.measurements };
    const got = response === '' ? 'nothing' : JSON.stringify(response.slice(0, 80));
    return { up: false, measurements: this.measurements, error: `response does not match /${expected.source}/: got ${got}` };
  }

  private async timed<T>(metric: string, step: () => Promise<T>): Promise<T> {
    const started = this.clock.monotonic();
    const result = await step();
    this.measurements.push({ metric, value: (this.clock.monotonic() - started) / 1000 });
    return result;
  }

  private track(socket: Socket): Socket {
    // Errors reach the step awaiting the socket; this keeps one between steps from crashing the process.
    socket.on('error', () => undefined);
    this.sockets.push(socket);
    return socket;
  }

  private failure(error: unknown): string {
    const { signal, timeoutMs } = this.context;
    const message = (error as Error).message;
    // Node's connect errors already say "connect ECONNREFUSED host:port".
    if (!signal.aborted) return this.stage === 'while connecting' ? message : `${message} (${this.stage})`;
    const reason: unknown = signal.reason;
    const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
    return `${timedOut ? `timed out after ${formatDuration(timeoutMs)}` : 'cancelled'} ${this.stage}`;
  }
}

function write(stream: Socket, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** Reads until the text seen so far matches, the peer closes, or {@link MAX_RESPONSE_CHARS} arrived. */
async function readUntil(stream: Socket, pattern: RegExp): Promise<string> {
  stream.setEncoding('utf8');
  let response = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    response += chunk;
    if (pattern.test(response) || response.length >= MAX_RESPONSE_CHARS) break;
  }
  return response;
}
