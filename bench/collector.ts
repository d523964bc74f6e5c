// Benchmark of the collector: HTTPS probes (a full TLS handshake each) per second and per CPU-second,
// side by side with Prometheus' blackbox_exporter probing the same local server, and event-loop lag
// while 5,000 probes are scheduled.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ProbeScheduler } from '../src/collector/index.js';
import { httpsProbe } from '../src/collector/probes/https.js';
import { PROBE_FACTORIES } from '../src/collector/probes/index.js';
import { loadConfigText, PROBE_KINDS } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { createTestPki } from '../test/peers/certificates.js';
import { freePort, waitFor } from '../test/support/free-port.js';
import { TS_NODE_ARGS } from '../test/support/run-ts.js';
import { type BenchRow, median } from './measure.js';

const PROBES = 2000;
/** Rounds of each side, alternating, so drift on a shared machine hits both alike; medians are reported. */
const ROUNDS = 5;
const CONCURRENCY = 32;
const BLACKBOX = '/usr/bin/prometheus-blackbox-exporter';
const TICKS_PER_SECOND = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in these

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
}

async function startProcess(command: string, args: string[], readyWhen: () => Promise<boolean>): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitFor(readyWhen, 15_000);
  return child;
}

/** Runs `total` tasks with at most `concurrency` at once; returns the wall time in seconds. */
async function pool(total: number, concurrency: number, task: () => Promise<void>): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started++;
        await task();
      }
    }),
  );
  return (performance.now() - begin) / 1000;
}

/** What one side did for PROBES probes. */
interface Side {
  readonly wall: number;
  readonly cpu: number;
  readonly failures: number;
}

async function ourProbes(url: string): Promise<Side> {
  const config = PROBE_KINDS.https.parse({ kind: 'https', url, tls: { verify: false } });
  const probe = httpsProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'web/https' });
  const target = loadConfigText(`targets: [{ id: web, role: https, site: s, probes: [{ kind: https, url: "${url}" }] }]`);
  if (!target.ok) throw new Error('bench config');
  const context = { target: target.config.targets[0] as never, timeoutMs: 5000, log: silentLogger };
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const wall = await pool(PROBES, CONCURRENCY, async () => {
    const result = await probe.run({ ...context, signal: AbortSignal.timeout(5000) });
    if (!result.up) failures++;
  });
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, failures };
}

/** A running blackbox_exporter and a way to make it probe. */
interface Blackbox {
  probe(): Promise<Side>;
  stop(): void;
}

async function startBlackbox(url: string, dir: string): Promise<Blackbox | undefined> {
  try {
    readFileSync(BLACKBOX);
  } catch {
    console.error(`blackbox_exporter not found at ${BLACKBOX} (scripts/install-peers.sh --bench installs it): comparison skipped`);
    return undefined;
  }
  const port = await freePort();
  const configFile = join(dir, 'blackbox.yml');
  writeFileSync(configFile, 'modules:\n  https_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n      tls_config:\n        insecure_skip_verify: true\n');
  const base = `http://127.0.0.1:${port}`;
  const exporter = await startProcess(BLACKBOX, [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`], async () => (await fetch(`${base}/-/healthy`)).ok);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const probeUrl = `${base}/probe?module=https_2xx&target=${encodeURIComponent(url)}`;
  return {
    async probe() {
      let failures = 0;
      const cpu0 = cpuSecondsOf(exporter.pid as number);
      const wall = await pool(PROBES, CONCURRENCY, () =>
        new Promise<void>((resolve, reject) => {
          get(probeUrl, { agent }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => {
              if (!/^probe_success 1$/m.test(body)) failures++;
              resolve();
            });
          }).on('error', reject);
        }),
      );
      return { wall, cpu: cpuSecondsOf(exporter.pid as number) - cpu0, failures };
    },
    stop() {
      agent.destroy();
      exporter.kill('SIGTERM');
    },
  };
}

async function eventLoopLag(url: string, dir: string): Promise<{ p99: number; max: number; runs: number; overruns: number }> {
  const targets = Array.from({ length: 5000 }, (_, i) => `  - { id: web-${i}, role: https, site: s, probes: [{ kind: https, url: "${url}", tls: { verify: false } }] }`);
  const loaded = loadConfigText(`defaults: { interval: 30s, timeout: 5s }\ntargets:\n${targets.join('\n')}\n`);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('; '));
  const store = SqliteSeriesStore.open({ path: join(dir, 'lag.db'), hotWindow: 3_600_000, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 } });
  const scheduler = new ProbeScheduler(loaded.config, {
    appender: store,
    clock: systemClock,
    log: silentLogger,
    state: new MemoryProbeStateStore(),
    factories: PROBE_FACTORIES,
  });
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  scheduler.start();
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, 30_000)); // one whole interval
  histogram.disable();
  const stats = scheduler.stats();
  await scheduler.stop();
  await store.close();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, runs: stats.runs, overruns: stats.overruns };
}

/** Runs the collector benchmark. */
export async function runCollectorBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-collector-'));
  const pki = createTestPki('/usr/bin/openssl');
  writeFileSync(join(dir, 'cert.pem'), pki.valid.cert);
  writeFileSync(join(dir, 'key.pem'), pki.valid.key);
  const port = await freePort();
  const url = `https://127.0.0.1:${port}/`;
  const server = await startProcess(process.execPath, [...TS_NODE_ARGS, join(import.meta.dirname, 'support/https-target.ts'), join(dir, 'cert.pem'), join(dir, 'key.pem'), String(port)], async () => {
    const probe = httpsProbe(PROBE_KINDS.https.parse({ kind: 'https', url, tls: { verify: false } }), {
      clock: systemClock,
      log: silentLogger,
      state: new MemoryProbeStateStore(),
      key: 'ready',
    });
    return (await probe.run({ target: {} as never, signal: AbortSignal.timeout(1000), timeoutMs: 1000, log: silentLogger })).up;
  });
  try {
    const blackbox = await startBlackbox(url, dir);
    const ours: Side[] = [];
    const theirs: Side[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await ourProbes(url));
      if (blackbox) theirs.push(await blackbox.probe());
    }
    blackbox?.stop();
    const lag = await eventLoopLag(url, dir);
    const perSecond = (sides: Side[]) => median(sides.map((s) => PROBES / s.wall));
    const perCpuSecond = (sides: Side[]) => median(sides.map((s) => PROBES / s.cpu));
    const failed = (sides: Side[]) => sides.reduce((n, s) => n + s.failures, 0);
    const rows: BenchRow[] = [
      { figure: `noc https probe: probes/s (${CONCURRENCY} at once, ${PROBES} probes, ${failed(ours)} failed)`, value: perSecond(ours), unit: 'probes/s', goal: '' },
      { figure: 'noc https probe: probes per CPU-second', value: perCpuSecond(ours), unit: 'probes/CPU-s', goal: '≥ blackbox_exporter' },
    ];
    if (theirs.length > 0) {
      rows.push(
        { figure: `blackbox_exporter http prober: probes/s (same load, ${failed(theirs)} failed)`, value: perSecond(theirs), unit: 'probes/s', goal: '' },
        { figure: 'blackbox_exporter: probes per CPU-second (its own process)', value: perCpuSecond(theirs), unit: 'probes/CPU-s', goal: '' },
        { figure: 'ratio noc / blackbox_exporter, probes per CPU-second', value: perCpuSecond(ours) / perCpuSecond(theirs), unit: '×', goal: '≥ 1' },
      );
    }
    rows.push(
      { figure: 'event-loop lag p99 with 5,000 https probes scheduled (30 s interval, one interval measured)', value: lag.p99, unit: 'ms', goal: '' },
      { figure: 'event-loop lag max over the same 30 s', value: lag.max, unit: 'ms', goal: '' },
      { figure: `probe runs completed in those 30 s (${lag.overruns} overruns)`, value: lag.runs, unit: 'runs', goal: '5,000' },
    );
    return rows;
  } finally {
    server.kill('SIGTERM');
    pki.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
