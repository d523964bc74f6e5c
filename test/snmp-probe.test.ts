import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../src/collector/probe.js';
import { snmpProbe } from '../src/collector/probes/snmp.js';
import { PROBE_KINDS, type TargetConfig } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { peerBinary } from './peers/peer-binary.js';
import { SNMPD_CREDENTIALS, startSnmpd, type Snmpd } from './peers/snmpd.js';

const TARGET: TargetConfig = { id: 'sw-1', role: 'host', site: 'qro', users: 0, depends_on: [], labels: {}, probes: [] };
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const IF_IN_OCTETS = '1.3.6.1.2.1.2.2.1.10';
const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';
const IF_HC_IN_OCTETS = '1.3.6.1.2.1.31.1.1.1.6';
const { community, user, auth, priv } = SNMPD_CREDENTIALS;

async function probeRun(snmpd: Snmpd, extra: Record<string, unknown>, timeoutMs = 2000): Promise<ProbeResult> {
  const v2c = extra.version === 3 ? {} : { community };
  const config = PROBE_KINDS.snmp.parse({ kind: 'snmp', host: snmpd.address, port: snmpd.port, ...v2c, ...extra });
  const probe = snmpProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'sw-1/snmp' });
  return probe.run({ target: TARGET, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
}

function valueOf(result: ProbeResult, metric: string, labels: Record<string, string> = {}): number | undefined {
  const found = result.measurements.filter((m) => m.metric === metric && Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (found.length > 1) throw new Error(`${metric} matches ${found.length} series`);
  return found[0]?.value;
}

const binary = peerBinary('/usr/sbin/snmpd', 'Debian package snmpd');

describe.skipIf(binary === undefined)('snmp probe against snmpd', () => {
  let snmpd: Snmpd;
  beforeAll(async () => {
    snmpd = await startSnmpd(binary as string);
  });
  afterAll(async () => {
    await snmpd?.stop();
  });

  it('gets sysUpTime in seconds over v2c, as snmpget reads it', async () => {
    const result = await probeRun(snmpd, { get: [{ oid: SYS_UPTIME, name: 'snmp_uptime_seconds' }] });
    const ticks = Number(await snmpd.snmpget(SYS_UPTIME));
    expect(result).toMatchObject({ up: true });
    expect(result.error).toBeUndefined();
    const seconds = valueOf(result, 'snmp_uptime_seconds') ?? Number.NaN;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(ticks / 100);
    expect(seconds).toBeGreaterThan(ticks / 100 - 2);
  });

  it('walks ifInOctets with ifDescr labels, counters named _total', async () => {
    const result = await probeRun(snmpd, { walk: [{ oid: IF_IN_OCTETS, name: 'if_in_octets', type: 'counter', label_oid: IF_DESCR, index_label: 'interface' }] });
    expect(result.up).toBe(true);
    expect(result.error).toBeUndefined();
    expect(valueOf(result, 'if_in_octets_total', { interface: 'lo' })).toBeGreaterThan(0);
    for (const m of result.measurements) expect(Object.keys(m.labels ?? {})).toEqual(['interface']);
  });

  it('labels rows by index when no label_oid is given', async () => {
    const result = await probeRun(snmpd, { walk: [{ oid: IF_DESCR.replace(/2$/, '1'), name: 'if_index' }] });
    expect(valueOf(result, 'if_index', { index: '1' })).toBe(1);
  });

  it('reads a Counter64 exactly as snmpget does', async () => {
    const oid = `${IF_HC_IN_OCTETS}.1`;
    const before = BigInt(await snmpd.snmpget(oid));
    const result = await probeRun(snmpd, { get: [{ oid, name: 'if_hc_in_octets', type: 'counter' }] });
    const after = BigInt(await snmpd.snmpget(oid));
    const value = valueOf(result, 'if_hc_in_octets_total');
    expect(value).toBeDefined();
    // Loopback traffic (this test's own) may move the counter between reads; when it did not, equal exactly.
    if (before === after) expect(BigInt(value as number)).toBe(before);
    else expect(BigInt(value as number) >= before && BigInt(value as number) <= after).toBe(true);
  });

  it('works over v3 authPriv, and a wrong password fails clearly', async () => {
    const v3 = { version: 3, user, auth, priv, get: [{ oid: SYS_UPTIME, name: 'snmp_uptime_seconds' }] };
    const good = await probeRun(snmpd, v3);
    expect(good.error).toBeUndefined();
    expect(valueOf(good, 'snmp_uptime_seconds')).toBeGreaterThan(0);
    const bad = await probeRun(snmpd, { ...v3, auth: { ...auth, password: 'wrongpass1' } }, 1000);
    expect(bad.up).toBe(false);
    expect(bad.error).toMatch(/wrong digest|authentication|password/i);
  });

  it('reports a missing OID without failing the others', async () => {
    const result = await probeRun(snmpd, {
      get: [
        { oid: SYS_UPTIME, name: 'snmp_uptime_seconds' },
        { oid: '1.3.6.1.2.1.1.99.0', name: 'no_such_thing' },
        { oid: '1.3.6.1.2.1.1.3.1', name: 'no_such_instance' },
      ],
    });
    expect(result.up).toBe(true);
    expect(valueOf(result, 'snmp_uptime_seconds')).toBeGreaterThan(0);
    expect(result.error).toContain('no_such_thing (1.3.6.1.2.1.1.99.0): noSuch');
    expect(result.error).toContain('no_such_instance (1.3.6.1.2.1.1.3.1): noSuchInstance');
  });

  it('is down at the timeout with a wrong community', async () => {
    const started = Date.now();
    const result = await probeRun(snmpd, { community: 'wrong', get: [{ oid: SYS_UPTIME, name: 'x' }] }, 600);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.up).toBe(false);
    expect(result.error).toMatch(/^no answer from 127\.0\.0\.1:\d+ .*wrong community/);
  });

  it('is down while snmpd is stopped and up again once it restarts', async () => {
    const config = { get: [{ oid: SYS_UPTIME, name: 'snmp_uptime_seconds' }] };
    await snmpd.pause();
    const down = await probeRun(snmpd, config, 600);
    expect(down.up).toBe(false);
    expect(down.measurements).toEqual([]);
    await snmpd.resume();
    const up = await probeRun(snmpd, config);
    expect(up.up).toBe(true);
  });
});
