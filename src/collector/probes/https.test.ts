import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpsProbeConfig } from '../../config/schema/probes/https.js';
import { TargetConfig } from '../../config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../../core/index.js';
import type { ProbeResult } from '../probe.js';
import { httpsProbe } from './https.js';
import { checkBody } from './https/check-body.js';
import { describeStatusRanges, statusAccepted } from './https/expect-status.js';
import { protocolNumber } from './https/tls-facts.js';

// Two addresses, so a redirect can change host while both stay on loopback.
const HOST_A = '127.0.0.41';
const HOST_B = '127.0.0.42';

function echoHeaders(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/elsewhere') {
    res.writeHead(307, { location: `http://${HOST_B}:${port}/headers` });
    return void res.end();
  }
  if (url.pathname === '/here') {
    res.writeHead(301, { location: '/headers' });
    return void res.end();
  }
  if (url.pathname === '/see-other') {
    res.writeHead(303, { location: '/headers' });
    return void res.end();
  }
  if (url.pathname === '/big') return void res.end('x'.repeat(3 * 1024 * 1024));
  res.end(JSON.stringify({ method: req.method, authorization: req.headers.authorization ?? null, host: req.headers.host }));
}

let port = 0;
const servers: Server[] = [];

async function listen(address: string, wanted: number): Promise<number> {
  const server = createServer(echoHeaders);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(wanted, address, resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  port = await listen('127.0.0.1', 0);
  await listen(HOST_A, port);
  await listen(HOST_B, port);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function run(settings: Record<string, unknown>, signal = AbortSignal.timeout(3_000)): Promise<ProbeResult> {
  const raw = { kind: 'https', ...settings };
  const config = HttpsProbeConfig.parse(raw);
  const target = TargetConfig.parse({ id: 'web', role: 'https', site: 'qro', probes: [raw] });
  const probe = httpsProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'web/https' });
  return probe.run({ target, signal, timeoutMs: 3_000, log: silentLogger });
}

function statusOf(result: ProbeResult): number | undefined {
  return result.measurements.find((m) => m.metric === 'http_status_code')?.value;
}

describe('statusAccepted', () => {
  const ranges = [
    { min: 200, max: 299 },
    { min: 304, max: 304 },
  ];
  it.each([
    [200, true],
    [299, true],
    [304, true],
    [301, false],
    [500, false],
  ])('%i → %s', (status, accepted) => expect(statusAccepted(status, ranges)).toBe(accepted));
  it('describes the ranges as written', () => expect(describeStatusRanges(ranges)).toBe('200-299, 304'));
});

describe('protocolNumber', () => {
  it.each([
    ['TLSv1.3', 1.3],
    ['TLSv1.2', 1.2],
    ['TLSv1', 1],
  ])('%s → %d', (protocol, value) => expect(protocolNumber(protocol)).toBe(value));
  it('is NaN for anything else', () => expect(protocolNumber('SSLv3')).toBeNaN());
});

describe('checkBody', () => {
  const body = Buffer.from('status: ok\nversion 1.4\n');
  it('passes without expectations or when both hold', () => {
    expect(checkBody(body, {})).toBeUndefined();
    expect(checkBody(body, { contains: 'ok', matches: /version \d+\.\d+/ })).toBeUndefined();
  });
  it('says which expectation failed', () => {
    expect(checkBody(body, { contains: 'down' })).toBe('the body does not contain "down"');
    expect(checkBody(body, { matches: /^version/ })).toBe('the body does not match /^version/');
  });
});

describe('https probe over plain http', () => {
  it('drops credentials when a redirect leaves the host, and keeps the method on 307', async () => {
    const result = await run({
      url: `http://${HOST_A}:${port}/elsewhere`,
      method: 'PUT',
      body: 'x',
      headers: { Authorization: 'Bearer secret' },
      body_contains: `{"method":"PUT","authorization":null,"host":"${HOST_B}:${port}"}`,
    });
    expect(result).toMatchObject({ up: true });
    expect(result.measurements.find((m) => m.metric === 'http_redirects')?.value).toBe(1);
  });

  it('keeps credentials on the same host, and turns a 303 into a GET', async () => {
    const same = await run({
      url: `http://${HOST_A}:${port}/here`,
      headers: { Authorization: 'Bearer secret' },
      body_contains: '"authorization":"Bearer secret"',
    });
    expect(same.error).toBeUndefined();
    const seeOther = await run({ url: `http://${HOST_A}:${port}/see-other`, method: 'POST', body: 'x', body_contains: '"method":"GET"' });
    expect(seeOther.error).toBeUndefined();
  });

  it('counts the whole body but checks only the first MiB', async () => {
    const result = await run({ url: `http://${HOST_A}:${port}/big`, body_matches: '^x+$' });
    expect(result.up).toBe(true);
    expect(result.measurements.find((m) => m.metric === 'http_response_size_bytes')?.value).toBe(3 * 1024 * 1024);
  });

  it('labels the series with ip when per_ip is set, even for an IP literal', async () => {
    const result = await run({ url: `http://${HOST_A}:${port}/headers`, per_ip: true });
    expect(result.up).toBe(true);
    expect(new Set(result.measurements.map((m) => m.labels?.ip))).toEqual(new Set([HOST_A]));
    expect(statusOf(result)).toBe(200);
  });

  it('uses the system resolver, with the family asked for', async () => {
    const result = await run({ url: `http://localhost:${port}/headers`, ip_version: 4, body_contains: '"host":"localhost:' });
    expect(result.error).toBeUndefined();
    expect(result.measurements.find((m) => m.labels?.phase === 'dns')?.value).toBeGreaterThan(0);
  });

  it('returns at once when the run is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await run({ url: `http://${HOST_A}:${port}/headers` }, controller.signal);
    expect(result).toMatchObject({ up: false, error: 'cancelled' }); // aborted, not timed out
  });
});
