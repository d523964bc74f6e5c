import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { SecureContext, SecureVersion, TLSSocket } from 'node:tls';
import type { Clock } from '../../../core/index.js';
import { readTlsFacts, verificationProblem, type TlsFacts } from './tls-facts.js';

/** Most of a body kept for checks; the rest is counted and dropped. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Seconds spent in each phase of a request; a phase that did not happen is absent. */
export interface Phases {
  dns?: number;
  connect?: number;
  tls?: number;
  ttfb?: number;
  total?: number;
}

/** One HTTP request on a fresh connection. */
export interface ExchangeRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Connect to this IP instead of resolving the URL's host (which still goes in `Host` and SNI). */
  readonly address?: string;
  /** Address family for the system resolver when `address` is not given. */
  readonly family?: 4 | 6;
  /** SNI and the name the certificate must cover; defaults to the URL's host. */
  readonly serverName?: string;
  readonly ca?: string;
  readonly minVersion?: SecureVersion;
  /**
   * TLS settings built once per probe (from `ca` and `minVersion`): building them per connection loads the
   * whole root CA store each time, the largest CPU cost of a probe run.
   */
  readonly secureContext?: SecureContext;
  /**
   * Connection factories reused across runs (no keep-alive, no TLS session cache, so each run still
   * opens a new connection with a full handshake); without them each request builds a throw-away agent.
   */
  readonly agents?: ProbeAgents;
  /** Refuse a server whose certificate does not verify, as browsers do. */
  readonly verify: boolean;
}

/** The per-probe agents of {@link ExchangeRequest.agents}. */
export interface ProbeAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

/** Agents that never keep a connection or a TLS session: every request is a new connection and handshake. */
export function freshConnectionAgents(): ProbeAgents {
  return {
    http: new HttpAgent({ keepAlive: false }),
    https: new HttpsAgent({ keepAlive: false, maxCachedSessions: 0 }),
  };
}

/** What one request found; `error` says why it stopped early. Partial facts survive a failure. */
export interface ExchangeResult {
  readonly phases: Phases;
  readonly tls?: TlsFacts;
  readonly status?: number;
  readonly location?: string;
  /** The first {@link MAX_BODY_BYTES} bytes of the body. */
  readonly body?: Buffer;
  /** Bytes of the whole body. */
  readonly size?: number;
  readonly error?: string;
}

interface Marks {
  lookup?: number;
  connect?: number;
  secure?: number;
  response?: number;
  end?: number;
}

/**
 * Sends one request on its own connection and reads the response, timing each phase from socket events.
 * Never rejects: failures (and the abort of `signal`) come back in `error`, with every socket released.
 */
export function exchange(req: ExchangeRequest, signal: AbortSignal, clock: Clock): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const start = clock.monotonic();
    const marks: Marks = {};
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let size = 0;
    let tls: TlsFacts | undefined;
    let response: IncomingMessage | undefined;
    let settled = false;

    const finish = (error?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      client.destroy();
      response?.destroy();
      resolve({
        phases: phasesOf(start, marks),
        ...(tls === undefined ? {} : { tls }),
        ...(response?.statusCode === undefined ? {} : { status: response.statusCode }),
        ...(response?.headers.location === undefined ? {} : { location: response.headers.location }),
        ...(marks.end === undefined ? {} : { body: Buffer.concat(kept), size }),
        ...(error === undefined ? {} : { error }),
      });
    };
    const onAbort = (): void => finish('aborted');
    const serverName = req.serverName ?? bareHost(req.url.hostname);
    const client = (req.url.protocol === 'https:' ? httpsRequest : httpRequest)(requestOptions(req, serverName));

    client.on('socket', (socket: Socket) => {
      socket.once('lookup', () => (marks.lookup = clock.monotonic()));
      socket.once('connect', () => (marks.connect = clock.monotonic()));
      socket.once('secureConnect', () => {
        marks.secure = clock.monotonic();
        tls = readTlsFacts(socket as TLSSocket, serverName);
        const problem = req.verify ? verificationProblem(tls) : undefined;
        if (problem !== undefined) finish(problem);
      });
    });
    client.on('response', (res) => {
      marks.response = clock.monotonic();
      response = res;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (keptBytes < MAX_BODY_BYTES) {
          const part = chunk.subarray(0, MAX_BODY_BYTES - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
      });
      res.on('end', () => {
        marks.end = clock.monotonic();
        finish();
      });
      res.on('error', (error) => finish(describeError(error)));
      res.on('close', () => finish('the connection closed before the response ended'));
    });
    client.on('error', (error) => finish(describeError(error)));
    if (signal.aborted) return finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    client.end(req.body);
  });
}

function requestOptions(req: ExchangeRequest, serverName: string): RequestOptions {
  const headers: OutgoingHttpHeaders = { host: req.url.host, 'user-agent': 'noc-probe', ...req.headers };
  if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
  return {
    method: req.method,
    host: req.address ?? bareHost(req.url.hostname),
    ...(req.url.port === '' ? {} : { port: Number(req.url.port) }),
    path: `${req.url.pathname}${req.url.search}`,
    headers,
    // A fresh connection each run, so every run measures (and verifies) a full handshake.
    agent: req.agents === undefined ? false : req.url.protocol === 'https:' ? req.agents.https : req.agents.http,
    ...(req.family === undefined ? {} : { family: req.family }),
    // SNI carries host names only, never IP literals.
    ...(isIP(serverName) === 0 ? { servername: serverName } : {}),
    // Verification is evaluated from the socket so the facts of an untrusted server are still reported.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    ...(req.secureContext === undefined
      ? { ...(req.ca === undefined ? {} : { ca: req.ca }), ...(req.minVersion === undefined ? {} : { minVersion: req.minVersion }) }
      : { secureContext: req.secureContext }),
  };
}

function phasesOf(start: number, marks: Marks): Phases {
  const seconds = (from: number, to: number | undefined): number | undefined => (to === undefined ? undefined : (to - from) / 1000);
  const connected = marks.secure ?? marks.connect;
  const phases: Phases = {};
  // Connecting to an IP skips the lookup: no DNS time then.
  phases.dns = seconds(start, marks.lookup) ?? 0;
  const connect = seconds(marks.lookup ?? start, marks.connect);
  if (connect !== undefined) phases.connect = connect;
  const tls = marks.connect === undefined ? undefined : seconds(marks.connect, marks.secure);
  if (tls !== undefined) phases.tls = tls;
  const ttfb = connected === undefined ? undefined : seconds(connected, marks.response);
  if (ttfb !== undefined) phases.ttfb = ttfb;
  const total = seconds(start, marks.end);
  if (total !== undefined) phases.total = total;
  return phases;
}

/** `[::1]` → `::1`: URL keeps brackets that sockets and certificates do not want. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

function describeError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' && error.message === 'aborted') return 'the connection closed before the response ended';
  return error.message || code || 'request failed';
}
