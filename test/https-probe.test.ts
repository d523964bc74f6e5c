import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetConfig } from '../src/config/index.js';
import { HttpsProbeConfig } from '../src/config/schema/probes/https.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Measurement, ProbeResult } from '../src/collector/probe.js';
import { httpsProbe } from '../src/collector/probes/https.js';
import { createTestPki, type TestPki } from './peers/certificates.js';
import { startDnsmasq, type Dnsmasq } from './peers/dnsmasq.js';
import { HEALTH_BODY, startHttpServer, startHttpsServer, startSilentServer, type TestServer } from './peers/https-servers.js';
import { peerBinary } from './peers/peer-binary.js';
import { freePort } from './support/free-port.js';

const openssl = peerBinary('/usr/bin/openssl', 'Debian package openssl');
const dnsmasq = peerBinary('/usr/sbin/dnsmasq', 'Debian package dnsmasq');

// One address per server: the same port on each, as a round-robin name would have.
const IP = {
  live1: '127.0.0.31',
  live2: '127.0.0.32',
  dead: '127.0.0.33',
  expired: '127.0.0.34',
  selfSigned: '127.0.0.35',
  wrongName: '127.0.0.36',
  tls12: '127.0.0.37',
  plain: '127.0.0.38',
  silent: '127.0.0.39',
} as const;

/** Runs a probe built from YAML-shaped settings through the real schema and factory, `runs` times. */
async function probe(settings: Record<string, unknown>, timeoutMs = 3_000, runs = 1): Promise<ProbeResult> {
  const raw = { kind: 'https', ...settings };
  const config = HttpsProbeConfig.parse(raw);
  const target = TargetConfig.parse({ id: 'web', role: 'https', site: 'qro', probes: [raw] });
  const instance = httpsProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'web/https' });
  try {
    let result: ProbeResult | undefined;
    for (let i = 0; i < runs; i++) {
      result = await instance.run({ target, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
    }
    return result as ProbeResult;
  } finally {
    await instance.close?.();
  }
}

/** The value of `metric` whose labels include `labels`; undefined when absent. */
function valueOf(result: ProbeResult, metric: string, labels: Record<string, string> = {}): number | undefined {
  return find(result, metric, labels)?.value;
}

function find(result: ProbeResult, metric: string, labels: Record<string, string> = {}): Measurement | undefined {
  return result.measurements.find(
    (m) => m.metric === metric && Object.entries(labels).every(([name, value]) => m.labels?.[name] === value),
  );
}

describe.skipIf(openssl === undefined)('https probe against real servers', () => {
  let pki: TestPki;
  let port: number;
  const servers: TestServer[] = [];
  const url = (ip: string, path = '/health', scheme = 'https'): string => `${scheme}://${ip}:${port}${path}`;
  /** Settings reaching an IP-addressed server as www.rr.test, trusting the test CA. */
  const trusted = (ip: string, path = '/health'): Record<string, unknown> => ({
    url: url(ip, path),
    tls: { server_name: 'www.rr.test', ca: pki.ca },
  });

  beforeAll(async () => {
    pki = createTestPki(openssl as string);
    port = await freePort();
    const { valid } = pki;
    servers.push(
      await startHttpsServer({ address: IP.live1, port, ...valid }),
      await startHttpsServer({ address: IP.live2, port, ...valid }),
      await startHttpsServer({ address: IP.expired, port, ...pki.expired }),
      await startHttpsServer({ address: IP.selfSigned, port, ...pki.selfSigned }),
      await startHttpsServer({ address: IP.wrongName, port, ...pki.wrongName }),
      await startHttpsServer({ address: IP.tls12, port, ...valid, maxVersion: 'TLSv1.2' }),
      await startHttpServer(IP.plain, port),
      await startSilentServer(IP.silent, port),
    );
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    pki?.remove();
  });

  it('does a full handshake on every run: no TLS session or connection is reused between runs', async () => {
    const handshakes: boolean[] = [];
    const server = createHttpsServer({ cert: pki.valid.cert, key: pki.valid.key }, (_req, res) => res.end('ok'));
    server.on('secureConnection', (socket: TLSSocket) => handshakes.push(socket.isSessionReused()));
    const sessionPort = await freePort();
    await new Promise<void>((resolve) => server.listen(sessionPort, '127.0.0.40', resolve));
    try {
      const result = await probe({ url: `https://127.0.0.40:${sessionPort}/`, tls: { verify: false } }, 3_000, 3);
      expect(result.up).toBe(true);
      expect(handshakes).toEqual([false, false, false]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe.skipIf(dnsmasq === undefined)('per_ip through dnsmasq', () => {
    let dns: Dnsmasq;
    beforeAll(async () => {
      dns = await startDnsmasq(
        dnsmasq as string,
        [
          { name: 'www.rr.test', address: IP.live1 },
          { name: 'www.rr.test', address: IP.live2 },
          { name: 'www.rr.test', address: IP.dead },
          { name: 'ok.rr.test', address: IP.live1 },
          { name: 'ok.rr.test', address: IP.live2 },
        ],
        'rr.test',
        pki.dir,
      );
    });
    afterAll(async () => dns?.stop());

    it('probes every A record: two up, the one with nothing listening down, and says which', async () => {
      const result = await probe({
        url: `https://www.rr.test:${port}/health`,
        per_ip: true,
        dns_server: dns.server,
        tls: { ca: pki.ca },
      });
      expect(result.up).toBe(false);
      expect(result.error).toMatch(new RegExp(`^${IP.dead.replace(/\./g, '\\.')}: .*ECONNREFUSED`));
      expect(result.error).not.toContain(IP.live1);
      expect(result.error).not.toContain(IP.live2);
      for (const ip of [IP.live1, IP.live2]) {
        expect(valueOf(result, 'http_status_code', { ip })).toBe(200);
        expect(valueOf(result, 'tls_cert_valid', { ip })).toBe(1);
        expect(valueOf(result, 'tls_cert_name_match', { ip })).toBe(1);
        expect(valueOf(result, 'tls_cert_expiry_seconds', { ip })).toBe(pki.valid.notAfter);
        expect(valueOf(result, 'http_response_size_bytes', { ip })).toBe(HEALTH_BODY.length);
        expect(valueOf(result, 'http_phase_seconds', { ip, phase: 'dns' })).toBeGreaterThan(0);
        expect(valueOf(result, 'http_phase_seconds', { ip, phase: 'tls' })).toBeGreaterThan(0);
      }
      expect(valueOf(result, 'http_status_code', { ip: IP.dead })).toBeUndefined();
      expect([IP.live1, IP.live2, IP.dead].map((ip) => valueOf(result, 'up', { ip }))).toEqual([1, 1, 0]);
      expect(result.measurements.every((m) => m.labels?.ip !== undefined)).toBe(true);
    });

    it('is up when every address answers, and sends the name as Host to each IP', async () => {
      const result = await probe({
        url: `https://ok.rr.test:${port}/echo`,
        per_ip: true,
        dns_server: dns.server,
        ip_version: 4,
        body_contains: `host=ok.rr.test:${port}`,
        tls: { ca: pki.ca, server_name: 'www.rr.test' },
      });
      expect(result).toMatchObject({ up: true });
      expect(result.error).toBeUndefined();
      const ips = new Set(result.measurements.map((m) => m.labels?.ip));
      expect(ips).toEqual(new Set([IP.live1, IP.live2]));
    });

    it('without per_ip asks the DNS server and checks one address, unlabelled', async () => {
      const result = await probe({ url: `https://ok.rr.test:${port}/health`, dns_server: dns.server, tls: { ca: pki.ca, server_name: 'www.rr.test' } });
      expect(result.up).toBe(true);
      expect(find(result, 'http_status_code')?.labels).toEqual({});
    });

    it('reports a name the server does not know as a resolution failure', async () => {
      const result = await probe({ url: `https://nowhere.rr.test:${port}/`, per_ip: true, dns_server: dns.server });
      expect(result).toMatchObject({ up: false, measurements: [] });
      expect(result.error).toMatch(/^cannot resolve nowhere\.rr\.test: DNS query to 127\.0\.0\.1:\d+ failed: ENOTFOUND$/);
    });
  });

  it('reports the facts of a valid certificate: expiry, chain, name, version and the info series', async () => {
    const result = await probe(trusted(IP.live1));
    expect(result).toMatchObject({ up: true });
    expect(valueOf(result, 'tls_cert_expiry_seconds')).toBe(pki.valid.notAfter);
    const opensslEnd = execFileSync(openssl as string, ['x509', '-noout', '-enddate'], { input: pki.valid.cert, encoding: 'utf8' });
    expect(valueOf(result, 'tls_cert_expiry_seconds')).toBe(Date.parse(opensslEnd.trim().replace('notAfter=', '')) / 1000);
    expect(valueOf(result, 'tls_cert_valid')).toBe(1);
    expect(valueOf(result, 'tls_cert_name_match')).toBe(1);
    expect(valueOf(result, 'tls_protocol_version')).toBe(1.3);
    expect(find(result, 'tls_info')).toEqual({
      metric: 'tls_info',
      labels: {
        version: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        subject_cn: 'www.rr.test',
        issuer_cn: pki.caName,
        serial: pki.valid.serial,
      },
      value: 1,
    });
    const phases = result.measurements.filter((m) => m.metric === 'http_phase_seconds');
    expect(phases.map((m) => m.labels?.phase).sort()).toEqual(['connect', 'dns', 'tls', 'total', 'ttfb']);
    const total = valueOf(result, 'http_phase_seconds', { phase: 'total' }) ?? 0;
    const parts = ['dns', 'connect', 'tls', 'ttfb'].map((phase) => valueOf(result, 'http_phase_seconds', { phase }) ?? 0);
    expect(total).toBeGreaterThanOrEqual(parts.reduce((a, b) => a + b, 0));
    expect(valueOf(result, 'http_redirects')).toBe(0);
  });

  it('does not trust the test CA unless told to', async () => {
    const result = await probe({ url: url(IP.live1), tls: { server_name: 'www.rr.test' } });
    expect(result.up).toBe(false);
    expect(result.error).toBe('certificate not trusted: UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(valueOf(result, 'tls_cert_valid')).toBe(0);
    expect(valueOf(result, 'tls_cert_expiry_seconds')).toBe(pki.valid.notAfter);
  });

  const broken = [
    { name: 'expired', ip: IP.expired, leaf: () => pki.expired, valid: 0, nameMatch: 1, error: 'certificate not trusted: CERT_HAS_EXPIRED' },
    { name: 'self-signed', ip: IP.selfSigned, leaf: () => pki.selfSigned, valid: 0, nameMatch: 1, error: 'certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT' },
    {
      name: 'wrong-name',
      ip: IP.wrongName,
      leaf: () => pki.wrongName,
      valid: 1,
      nameMatch: 0,
      error: 'certificate name mismatch: the certificate is for DNS:other.rr.test, not www.rr.test',
    },
  ];
  for (const { name, ip, leaf, valid, nameMatch, error } of broken) {
    it(`${name} certificate: down with verify, up without, facts reported both ways`, async () => {
      const strict = await probe(trusted(ip));
      const lenient = await probe({ url: url(ip), tls: { server_name: 'www.rr.test', ca: pki.ca, verify: false } });
      expect(strict).toMatchObject({ up: false, error });
      expect(lenient.up).toBe(true);
      expect(lenient.error).toBeUndefined();
      expect(valueOf(lenient, 'http_status_code')).toBe(200);
      expect(valueOf(strict, 'http_status_code')).toBeUndefined();
      for (const result of [strict, lenient]) {
        expect(valueOf(result, 'tls_cert_valid')).toBe(valid);
        expect(valueOf(result, 'tls_cert_name_match')).toBe(nameMatch);
        expect(valueOf(result, 'tls_cert_expiry_seconds')).toBe(leaf().notAfter);
        expect(find(result, 'tls_info')?.labels?.serial).toBe(leaf().serial);
      }
    });
  }

  it('reports TLS 1.2 from a server that speaks nothing newer, and fails it with min_version TLSv1.3', async () => {
    const result = await probe(trusted(IP.tls12));
    expect(result.up).toBe(true);
    expect(valueOf(result, 'tls_protocol_version')).toBe(1.2);
    expect(find(result, 'tls_info')?.labels?.version).toBe('TLSv1.2');
    const refused = await probe({ url: url(IP.tls12), tls: { server_name: 'www.rr.test', ca: pki.ca, min_version: 'TLSv1.3' } });
    expect(refused.up).toBe(false);
    expect(refused.error).toMatch(/protocol version|alert/i);
  });

  it('checks the status against expect_status', async () => {
    const unexpected = await probe(trusted(IP.live1, '/status/503'));
    expect(unexpected).toMatchObject({ up: false, error: 'status 503, expected 200-399' });
    expect(valueOf(unexpected, 'http_status_code')).toBe(503);
    const expected = await probe({ ...trusted(IP.live1, '/status/503'), expect_status: [200, '500-503'] });
    expect(expected.up).toBe(true);
  });

  it('checks the body with body_contains and body_matches', async () => {
    expect((await probe({ ...trusted(IP.live1), body_contains: 'service ok', body_matches: 'build=\\d+' })).up).toBe(true);
    expect(await probe({ ...trusted(IP.live1), body_contains: 'maintenance' })).toMatchObject({
      up: false,
      error: 'the body does not contain "maintenance"',
    });
    expect(await probe({ ...trusted(IP.live1), body_matches: '^build=' })).toMatchObject({
      up: false,
      error: 'the body does not match /^build=/',
    });
  });

  it('sends the method, headers and body it is given', async () => {
    const result = await probe({
      ...trusted(IP.live1, '/echo'),
      method: 'post',
      body: 'ping',
      headers: { 'X-Probe': 'yes' },
      body_contains: `POST host=${IP.live1}:${port} body=ping`,
    });
    expect(result.up).toBe(true);
  });

  it('follows a redirect chain, counting hops, up to the limit', async () => {
    const followed = await probe(trusted(IP.live1, '/redirect/3'));
    expect(followed.up).toBe(true);
    expect(valueOf(followed, 'http_redirects')).toBe(3);
    expect(valueOf(followed, 'http_status_code')).toBe(200);
    expect(valueOf(followed, 'http_response_size_bytes')).toBe('arrived\n'.length);

    const tooMany = await probe({ ...trusted(IP.live1, '/redirect/3'), follow_redirects: 2 });
    expect(tooMany).toMatchObject({ up: false, error: 'more than 2 redirects' });
    expect(valueOf(tooMany, 'http_redirects')).toBe(2);

    const unfollowed = await probe({ ...trusted(IP.live1, '/redirect/3'), follow_redirects: 0, expect_status: 302 });
    expect(unfollowed.up).toBe(true);
    expect(valueOf(unfollowed, 'http_status_code')).toBe(302);
  });

  it('follows a redirect from plain http to https and verifies the new hop', async () => {
    const to = encodeURIComponent(url(IP.selfSigned));
    const result = await probe({ url: url(IP.plain, `/redirect-to?url=${to}`, 'http') });
    expect(result).toMatchObject({ up: false, error: 'certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(valueOf(result, 'http_redirects')).toBe(1);
  });

  it('refuses a redirect to a scheme other than http or https', async () => {
    const result = await probe(trusted(IP.live1, `/redirect-to?url=${encodeURIComponent('ftp://www.rr.test/file')}`));
    expect(result.up).toBe(false);
    expect(result.error).toBe(`redirect from https://${IP.live1}:${port}/redirect-to to a ftp: URL, which is not allowed (only http and https)`);
  });

  it('ends at the timeout when the server accepts and never answers', async () => {
    const started = performance.now();
    const result = await probe({ url: url(IP.silent) }, 400);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ up: false, error: 'timed out after 400ms' });
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1_500);
    expect(valueOf(result, 'http_phase_seconds', { phase: 'connect' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(result, 'http_phase_seconds', { phase: 'tls' })).toBeUndefined();
  });

  it('ends at the timeout when the server completes TLS but never responds', async () => {
    const result = await probe(trusted(IP.live1, '/hang'), 400);
    expect(result).toMatchObject({ up: false, error: 'timed out after 400ms' });
    expect(valueOf(result, 'tls_cert_valid')).toBe(1);
    expect(valueOf(result, 'http_status_code')).toBeUndefined();
  });

  it('probes a plain http URL without TLS series', async () => {
    const result = await probe({ url: url(IP.plain, '/health', 'http'), body_contains: 'ok' });
    expect(result.up).toBe(true);
    expect(valueOf(result, 'http_status_code')).toBe(200);
    expect(result.measurements.some((m) => m.metric.startsWith('tls_'))).toBe(false);
    expect(valueOf(result, 'http_phase_seconds', { phase: 'tls' })).toBeUndefined();
  });
});
