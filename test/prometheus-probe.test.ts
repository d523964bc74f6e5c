import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prometheusProbe } from '../src/collector/probes/prometheus.js';
import type { Measurement, ProbeResult } from '../src/collector/probe.js';
import { probeLabels, resultSamples } from '../src/collector/result-samples.js';
import { PROBE_KINDS, type TargetConfig } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { createTestPki, type TestPki } from './peers/certificates.js';
import { startNodeExporter, type NodeExporter } from './peers/node-exporter.js';
import { peerBinary } from './peers/peer-binary.js';

const TARGET: TargetConfig = {
  id: 'host-1',
  role: 'host',
  site: 'qro',
  users: 0,
  depends_on: [],
  labels: { rack: 'r12' },
  probes: [{ kind: 'prometheus', url: 'http://127.0.0.1/metrics', headers: {}, honor_labels: false, sample_limit: 10_000, tls: { verify: true } }],
};

async function scrape(config: Record<string, unknown>, timeoutMs = 5000): Promise<ProbeResult> {
  const parsed = PROBE_KINDS.prometheus.parse({ kind: 'prometheus', ...config });
  const probe = prometheusProbe(parsed, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'host-1/prometheus' });
  return probe.run({ target: TARGET, signal: AbortSignal.timeout(timeoutMs), timeoutMs, log: silentLogger });
}

function find(result: ProbeResult, metric: string, labels: Record<string, string> = {}): Measurement[] {
  return result.measurements.filter(
    (m) => m.metric === metric && Object.entries(labels).every(([name, value]) => m.labels?.[name] === value),
  );
}

function valueOf(result: ProbeResult, metric: string, labels: Record<string, string> = {}): number | undefined {
  const found = find(result, metric, labels);
  if (found.length > 1) throw new Error(`${metric} matches ${found.length} series`);
  return found[0]?.value;
}

describe('prometheus probe against the real node_exporter', () => {
  let exporter: NodeExporter | undefined;

  beforeAll(async () => {
    exporter = await startNodeExporter();
  });

  afterAll(async () => {
    await exporter?.stop();
  });

  const url = (): string => exporter?.url ?? '';
  const skip = peerBinary('/usr/bin/prometheus-node-exporter', 'apt-get install prometheus-node-exporter') === undefined;

  it.skipIf(skip)('keeps every sample by default, with node_load1 among them', async () => {
    const result = await scrape({ url: url() });
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    expect(valueOf(result, 'node_load1')).toBeGreaterThanOrEqual(0);
    expect(valueOf(result, 'node_memory_MemTotal_bytes')).toBeGreaterThan(0);
    expect(find(result, 'node_cpu_seconds_total', { mode: 'idle' }).length).toBeGreaterThan(0);
    // The exporter's own go_gc_duration_seconds is a summary: quantiles, _sum and _count.
    expect(valueOf(result, 'go_gc_duration_seconds', { quantile: '0.5' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(result, 'go_gc_duration_seconds_count')).toBeGreaterThanOrEqual(0);
    const scraped = valueOf(result, 'scrape_samples_scraped') ?? 0;
    expect(scraped).toBeGreaterThan(20);
    expect(valueOf(result, 'scrape_samples_kept')).toBe(scraped);
    expect(result.measurements).toHaveLength(scraped + 2);
  });

  it.skipIf(skip)('keeps only the allow-listed names and regexes', async () => {
    const result = await scrape({ url: url(), metrics: ['node_load1', '/node_memory_Mem(Total|Free)_bytes/', '/node_cpu_.*/'] });
    expect(result.up).toBe(true);
    const names = new Set(result.measurements.map((m) => m.metric));
    for (const name of ['node_load1', 'node_memory_MemTotal_bytes', 'node_memory_MemFree_bytes', 'node_cpu_seconds_total']) expect(names).toContain(name);
    const allowed = /^(node_load1|node_memory_Mem(Total|Free)_bytes|node_cpu_.*|scrape_samples_(scraped|kept))$/;
    expect([...names].filter((name) => !allowed.test(name))).toEqual([]);
    expect(names.has('node_load5')).toBe(false);
    expect(valueOf(result, 'scrape_samples_kept')).toBe(result.measurements.length - 2);
    expect(valueOf(result, 'scrape_samples_scraped')).toBeGreaterThan(valueOf(result, 'scrape_samples_kept') ?? 0);
  });

  it.skipIf(skip)('fails the scrape when the kept samples exceed sample_limit', async () => {
    const result = await scrape({ url: url(), sample_limit: 5 });
    expect(result.up).toBe(false);
    expect(result.error).toMatch(/^sample limit exceeded: \d+ samples kept, the limit is 5$/);
    expect(result.measurements.map((m) => m.metric)).toEqual(['scrape_samples_scraped', 'scrape_samples_kept']);
  });
});

const CRAFTED = [
  '# A comment that is neither HELP nor TYPE, with "quotes" and {braces}',
  '# HELP sbc_calls_active Calls in progress.\\nSecond line of help.',
  '# TYPE sbc_calls_active gauge',
  'sbc_calls_active{trunk="carrier \\"A\\"",path="C:\\\\calls",note="line1\\nline2"} 42',
  'sbc_calls_active{trunk="b"} 7 1700000000000',
  '# TYPE sbc_mos gauge',
  'sbc_mos{trunk="a"} NaN',
  'sbc_mos{trunk="b"} +Inf',
  'sbc_mos{trunk="c"} -Inf',
  '# HELP sip_setup_seconds Call setup time.',
  '# TYPE sip_setup_seconds histogram',
  'sip_setup_seconds_bucket{trunk="a",le="0.5"} 10',
  'sip_setup_seconds_bucket{trunk="a",le="1"} 15',
  'sip_setup_seconds_bucket{trunk="a",le="+Inf"} 16',
  'sip_setup_seconds_sum{trunk="a"} 9.5',
  'sip_setup_seconds_count{trunk="a"} 16',
  '# TYPE rtp_jitter_seconds summary',
  'rtp_jitter_seconds{quantile="0.5"} 0.004',
  'rtp_jitter_seconds{quantile="0.99"} 0.03',
  'rtp_jitter_seconds_sum 12.5',
  'rtp_jitter_seconds_count 3000',
  '# TYPE exporter_info gauge',
  'exporter_info{target="sbc-9",site="mty",version="1.2"} 1',
  'up 0',
  'duplicate_series{a="1"} 1',
  'duplicate_series{a="1"} 2',
  '',
].join('\n');

interface Reply {
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Never answers: for timeouts. */
  readonly hang?: boolean;
}

describe('prometheus probe against a crafted exposition', () => {
  let server: Server;
  let base = '';
  let reply: (headers: IncomingHttpHeaders) => Reply = () => ({ body: CRAFTED });
  let seen: IncomingHttpHeaders = {};

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen = request.headers;
      const { status = 200, body = '', headers = {}, hang = false } = reply(request.headers);
      if (hang) return;
      response.writeHead(status, { 'content-type': 'text/plain; version=0.0.4', ...headers });
      response.end(headers['content-encoding'] === 'gzip' ? gzipSync(body) : body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.8', resolve));
    base = `http://127.0.0.8:${(server.address() as { port: number }).port}`;
  });

  afterEach(() => {
    reply = () => ({ body: CRAFTED });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('resolves escapes, reads NaN and ±Inf, and expands histograms and summaries', async () => {
    const result = await scrape({ url: `${base}/metrics` });
    expect(result.error).toBeUndefined();
    expect(result.up).toBe(true);
    expect(find(result, 'sbc_calls_active')[0]?.labels).toEqual({ trunk: 'carrier "A"', path: 'C:\\calls', note: 'line1\nline2' });
    expect(valueOf(result, 'sbc_calls_active', { trunk: 'b' })).toBe(7);
    expect(valueOf(result, 'sbc_mos', { trunk: 'a' })).toBeNaN();
    expect(valueOf(result, 'sbc_mos', { trunk: 'b' })).toBe(Infinity);
    expect(valueOf(result, 'sbc_mos', { trunk: 'c' })).toBe(-Infinity);
    expect(find(result, 'sip_setup_seconds_bucket').map((m) => [m.labels?.['le'], m.value])).toEqual([
      ['0.5', 10],
      ['1', 15],
      ['+Inf', 16],
    ]);
    expect(valueOf(result, 'sip_setup_seconds_sum', { trunk: 'a' })).toBe(9.5);
    expect(valueOf(result, 'sip_setup_seconds_count', { trunk: 'a' })).toBe(16);
    expect(valueOf(result, 'rtp_jitter_seconds', { quantile: '0.99' })).toBe(0.03);
    expect(valueOf(result, 'rtp_jitter_seconds_sum')).toBe(12.5);
    expect(valueOf(result, 'rtp_jitter_seconds_count')).toBe(3000);
    // The scraped `up` would collide with the collector's own; a repeated series keeps its first value.
    expect(find(result, 'up')).toEqual([]);
    expect(find(result, 'duplicate_series').map((m) => m.value)).toEqual([1]);
    expect(valueOf(result, 'scrape_samples_scraped')).toBe(18);
    expect(valueOf(result, 'scrape_samples_kept')).toBe(16);
  });

  it('renames scraped labels that clash with the target labels to exported_<name>', async () => {
    const result = await scrape({ url: `${base}/metrics`, metrics: ['exporter_info'] });
    expect(find(result, 'exporter_info')[0]?.labels).toEqual({ exported_target: 'sbc-9', exported_site: 'mty', version: '1.2' });
    const samples = resultSamples(result, probeLabels(TARGET, 'prometheus'), 1_700_000_000_000, 12);
    expect(samples.map((sample) => sample.series)).toContain(
      'exporter_info{exported_site="mty",exported_target="sbc-9",probe="prometheus",rack="r12",role="host",site="qro",target="host-1",version="1.2"}',
    );
  });

  it('keeps clashing labels as scraped with honor_labels', async () => {
    const result = await scrape({ url: `${base}/metrics`, metrics: ['exporter_info'], honor_labels: true });
    expect(find(result, 'exporter_info')[0]?.labels).toEqual({ target: 'sbc-9', site: 'mty', version: '1.2' });
    // End to end: the scraped target and site win over the collector's own on the stored series.
    const stored = resultSamples(result, probeLabels(TARGET, 'prometheus'), 0, 1).map((s) => s.series);
    expect(stored).toContain('exporter_info{probe="prometheus",rack="r12",role="host",site="mty",target="sbc-9",version="1.2"}');
  });

  it('prefixes metric names but not its own scrape counts', async () => {
    const result = await scrape({ url: `${base}/metrics`, metrics: ['sbc_mos'], metric_prefix: 'edge_' });
    expect(result.measurements.map((m) => m.metric)).toEqual(['edge_sbc_mos', 'edge_sbc_mos', 'edge_sbc_mos', 'scrape_samples_scraped', 'scrape_samples_kept']);
  });

  it('keeps a histogram whole by its family name', async () => {
    const result = await scrape({ url: `${base}/metrics`, metrics: ['sip_setup_seconds'] });
    expect(result.measurements.map((m) => m.metric)).toEqual([
      'sip_setup_seconds_bucket',
      'sip_setup_seconds_bucket',
      'sip_setup_seconds_bucket',
      'sip_setup_seconds_sum',
      'sip_setup_seconds_count',
      'scrape_samples_scraped',
      'scrape_samples_kept',
    ]);
  });

  it('sends the bearer token, configured headers, the scrape timeout and asks for the text format', async () => {
    reply = (headers) => (headers.authorization === 'Bearer s3cr3t-token-0123' ? { body: 'a 1\n' } : { status: 401 });
    const result = await scrape({ url: `${base}/metrics`, bearer_token: 's3cr3t-token-0123', headers: { 'X-Tenant': 'noc' } }, 4000);
    expect(result).toMatchObject({ up: true });
    expect(seen['x-tenant']).toBe('noc');
    expect(seen['x-prometheus-scrape-timeout-seconds']).toBe('4');
    expect(seen.accept).toContain('text/plain;version=0.0.4');
  });

  it('is down on a non-200 answer', async () => {
    reply = () => ({ status: 401 });
    expect(await scrape({ url: `${base}/metrics` })).toEqual({ up: false, measurements: [], error: 'HTTP 401' });
    reply = () => ({ status: 302, headers: { location: '/elsewhere' } });
    expect((await scrape({ url: `${base}/metrics` })).error).toBe('HTTP 302 (redirects are not followed: give the final URL)');
  });

  it('reads a gzipped exposition', async () => {
    reply = () => ({ body: 'gz_metric{a="1"} 3\n', headers: { 'content-encoding': 'gzip' } });
    const result = await scrape({ url: `${base}/metrics` });
    expect(valueOf(result, 'gz_metric')).toBe(3);
  });

  it('is down with the line of a malformed exposition', async () => {
    reply = () => ({ body: 'good 1\nbad{a="1" 2\n' });
    const result = await scrape({ url: `${base}/metrics` });
    expect(result).toEqual({ up: false, measurements: [], error: 'not a valid exposition: line 2: expected "}", got "2"' });
  });

  it('times out at the signal when the exporter never answers', async () => {
    reply = () => ({ hang: true });
    const started = performance.now();
    const result = await scrape({ url: `${base}/metrics` }, 300);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result).toEqual({ up: false, measurements: [], error: 'timed out after 300ms' });
  });

  it('is down when nothing listens', async () => {
    const result = await scrape({ url: 'http://127.0.0.9:1/metrics' });
    expect(result.up).toBe(false);
    expect(result.error).toContain('ECONNREFUSED');
  });
});

describe('prometheus probe over HTTPS', () => {
  const openssl = peerBinary('/usr/bin/openssl', 'apt-get install openssl');
  let pki: TestPki | undefined;
  let server: Server | undefined;
  let url = '';

  beforeAll(async () => {
    if (openssl === undefined) return;
    pki = createTestPki(openssl);
    const https = createHttpsServer({ cert: pki.selfSigned.cert, key: pki.selfSigned.key }, (_, response) => response.end('tls_metric 1\n'));
    server = https;
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.10', resolve));
    url = `https://127.0.0.10:${(https.address() as { port: number }).port}/metrics`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server?.close(resolve));
    pki?.remove();
  });

  it.skipIf(openssl === undefined)('scrapes a self-signed exporter with tls.verify off and refuses it otherwise', async () => {
    const trusting = await scrape({ url, tls: { verify: false } });
    expect(trusting).toMatchObject({ up: true });
    expect(valueOf(trusting, 'tls_metric')).toBe(1);
    const verifying = await scrape({ url, tls: { server_name: 'www.rr.test' } });
    expect(verifying.up).toBe(false);
    expect(verifying.error).toMatch(/self[- ]signed certificate/);
  });
});
