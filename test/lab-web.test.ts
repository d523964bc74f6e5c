import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../src/collector/probe.js';
import { httpsProbe } from '../src/collector/probes/https.js';
import { SslLabsProbe } from '../src/collector/probes/ssllabs.js';
import { loadConfigText, type Config, type ProbeOf } from '../src/config/index.js';
import { configWithProbe } from '../src/config/testing/config-assertions.js';
import { type CronScheduler, MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { conditionsOf } from '../src/lab/conditions.js';
import { startDnsServer, type DnsServer } from '../src/lab/dns-server.js';
import { FaultBoard } from '../src/lab/faults.js';
import { startHttpsSite, type HttpsSite } from '../src/lab/https-site.js';
import { LabPki } from '../src/lab/lab-pki.js';
import { labZone } from '../src/lab/lab-zone.js';
import { startSslLabsStandin, type SslLabsStandin } from '../src/lab/ssllabs-standin.js';
import { findLabNode, LAB_NODES, LAB_PORTS, LAB_SERVICE_HOSTS, LabAddresses } from '../src/lab/topology.js';
import { randomLabNet } from './support/lab-net.js';

const DAY_S = 86_400;
const idleCron: CronScheduler = { start: () => ({ periodMs: 86_400_000, stop: () => undefined }) };

interface WebLab {
  readonly addresses: LabAddresses;
  readonly dns: DnsServer;
  readonly site: HttpsSite;
  readonly standin: SslLabsStandin;
}

/** Loads a one-probe config through the real loader (YAML, `*_file`, schema) and returns it. */
function loaded(probeYaml: string): Config {
  const result = loadConfigText(configWithProbe(probeYaml, 'web'));
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`).join('\n'));
  return result.config;
}

function probeOf<K extends 'https' | 'ssllabs'>(config: Config, kind: K): ProbeOf<K> {
  const probe = config.targets[0]?.probes[0];
  if (probe?.kind !== kind) throw new Error(`expected a ${kind} probe`);
  return probe as ProbeOf<K>;
}

function valueOf(result: ProbeResult, metric: string, labels: Record<string, string>): number | undefined {
  return result.measurements.find((m) => m.metric === metric && Object.entries(labels).every(([name, value]) => m.labels?.[name] === value))?.value;
}

describe('lab web services seen by the real probes', () => {
  const board = new FaultBoard(LAB_NODES);
  const conditions = (id: string) => {
    const node = findLabNode(id);
    if (node === undefined) throw new Error(`no lab node ${id}`);
    return conditionsOf(board, node, Date.now());
  };
  const pkiDir = mkdtempSync(join(tmpdir(), 'noc-lab-web-'));
  let pki: LabPki;
  let lab: WebLab;
  const ip = (host: number): string => lab.addresses.of(host);

  /** The lab's DNS, web site and SSL Labs stand-in on a random loopback /24, on their real ports; another /24 if one is taken. */
  async function startWebLab(): Promise<WebLab> {
    for (let attempt = 1; ; attempt++) {
      const addresses = new LabAddresses(randomLabNet());
      const started: { close(): Promise<void> }[] = [];
      try {
        const dns = await startDnsServer({ address: addresses.of(LAB_SERVICE_HOSTS.dns), port: LAB_PORTS.dns, records: labZone(addresses), log: silentLogger });
        started.push(dns);
        const site = await startHttpsSite({ addresses, nodes: LAB_NODES, pki, conditions, log: silentLogger });
        started.push(site);
        const standin = await startSslLabsStandin({ addresses, nodes: LAB_NODES, conditions, log: silentLogger });
        return { addresses, dns, site, standin };
      } catch (error) {
        await Promise.all(started.map((service) => service.close()));
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
      }
    }
  }

  beforeAll(async () => {
    pki = await LabPki.open(pkiDir, systemClock, silentLogger);
    lab = await startWebLab();
  });

  afterEach(() => {
    for (const node of LAB_NODES) board.clear(node.id);
  });

  afterAll(async () => {
    await Promise.all([lab?.dns.close(), lab?.site.close(), lab?.standin.close()]);
    rmSync(pkiDir, { recursive: true, force: true });
  });

  describe('https probe, per IP through the lab DNS, trusting the lab CA by ca_file', () => {
    async function runHttps(): Promise<ProbeResult> {
      const config = loaded(
        [
          'kind: https',
          `url: https://www.lab.test:${LAB_PORTS.https}/`,
          'per_ip: true',
          `dns_server: '${ip(LAB_SERVICE_HOSTS.dns)}:${LAB_PORTS.dns}'`,
          'body_contains: CallMyWay',
          'tls:',
          `  ca_file: ${join(pkiDir, 'ca.pem')}`,
        ].join('\n'),
      );
      const target = config.targets[0];
      if (target === undefined) throw new Error('no target');
      const probe = httpsProbe(probeOf(config, 'https'), { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'web/https' });
      try {
        return await probe.run({ target, signal: AbortSignal.timeout(3_000), timeoutMs: 3_000, log: silentLogger });
      } finally {
        await probe.close?.();
      }
    }

    it('finds the three web servers up, each with a valid lab certificate of about 90 days', async () => {
      const result = await runHttps();
      expect(result.error).toBeUndefined();
      expect(result.up).toBe(true);
      for (const host of [51, 52, 53]) {
        expect(valueOf(result, 'up', { ip: ip(host) })).toBe(1);
        expect(valueOf(result, 'http_status_code', { ip: ip(host) })).toBe(200);
        expect(valueOf(result, 'tls_cert_valid', { ip: ip(host) })).toBe(1);
        expect(valueOf(result, 'tls_cert_name_match', { ip: ip(host) })).toBe(1);
        const left = (valueOf(result, 'tls_cert_expiry_seconds', { ip: ip(host) }) ?? 0) - Date.now() / 1000;
        expect(left / DAY_S).toBeGreaterThan(89.9);
      }
    });

    it('down on web-1: its IP is down with a connection error, the other two stay up', async () => {
      board.inject('web-1', 'down', Date.now());
      const result = await runHttps();
      expect(result.up).toBe(false);
      expect([51, 52, 53].map((host) => valueOf(result, 'up', { ip: ip(host) }))).toEqual([0, 1, 1]);
      expect(result.error).toMatch(new RegExp(`^${ip(51).replace(/\./g, '\\.')}: .*ECONNRESET`));
      expect(result.error).not.toContain(ip(52));
    });

    it('cert-expiring on web-3: its certificate ends in 5 days, the others in 90', async () => {
      board.inject('web-3', 'cert-expiring', Date.now());
      const result = await runHttps();
      expect(result.up).toBe(true);
      const daysLeft = (host: number): number => ((valueOf(result, 'tls_cert_expiry_seconds', { ip: ip(host) }) ?? 0) - Date.now() / 1000) / DAY_S;
      expect(daysLeft(53)).toBeGreaterThan(4.99);
      expect(daysLeft(53)).toBeLessThanOrEqual(5);
      expect(daysLeft(51)).toBeGreaterThan(89.9);
    });
  });

  describe('ssllabs probe against the stand-in', () => {
    it('grades every web server A+, and web-2 B once grade-drop is injected', async () => {
      const config = loaded(['kind: ssllabs', 'host: www.lab.test', `base_url: ${lab.standin.baseUrl}`, 'start_delay: 0s'].join('\n'));
      const probe = new SslLabsProbe(
        probeOf(config, 'ssllabs'),
        { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'web/ssllabs' },
        { scheduler: idleCron, random: () => 0.5, timing: { beforeStartMs: 100, inProgressMs: 200, maxPollMs: 10_000 } },
      );
      try {
        await probe.settled();
        const first = await probe.run();
        expect(first.error).toBeUndefined();
        expect(first.up).toBe(true);
        expect([51, 52, 53].map((host) => valueOf(first, 'ssllabs_grade_score', { ip: ip(host) }))).toEqual([100, 100, 100]);

        board.inject('web-2', 'grade-drop', Date.now());
        await probe.assessNow();
        const second = await probe.run();
        expect(second.up).toBe(true);
        expect([51, 52, 53].map((host) => valueOf(second, 'ssllabs_grade_score', { ip: ip(host) }))).toEqual([100, 80, 100]);
        expect(valueOf(second, 'ssllabs_grade_info', { ip: ip(52), grade: 'B' })).toBe(1);
      } finally {
        await probe.close();
      }
    });
  });
});
