import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeFactory, ProbeResult } from '../src/collector/probe.js';
import { PROBE_FACTORIES } from '../src/collector/probes/index.js';
import { PROBE_KINDS, type Probe as ProbeConfig, type ProbeKind, type TargetConfig } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { LAB_PORTS, startLab, type RunningLab } from '../src/lab/index.js';
import { randomLabNet } from './support/lab-net.js';

const TARGET: TargetConfig = { id: 'lab', role: 'sbc', site: 'co', users: 0, depends_on: [], labels: {}, probes: [] };

async function runProbe(raw: Record<string, unknown> & { kind: ProbeKind }): Promise<ProbeResult> {
  const config = PROBE_KINDS[raw.kind].parse(raw) as ProbeConfig;
  const factory = PROBE_FACTORIES[config.kind] as ProbeFactory<ProbeKind>;
  const probe = factory(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: `lab/${raw.kind}` });
  try {
    return await probe.run({ target: TARGET, signal: AbortSignal.timeout(3000), timeoutMs: 3000, log: silentLogger });
  } finally {
    await probe.close?.();
  }
}

function valueOf(result: ProbeResult, metric: string, labels: Record<string, string> = {}): number | undefined {
  return result.measurements.find((m) => m.metric === metric && Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
}

async function control(lab: RunningLab, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${lab.controlUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('the lab network answers the real probes', () => {
  let lab: RunningLab;
  let net: string;

  beforeAll(async () => {
    net = randomLabNet();
    lab = await startLab({ net, clock: systemClock, log: silentLogger, wanLatency: false, seed: 1 });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it.each(['udp', 'tcp'])('answers SIP OPTIONS over %s like a SIP proxy', async (transport) => {
    const result = await runProbe({ kind: 'sip_options', host: `${net}.23`, port: LAB_PORTS.sip, transport });
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    expect(valueOf(result, 'sip_response_code')).toBe(200);
    expect(valueOf(result, 'sip_options_rtt_seconds')).toBeGreaterThan(0);
  });

  it('serves Kamailio statistics over JSON-RPC, mapped to the platform names', async () => {
    const result = await runProbe({ kind: 'kamailio_rpc', url: `http://${net}.11:${LAB_PORTS.rpc}/RPC` });
    expect(result.error).toBeUndefined();
    expect(valueOf(result, 'sip_active_dialogs')).toBeGreaterThanOrEqual(0);
    expect(valueOf(result, 'sip_registered_contacts')).toBeGreaterThan(1000);
    expect(valueOf(result, 'sip_transactions_total', { code_class: '2xx' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(result, 'sip_blocked_sources')).toBeDefined();
    expect(valueOf(result, 'kamailio_uptime_seconds') ?? valueOf(result, 'kamailio_core_uptime_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('exposes database metrics to a Prometheus scrape', async () => {
    const replica = await runProbe({ kind: 'prometheus', url: `http://${net}.42:${LAB_PORTS.dbMetrics}/metrics` });
    expect(replica.error).toBeUndefined();
    expect(valueOf(replica, 'db_replication_lag_seconds')).toBeLessThan(1);
    expect(valueOf(replica, 'db_connections_max')).toBe(500);
    const primary = await runProbe({ kind: 'prometheus', url: `http://${net}.41:${LAB_PORTS.dbMetrics}/metrics` });
    expect(valueOf(primary, 'db_last_backup_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('turns the faulted target down, over the control API, and back up when cleared', async () => {
    const injected = await control(lab, 'POST', '/faults', { target: 'sbc-co-1', kind: 'down', duration: '10m' });
    expect(injected.status).toBe(201);
    const sip = await runProbe({ kind: 'sip_options', host: `${net}.23`, port: LAB_PORTS.sip });
    expect(sip.up).toBe(false);
    expect(sip.error).toMatch(/no answer to OPTIONS/);
    const rpc = await runProbe({ kind: 'kamailio_rpc', url: `http://${net}.23:${LAB_PORTS.rpc}/RPC` });
    expect(rpc.up).toBe(false);
    // Only the faulted SBC: its neighbour in Mexico still answers.
    expect((await runProbe({ kind: 'sip_options', host: `${net}.21`, port: LAB_PORTS.sip })).up).toBe(true);
    expect((await control(lab, 'GET', '/faults')).json.faults).toEqual([expect.objectContaining({ target: 'sbc-co-1', kind: 'down' })]);
    const cleared = await control(lab, 'DELETE', '/faults/sbc-co-1');
    expect(cleared.json.cleared).toHaveLength(1);
    expect((await runProbe({ kind: 'sip_options', host: `${net}.23`, port: LAB_PORTS.sip })).up).toBe(true);
  });

  it('explains a bad fault request', async () => {
    const wrongRole = await control(lab, 'POST', '/faults', { target: 'db-1', kind: 'ddos' });
    expect(wrongRole).toEqual({ status: 400, json: { error: { code: 'invalid_request', message: 'fault "ddos" applies to sbc targets; db-1 is a database' } } });
    const badDuration = await control(lab, 'POST', '/faults', { target: 'sbc-co-1', kind: 'slow', duration: 'soon' });
    expect(badDuration.json).toEqual({ error: { code: 'invalid_request', message: 'duration: expected a positive duration such as 90s or 10m' } });
    expect((await control(lab, 'DELETE', '/faults/nowhere')).status).toBe(404);
  });
});
