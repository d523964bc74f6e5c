// Benchmark of the remote stores against the embedded one: ingest from one process and the dashboard's and
// forensics' queries, each store started on loopback by the bench. Data: bench/data.ts, written poll by poll,
// one append per target (as bench/store.ts does); the remote ones both direct and behind the outage buffer
// that `noc start` puts in front of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, parseSelector, type Sample, type SampleAppender, type SeriesQuerier } from '../src/core/index.js';
import { InfluxSeriesStore } from '../src/store/influxdb/influx-series-store.js';
import { BufferedRemoteStore } from '../src/store/spool/buffered-remote-store.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { VictoriaMetricsSeriesStore } from '../src/store/victoriametrics/vm-series-store.js';
import { startInflux } from '../test/peers/influxdb.js';
import { peerBinary } from '../test/peers/peer-binary.js';
import { startVictoriaMetrics } from '../test/peers/victoria-metrics.js';
import { SyntheticNetwork } from './data.js';
import { median, type BenchRow, timeMs } from './measure.js';

const INTERVAL = 10_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 0, 0, 0);
/** The buffer's defaults in the configuration (store.buffer.max_size, hot_window). */
const SPOOL_BYTES = 1024 ** 3;
const SPOOL_HOT_WINDOW = 3 * HOUR;

type Store = SampleAppender & SeriesQuerier;

/** Sizes of one run. */
export interface RemoteBenchSize {
  readonly targets: number;
  readonly perTarget: number;
  /** Minutes of data at 10 s (the queries read the last hour of it). */
  readonly minutes: number;
}

/** One remote engine: how to start it on loopback and how to open a store on it. */
interface Engine {
  readonly name: string;
  readonly binary: string;
  start(binary: string): Promise<{ remote: () => Store & { close(): Promise<void> }; visible: () => Promise<void>; stop: () => Promise<void> }>;
}

class Run {
  readonly rows: BenchRow[] = [];
  readonly net: SyntheticNetwork;
  readonly polls: number;

  constructor(readonly size: RemoteBenchSize) {
    this.net = new SyntheticNetwork(size.targets, size.perTarget);
    this.polls = Math.round((size.minutes * MINUTE) / INTERVAL);
  }

  get samples(): number {
    return this.polls * this.net.seriesCount;
  }

  /** The time of the last poll's last target: "now" for the queries. */
  get end(): number {
    return T0 + (this.polls - 1) * INTERVAL + Math.floor(((this.size.targets - 1) * INTERVAL) / this.size.targets);
  }

  row(figure: string, value: number, unit: string): void {
    this.rows.push({ figure, value, unit, goal: '' });
  }

  /** Writes the whole data set poll by poll, one append per target; returns the elapsed ms. */
  async ingest(store: SampleAppender, clock: ManualClock): Promise<number> {
    const { targets, perTarget } = this.size;
    const net = new SyntheticNetwork(targets, perTarget);
    const started = performance.now();
    for (let poll = 0; poll < this.polls; poll++) {
      for (let target = 0; target < targets; target++) {
        const t = T0 + poll * INTERVAL + Math.floor((target * INTERVAL) / targets);
        const batch: Sample[] = new Array<Sample>(perTarget);
        for (let i = 0; i < perTarget; i++) {
          const index = target * perTarget + i;
          batch[i] = { series: net.keys[index] as Sample['series'], t, v: net.next(index) };
        }
        clock.set(t);
        const { accepted } = await store.append(batch);
        if (accepted !== perTarget) throw new Error(`append accepted ${accepted} of ${perTarget} samples`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return performance.now() - started;
  }

  /** The dashboard's and the forensics' reads, each checked for its answer's size, as medians. */
  async queries(label: string, store: SeriesQuerier): Promise<void> {
    const now = this.end;
    const lastHour = { from: now - HOUR + 1, to: now };
    const all = parseSelector('{__name__=~"bench_.*"}');
    const one = parseSelector('bench_gauge{target="t-3",i="0"}');
    const gauges = Math.min(4, this.size.targets);
    const hundred = parseSelector(`bench_gauge{target=~"t-(${Array.from({ length: gauges }, (_, i) => i).join('|')})"}`);
    const series = this.net.seriesCount;
    const perHour = Math.min(this.polls, HOUR / INTERVAL);

    const latest = await store.latest(all, { at: now });
    expect(`${label} latest`, latest.length, series);
    const raw = await store.range(one, lastHour);
    expect(`${label} one series`, raw[0]?.t.length ?? 0, perHour);
    const avg = await store.aggregate(hundred, lastHour, MINUTE, 'avg');
    expect(`${label} aggregate series`, avg.length, gauges * Math.ceil(this.size.perTarget / 4));
    const every = await store.range(all, lastHour);
    expect(`${label} forensics series`, every.length, series);
    expect(`${label} forensics points`, every.reduce((n, s) => n + s.t.length, 0), series * perHour);

    this.row(`${label}: latest of all ${series} series`, median(await timeMs(11, () => store.latest(all, { at: now }))), 'ms');
    this.row(`${label}: one series × 1 h raw`, median(await timeMs(21, () => store.range(one, lastHour))), 'ms');
    this.row(`${label}: ${avg.length} series × 1 h, 1 min avg`, median(await timeMs(11, () => store.aggregate(hundred, lastHour, MINUTE, 'avg'))), 'ms');
    this.row(`${label}: all ${series} series × 1 h raw into typed arrays`, median(await timeMs(3, () => store.range(all, lastHour))), 'ms');
  }
}

function expect(what: string, actual: number, wanted: number): void {
  if (actual !== wanted) throw new Error(`${what}: expected ${wanted}, got ${actual}`);
}

async function embedded(run: Run): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-remote-'));
  const clock = new ManualClock(T0);
  const store = SqliteSeriesStore.open({
    path: join(dir, 'noc.db'),
    hotWindow: HOUR,
    retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 },
    clock,
    background: false,
  });
  try {
    const ms = await run.ingest(store, clock);
    store.flush();
    run.row('sqlite (embedded): ingest, durable on ack', run.samples / (ms / 1000), 'samples/s');
    await run.queries('sqlite (embedded)', store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function remote(run: Run, engine: Engine, binary: string): Promise<void> {
  // Direct: every append waits for the server's acknowledgement.
  {
    const server = await engine.start(binary);
    const store = server.remote();
    try {
      const ms = await run.ingest(store, new ManualClock(T0));
      run.row(`${engine.name} direct: ingest, acknowledged by the server`, run.samples / (ms / 1000), 'samples/s');
      await server.visible();
      await run.queries(`${engine.name} direct`, store);
    } finally {
      await store.close();
      await server.stop();
    }
  }
  // Buffered, as `noc start` runs it: appends are acknowledged once fsync'd in the spool, replayed in the background.
  const server = await engine.start(binary);
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-spool-'));
  // The process started before the first poll, so its hot window covers the whole hour the queries read.
  const clock = new ManualClock(T0 - MINUTE);
  const store = server.remote();
  const buffered = BufferedRemoteStore.open({
    remote: store,
    name: engine.name,
    directory: dir,
    maxBytes: SPOOL_BYTES,
    hotWindowMs: SPOOL_HOT_WINDOW,
    clock,
  });
  try {
    const ms = await run.ingest(buffered, clock);
    const drainStart = performance.now();
    const behind = buffered.stats().spoolSamples;
    await buffered.flush();
    const drainMs = performance.now() - drainStart;
    const stats = buffered.stats();
    expect(`${engine.name} buffered: samples sent`, stats.flushedSamples, run.samples);
    expect(`${engine.name} buffered: samples dropped`, stats.droppedSamples + stats.remoteRejectedSamples, 0);
    run.row(`${engine.name} buffered: ingest, acknowledged from the spool`, run.samples / (ms / 1000), 'samples/s');
    run.row(`${engine.name} buffered: samples still in the spool when the appends ended`, behind, 'samples');
    run.row(`${engine.name} buffered: drain of the spool after the appends`, drainMs / 1000, 's');
    run.row(`${engine.name} buffered: end to end, first append to spool empty`, run.samples / ((ms + drainMs) / 1000), 'samples/s');
    await server.visible();
    await run.queries(`${engine.name} via buffer`, buffered);
  } finally {
    await buffered.close();
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const influx: Engine = {
  name: 'influxdb 1.6.7',
  binary: '/usr/bin/influxd',
  async start(binary) {
    const server = await startInflux(binary, 'bench');
    return {
      remote: () => new InfluxSeriesStore({ url: server.url, version: 1, database: server.database, timeoutMs: 120_000 }),
      visible: async () => {},
      stop: () => server.stop(),
    };
  },
};

const victoria: Engine = {
  name: 'victoria-metrics 1.79',
  binary: '/usr/bin/victoria-metrics',
  async start(binary) {
    const server = await startVictoriaMetrics(binary);
    return {
      remote: () => new VictoriaMetricsSeriesStore({ insertUrl: server.url, selectUrl: server.url, timeoutMs: 120_000 }),
      visible: () => server.forceFlush(),
      stop: () => server.stop(),
    };
  },
};

/** Size from BENCH_REMOTE_TARGETS, BENCH_REMOTE_PER_TARGET and BENCH_REMOTE_MINUTES (default 100 × 100 series, 1 h). */
export function remoteBenchSize(env: NodeJS.ProcessEnv = process.env): RemoteBenchSize {
  return {
    targets: Number(env.BENCH_REMOTE_TARGETS ?? 100),
    perTarget: Number(env.BENCH_REMOTE_PER_TARGET ?? 100),
    minutes: Number(env.BENCH_REMOTE_MINUTES ?? 60),
  };
}

/** Runs the embedded store, InfluxDB 1.x and VictoriaMetrics (direct and buffered) side by side on one data set. */
export async function runRemoteStoresBench(size: RemoteBenchSize = remoteBenchSize()): Promise<BenchRow[]> {
  const run = new Run(size);
  run.row('data: series', run.net.seriesCount, 'series');
  run.row('data: samples written into each store', run.samples, 'samples');
  await embedded(run);
  for (const engine of [influx, victoria]) {
    const binary = peerBinary(engine.binary, `${engine.name} is compared only where installed`);
    if (binary !== undefined) await remote(run, engine, binary);
  }
  return run.rows;
}
