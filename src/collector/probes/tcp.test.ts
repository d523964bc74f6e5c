import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../test/peers/certificates.js';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { PROBE_KINDS, type TargetConfig } from '../../config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../../core/index.js';
import type { ProbeResult } from '../probe.js';
import { tcpProbe } from './tcp.js';

const TARGET: TargetConfig = { id: 'mail-1', role: 'host', site: 'qro', users: 0, depends_on: [], labels: {}, probes: [{ kind: 'tcp', host: '127.0.0.1', port: 25 }] };

const servers: Server[] = [];

/** Listens on `host` at a free port; `onSocket` decides how the server talks. */
async function serve(host: string, onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as { port: number }).port;
}

async function probe(config: Record<string, unknown>, timeoutMs = 2000): Promise<ProbeResult> {
  const parsed = PROBE_KINDS.tcp.parse({ kind: 'tcp', ...config });
  const instance = tcpProbe(parsed, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'mail-1/tcp' });
  return instance.run({ target: TARGET, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
}

function metrics(result: ProbeResult): Record<string, number> {
  return Object.fromEntries(result.measurements.map((m) => [m.metric, m.value]));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('tcp probe', () => {
  it('is up when it connects, measuring the connect time', async () => {
    const port = await serve('127.0.0.2', (socket) => socket.end());
    const result = await probe({ host: '127.0.0.2', port });
    expect(result).toMatchObject({ up: true });
    expect(result.error).toBeUndefined();
    expect(Object.keys(metrics(result))).toEqual(['tcp_connect_seconds']);
    expect(metrics(result)['tcp_connect_seconds']).toBeGreaterThanOrEqual(0);
  });

  it('matches an SMTP-like banner', async () => {
    const port = await serve('127.0.0.3', (socket) => socket.write('220 mail.rr.test ESMTP ready\r\n'));
    const result = await probe({ host: '127.0.0.3', port, expect: '^220 ' });
    expect(result.up).toBe(true);
    expect(metrics(result)).toMatchObject({ tcp_expect_matched: 1 });
  });

  it('is down when the banner does not match, saying what came', async () => {
    const port = await serve('127.0.0.3', (socket) => socket.end('421 too busy\r\n'));
    const result = await probe({ host: '127.0.0.3', port, expect: '^220 ' });
    expect(result.up).toBe(false);
    expect(metrics(result)).toMatchObject({ tcp_expect_matched: 0 });
    expect(result.error).toBe('response does not match /^220 /: got "421 too busy\\r\\n"');
  });

  it('sends a line (with escapes) and matches the answer, across chunks', async () => {
    const port = await serve('127.0.0.4', (socket) => {
      socket.setEncoding('utf8');
      let seen = '';
      socket.on('data', (chunk: string) => {
        seen += chunk;
        if (seen === 'PING\r\n') {
          socket.write('+PO');
          setTimeout(() => socket.write('NG\r\n'), 20);
        }
      });
    });
    const result = await probe({ host: '127.0.0.4', port, send: 'PING\\r\\n', expect: '^\\+PONG$' });
    expect(result.error).toBeUndefined();
    expect(metrics(result)).toMatchObject({ tcp_expect_matched: 1 });
  });

  it('fails fast on a closed port', async () => {
    const port = await serve('127.0.0.5', () => undefined);
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    const started = performance.now();
    const result = await probe({ host: '127.0.0.5', port, expect: '^220' }, 5000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toEqual({ up: false, measurements: [], error: `connect ECONNREFUSED 127.0.0.5:${port}` });
  });

  it('times out at the signal when the server accepts but never speaks', async () => {
    const port = await serve('127.0.0.6', () => undefined);
    const started = performance.now();
    const result = await probe({ host: '127.0.0.6', port, expect: '^220 ' }, 300);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    expect(result.up).toBe(false);
    expect(result.error).toBe('timed out after 300ms waiting for a response matching /^220 /');
    expect(metrics(result)).toMatchObject({ tcp_expect_matched: 0 });
    expect(metrics(result)['tcp_connect_seconds']).toBeGreaterThanOrEqual(0);
  });

  it('says when the peer closes before answering', async () => {
    const port = await serve('127.0.0.6', (socket) => socket.end());
    const result = await probe({ host: '127.0.0.6', port, expect: '^220 ' });
    expect(result).toMatchObject({ up: false, error: 'response does not match /^220 /: got nothing' });
  });
});

describe('tcp probe over TLS', () => {
  const openssl = peerBinary('/usr/bin/openssl', 'apt-get install openssl');
  let pki: TestPki | undefined;

  beforeAll(() => {
    if (openssl !== undefined) pki = createTestPki(openssl);
  });

  afterAll(() => pki?.remove());

  async function tlsServer(leaf: 'selfSigned' | 'valid' = 'selfSigned'): Promise<number> {
    if (pki === undefined) throw new Error('no PKI');
    const server = createTlsServer({ cert: pki[leaf].cert, key: pki[leaf].key });
    server.on('tlsClientError', () => undefined);
    server.on('secureConnection', (socket) => socket.write('220 tls ready\r\n'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.7', resolve));
    return (server.address() as { port: number }).port;
  }

  it.skipIf(openssl === undefined)('measures the handshake and reads the banner inside TLS when verify is off', async () => {
    const port = await tlsServer();
    const result = await probe({ host: '127.0.0.7', port, tls: { verify: false, server_name: 'www.rr.test' }, expect: '^220 tls' });
    expect(result.error).toBeUndefined();
    expect(Object.keys(metrics(result))).toEqual(['tcp_connect_seconds', 'tcp_tls_handshake_seconds', 'tcp_expect_matched']);
    expect(metrics(result)['tcp_tls_handshake_seconds']).toBeGreaterThan(0);
  });

  it.skipIf(openssl === undefined)('is down when the certificate does not verify', async () => {
    const port = await tlsServer();
    const result = await probe({ host: '127.0.0.7', port, tls: { server_name: 'www.rr.test' } });
    expect(result.up).toBe(false);
    expect(result.error).toMatch(/self[- ]signed certificate \(in the TLS handshake\)$/);
    expect(Object.keys(metrics(result))).toEqual(['tcp_connect_seconds']);
  });

  it.skipIf(openssl === undefined)('trusts a private CA given in tls.ca, and only that CA', async () => {
    const port = await tlsServer('valid');
    const trusted = await probe({ host: '127.0.0.7', port, tls: { server_name: 'www.rr.test', ca: pki?.ca } });
    expect(trusted.error).toBeUndefined();
    expect(trusted.up).toBe(true);
    const selfSignedPort = await tlsServer();
    const other = await probe({ host: '127.0.0.7', port: selfSignedPort, tls: { server_name: 'www.rr.test', ca: pki?.ca } });
    expect(other.up).toBe(false);
  });
});
