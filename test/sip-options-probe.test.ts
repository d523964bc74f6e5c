import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../src/collector/probe.js';
import { runSipOptionsProbe, sipOptionsProbe } from '../src/collector/probes/sip-options.js';
import { SipUdpTransport } from '../src/collector/probes/sip/udp-transport.js';
import { TargetConfig } from '../src/config/index.js';
import { SipOptionsProbeConfig } from '../src/config/schema/probes/sip-options.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { createTestPki, type TestPki } from './peers/certificates.js';
import { kamailioTlsModule, startKamailio, type Kamailio } from './peers/kamailio.js';
import { peerBinary } from './peers/peer-binary.js';
import { waitFor } from './support/free-port.js';

const kamailio = peerBinary('/usr/sbin/kamailio', 'Debian package kamailio');
const dnsmasq = peerBinary('/usr/sbin/dnsmasq', 'Debian package dnsmasq');
const openssl = peerBinary('/usr/bin/openssl', 'Debian package openssl');
const kamailioTls = kamailio === undefined ? undefined : kamailioTlsModule(kamailio);

/** Runs a probe built from YAML-shaped settings through the real schema and factory. */
async function probe(settings: Record<string, unknown>, timeoutMs = 3_000): Promise<ProbeResult> {
  const raw = { kind: 'sip_options', ...settings };
  const config = SipOptionsProbeConfig.parse(raw);
  const target = TargetConfig.parse({ id: 'sbc-1', role: 'sbc', site: 'qro', probes: [raw] });
  const instance = sipOptionsProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'sbc-1/sip_options' });
  try {
    return await instance.run({ target, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
  } finally {
    await instance.close?.();
  }
}

// Runs in a child Node process: the same steps as probe(), importing the TypeScript sources through tsx.
function valueOf(result: ProbeResult, metric: string): number | undefined {
  return result.measurements.find((m) => m.metric === metric)?.value;
}

/** A UDP socket that receives and never answers, remembering when each datagram came. */
async function udpSink(): Promise<{ socket: Socket; port: number; arrivals: number[] }> {
  const socket = createSocket('udp4');
  const arrivals: number[] = [];
  socket.on('message', () => arrivals.push(performance.now()));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { socket, port: socket.address().port, arrivals };
}

/** dnsmasq on 127.0.0.1 with extra arguments (SRV and host records), authoritative for sbc.test. */
async function startDns(binary: string, records: string[]): Promise<{ server: string; child: ChildProcess }> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  socket.close();
  const args = ['--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--listen-address=127.0.0.1'];
  const child = spawn(binary, [...args, '--bind-interfaces', `--port=${port}`, '--pid-file=', '--local=/sbc.test/', ...records], { stdio: 'ignore' });
  const server = `127.0.0.1:${port}`;
  const resolver = new dns.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([server]);
  await waitFor(async () => (await resolver.resolve4('a.sbc.test')).length > 0, 5_000);
  return { server, child };
}

describe.skipIf(kamailio === undefined)('sip_options probe against a real Kamailio', () => {
  let ok: Kamailio;
  let maintenance: Kamailio;

  beforeAll(async () => {
    ok = await startKamailio(kamailio as string);
    maintenance = await startKamailio(kamailio as string, { address: '127.0.0.2', optionsReply: { code: 503, reason: 'Service Unavailable' } });
  });
  afterAll(async () => {
    await ok?.stop();
    await maintenance?.stop();
  });

  it.each(['udp', 'tcp'])('gets 200 OK over %s with a round-trip time', async (transport) => {
    const result = await probe({ target: `sip:${ok.address}:${ok.sipPort};transport=${transport}` });
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    expect(valueOf(result, 'sip_response_code')).toBe(200);
    const rtt = valueOf(result, 'sip_options_rtt_seconds') ?? 0;
    expect(rtt).toBeGreaterThan(0);
    expect(rtt).toBeLessThan(1);
  });

  it('takes host, port and transport instead of a URI, and labels ip and transport per address', async () => {
    const result = await probe({ host: ok.address, port: ok.sipPort, transport: 'tcp', per_ip: true, expect_codes: [200] });
    expect(result.up).toBe(true);
    const labels = { ip: ok.address, transport: 'tcp' };
    expect(result.measurements).toContainEqual({ metric: 'up', labels, value: 1 });
    expect(result.measurements).toContainEqual({ metric: 'sip_response_code', labels, value: 200 });
  });

  it('reports 503 as overloaded or in maintenance, not as silence', async () => {
    for (const transport of ['udp', 'tcp']) {
      const result = await probe({ target: `sip:${maintenance.address}:${maintenance.sipPort};transport=${transport}` });
      expect(result.up).toBe(false);
      expect(valueOf(result, 'sip_response_code')).toBe(503);
      expect(result.error).toBe('answered 503 Service Unavailable: the peer is overloaded or in maintenance');
    }
  });

  it('fails a code outside expect_codes', async () => {
    const result = await probe({ target: `sip:${ok.address}:${ok.sipPort}`, expect_codes: [404] });
    expect(result.up).toBe(false);
    expect(result.error).toBe('answered 200 OK, expected 404');
  });

  it('retransmits over UDP on timer A (0, 500, 1500, 3500 ms) and is down at the timeout', async () => {
    const sink = await udpSink();
    try {
      const started = performance.now();
      const result = await probe({ target: `sip:127.0.0.1:${sink.port}` }, 4_000);
      expect(performance.now() - started).toBeGreaterThanOrEqual(3_900);
      expect(result.up).toBe(false);
      expect(result.error).toBe(`no answer to OPTIONS from UDP 127.0.0.1:${sink.port} within 4s (4 requests sent)`);
      expect(sink.arrivals).toHaveLength(4);
      const first = sink.arrivals[0] as number;
      const offsets = sink.arrivals.map((at) => at - first);
      for (const [i, expected] of [0, 500, 1500, 3500].entries()) expect(Math.abs((offsets[i] as number) - expected)).toBeLessThan(150);
    } finally {
      sink.socket.close();
    }
  });

  it.skipIf(dnsmasq === undefined)('follows SRV records (RFC 3263) with per_ip and reports each address', async () => {
    const dnsPeer = await startDns(dnsmasq as string, [
      `--host-record=a.sbc.test,${ok.address}`,
      `--host-record=b.sbc.test,${maintenance.address}`,
      `--srv-host=_sip._udp.sbc.test,a.sbc.test,${ok.sipPort},10,50`,
      `--srv-host=_sip._udp.sbc.test,b.sbc.test,${maintenance.sipPort},20,50`,
      `--srv-host=_sip._tcp.sbc.test,a.sbc.test,${ok.sipPort},10,50`,
    ]);
    try {
      const result = await probe({ target: 'sip:sbc.test', per_ip: true, dns_server: dnsPeer.server });
      expect(result.up).toBe(false);
      expect(result.error).toBe(`${maintenance.address} udp: answered 503 Service Unavailable: the peer is overloaded or in maintenance`);
      const ups = result.measurements.filter((m) => m.metric === 'up');
      expect(ups).toEqual([
        { metric: 'up', labels: { ip: ok.address, transport: 'udp' }, value: 1 },
        { metric: 'up', labels: { ip: maintenance.address, transport: 'udp' }, value: 0 },
        { metric: 'up', labels: { ip: ok.address, transport: 'tcp' }, value: 1 },
      ]);
    } finally {
      dnsPeer.child.kill('SIGTERM');
    }
  });

  it.skipIf(dnsmasq === undefined)('falls back to A records on the default port when a name has no SRV records', async () => {
    const dnsPeer = await startDns(dnsmasq as string, ['--host-record=a.sbc.test,127.0.0.4']);
    try {
      const result = await probe({ target: 'sip:a.sbc.test', per_ip: true, dns_server: dnsPeer.server }, 1_000);
      expect(result.up).toBe(false);
      expect(result.error).toMatch(/^127\.0\.0\.4 udp: no answer to OPTIONS from UDP 127\.0\.0\.4:5060 within 1s \(\d+ requests sent\)$/);
    } finally {
      dnsPeer.child.kill('SIGTERM');
    }
  });

  it('is down with a clear error while Kamailio is stopped, and up again once it is back', async () => {
    const peer = await startKamailio(kamailio as string, { address: '127.0.0.3' });
    const udp = new SipUdpTransport();
    const state = { clock: systemClock, udp, timers: { t1: 100, t2: 400 } };
    const run = (port: number, transport: string): Promise<ProbeResult> => {
      const raw = { kind: 'sip_options', target: `sip:127.0.0.3:${port};transport=${transport}` };
      const target = TargetConfig.parse({ id: 'sbc-2', role: 'sbc', site: 'qro', probes: [raw] });
      return runSipOptionsProbe(SipOptionsProbeConfig.parse(raw), state, { target, signal: AbortSignal.timeout(1_000), timeoutMs: 1_000, log: silentLogger });
    };
    let restarted: Kamailio | undefined;
    try {
      expect((await run(peer.sipPort, 'udp')).up).toBe(true);
      await peer.stop();
      const silent = await run(peer.sipPort, 'udp');
      expect(silent.up).toBe(false);
      expect(silent.error).toMatch(/^no answer to OPTIONS from UDP 127\.0\.0\.3:\d+ within 1s \(\d+ requests sent\)$/);
      const refused = await run(peer.sipPort, 'tcp');
      expect(refused.up).toBe(false);
      expect(refused.error).toBe(`connection refused (TCP 127.0.0.3:${peer.sipPort})`);
      restarted = await startKamailio(kamailio as string, { address: '127.0.0.3' });
      for (const transport of ['udp', 'tcp']) {
        const back = await run(restarted.sipPort, transport);
        expect(back.error).toBeUndefined();
        expect(back.up).toBe(true);
      }
    } finally {
      await restarted?.stop();
      await udp.close();
    }
  });
});

describe.skipIf(kamailio === undefined || kamailioTls === undefined || openssl === undefined)('sip_options probe over TLS against a real Kamailio', () => {
  let pki: TestPki;
  let peer: Kamailio;
  let port: number;

  beforeAll(async () => {
    pki = createTestPki(openssl as string);
    // A leaf for www.rr.test signed by the test CA, which no system trust store knows.
    peer = await startKamailio(kamailio as string, { tls: pki.valid });
    port = peer.tlsPort as number;
  });
  afterAll(async () => {
    await peer?.stop();
    pki?.remove();
  });

  it.each([
    ['a sips: URI', () => `sips:${peer.address}:${port}`],
    ['transport=tls', () => `sip:${peer.address}:${port};transport=tls`],
  ])('gets 200 OK over TLS from %s with a round-trip time when verify is off', async (_, target) => {
    const result = await probe({ target: target(), tls: { verify: false } });
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    expect(valueOf(result, 'sip_response_code')).toBe(200);
    const rtt = valueOf(result, 'sip_options_rtt_seconds') ?? 0;
    expect(rtt).toBeGreaterThan(0);
    expect(rtt).toBeLessThan(1);
  });

  it('labels each address with transport tls', async () => {
    const result = await probe({ host: peer.address, port, transport: 'tls', per_ip: true, tls: { verify: false } });
    expect(result.up).toBe(true);
    const labels = { ip: peer.address, transport: 'tls' };
    expect(result.measurements).toContainEqual({ metric: 'up', labels, value: 1 });
    expect(result.measurements).toContainEqual({ metric: 'sip_response_code', labels, value: 200 });
  });

  it('is down with a certificate error when the CA is not trusted', async () => {
    const result = await probe({ target: `sips:${peer.address}:${port}`, tls: { server_name: 'www.rr.test' } });
    expect(result.up).toBe(false);
    expect(result.error).toBe(`TLS handshake failed: unable to verify the first certificate (TLS ${peer.address}:${port})`);
    // No OPTIONS went out, so no code and no round trip: a certificate problem is not a SIP answer.
    expect(result.measurements).toEqual([]);
  });

  it('verifies against the CA given in tls.ca: up for the certificate name, down for another name or a bare IP', async () => {
    const ca = pki.ca;
    const results = [
      await probe({ target: `sips:${peer.address}:${port}`, tls: { server_name: 'www.rr.test', ca } }),
      await probe({ target: `sips:${peer.address}:${port}`, tls: { server_name: 'other.rr.test', ca } }),
      await probe({ target: `sips:${peer.address}:${port}`, tls: { ca } }),
    ];
    expect(results).toHaveLength(3);
    const [trusted, wrongName, bareIp] = results as [ProbeResult, ProbeResult, ProbeResult];
    expect(trusted.error).toBeUndefined();
    expect(trusted.up).toBe(true);
    expect(valueOf(trusted, 'sip_response_code')).toBe(200);
    expect(wrongName.up).toBe(false);
    expect(wrongName.error).toBe(
      `TLS handshake failed: Hostname/IP does not match certificate's altnames: Host: other.rr.test. is not in the cert's altnames: DNS:www.rr.test (TLS ${peer.address}:${port})`,
    );
    expect(bareIp.up).toBe(false);
    // Checked against the IP it connected to (the leaf has no IP entry), not against Node's fallback "localhost".
    expect(bareIp.error).toMatch(/^TLS handshake failed: Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list/);
    expect(bareIp.error).toMatch(new RegExp(`\\(TLS 127\\.0\\.0\\.1:${port}\\)$`));
  });

  it('is down while Kamailio is stopped, and up again once it is back', async () => {
    const address = '127.0.0.5';
    const first = await startKamailio(kamailio as string, { address, tls: pki.valid });
    let restarted: Kamailio | undefined;
    const run = (at: Kamailio | undefined = first): Promise<ProbeResult> =>
      probe({ target: `sips:${address}:${at.tlsPort as number}`, tls: { verify: false } }, 1_000);
    try {
      expect((await run()).up).toBe(true);
      await first.stop();
      const refused = await run();
      expect(refused.up).toBe(false);
      expect(refused.error).toBe(`connection refused (TLS ${address}:${first.tlsPort as number})`);
      restarted = await startKamailio(kamailio as string, { address, tls: pki.valid });
      const back = await run(restarted);
      expect(back.error).toBeUndefined();
      expect(back.up).toBe(true);
    } finally {
      await first.stop();
      await restarted?.stop();
    }
  }, 90_000); // two Kamailio starts with TLS: slow when the whole suite loads the machine
});
