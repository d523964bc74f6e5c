// Benchmark of the sip_options probe: OPTIONS per second over UDP against a real Kamailio on loopback,
// with each probe's RTT, the event-loop lag while it runs, and the CPU it takes on both sides.
import { setMaxListeners } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { ProbeScheduler } from '../src/collector/index.js';
import type { ProbeResult } from '../src/collector/probe.js';
import { PROBE_FACTORIES } from '../src/collector/probes/index.js';
import { sipOptionsProbe } from '../src/collector/probes/sip-options.js';
import { loadConfigText, PROBE_KINDS } from '../src/config/index.js';
import { MemoryProbeStateStore, type Sample, silentLogger, systemClock } from '../src/core/index.js';
import { startKamailio } from '../test/peers/kamailio.js';
import { type BenchRow, median } from './measure.js';

const KAMAILIO = '/usr/sbin/kamailio';
const PROBES = 20_000;
const CONCURRENCY = 64;
/** The paced phases: this many probes a second, for PACED_SECONDS. */
const PACED_RATE = 5_000;
const PACED_SECONDS = 4;
/** The collector phase: PACED_RATE as this many targets, each probed every COLLECTOR_INTERVAL_MS. */
const COLLECTOR_TARGETS = 1_000;
const COLLECTOR_INTERVAL_MS = (COLLECTOR_TARGETS * 1_000) / PACED_RATE;
/** Event-loop lag sampling period; the histogram holds whole periods, so it is subtracted. */
const LAG_RESOLUTION_MS = 1;

/** CPU seconds so far of a set of processes, from /proc/<pid>/stat (utime + stime). */
function cpuSecondsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process has exited: it no longer counts.
    }
  }
  return ticks / 100; // USER_HZ, 100 on Linux
}

/** Kamailio's processes: the one this process started and the workers it forked. */
function kamailioPids(): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number((stat.split(') ')[1] ?? '').split(' ')[1]);
      if (comm.startsWith('kamailio')) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone between readdir and read.
    }
  }
  const main = parents.get(process.pid) ?? [];
  return [...main, ...main.flatMap((pid) => parents.get(pid) ?? [])];
}

/** What {@link measured} found while `work` ran. */
interface Measured<T> {
  readonly value: T;
  readonly wallS: number;
  /** CPU seconds of this process, user and system. */
  readonly cpuS: number;
  /** CPU seconds of Kamailio's processes. */
  readonly kamailioS: number;
  readonly lag: IntervalHistogram;
  /** Every GC pause, in ms. */
  readonly gcPausesMs: readonly number[];
}

/** Measures `work`: wall time, this process's CPU, Kamailio's CPU, the event-loop lag and the GC pauses. */
async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const pids = kamailioPids();
  const gcPausesMs: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPausesMs.push(entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  const kamailio0 = cpuSecondsOf(pids);
  const cpu0 = process.cpuUsage();
  const begin = performance.now();
  const value = await work();
  const wallS = (performance.now() - begin) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const kamailioS = cpuSecondsOf(pids) - kamailio0;
  lag.disable();
  await new Promise((resolve) => setImmediate(resolve)); // GC entries are delivered a tick late
  gc.disconnect();
  return { value, wallS, cpuS: (cpu.user + cpu.system) / 1e6, kamailioS, lag, gcPausesMs };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
}

function lagMs(histogram: IntervalHistogram, q: number): number {
  return Math.max(0, histogram.percentile(q) / 1e6 - LAG_RESOLUTION_MS);
}

function rttMsOf(result: ProbeResult): number | undefined {
  const rtt = result.measurements.find((m) => m.metric === 'sip_options_rtt_seconds')?.value;
  return result.up && rtt !== undefined ? rtt * 1000 : undefined;
}

/** Runs the SIP benchmark against Debian's Kamailio (skipped with a message when it is not installed). */
export async function runSipBench(): Promise<BenchRow[]> {
  let kamailio;
  try {
    kamailio = await startKamailio(KAMAILIO);
  } catch (error) {
    console.error(`kamailio not available (${(error as Error).message.split('\n')[0]}): sip benchmark skipped`);
    return [];
  }
  const target = `sip:${kamailio.address}:${kamailio.sipPort}`;
  const config = PROBE_KINDS.sip_options.parse({ kind: 'sip_options', target });
  const loaded = loadConfigText(`targets: [{ id: sbc, role: sbc, site: s, probes: [{ kind: sip_options, target: "${target}" }] }]`);
  if (!loaded.ok) throw new Error('bench config');
  const probe = sipOptionsProbe(config, { clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), key: 'sbc/sip' });
  // A signal that never fires, as the collector hands a run whose controller it reuses: bounding runs is the
  // collector's cost, measured in the last phase.
  const signal = new AbortController().signal;
  setMaxListeners(0, signal); // every run in flight listens on it
  const context = { target: loaded.config.targets[0] as never, signal, timeoutMs: 2000, log: silentLogger };
  const warm = Array.from({ length: CONCURRENCY }, async () => {
    for (let i = 0; i < 50; i++) await probe.run(context);
  });
  await Promise.all(warm);

  // Closed loop: CONCURRENCY probes always in flight, as fast as both sides go.
  const rtts: number[] = [];
  let failures = 0;
  let started = 0;
  const closed = await measured(() =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < PROBES) {
          started++;
          const rtt = rttMsOf(await probe.run(context));
          if (rtt === undefined) failures++;
          else rtts.push(rtt);
        }
      }),
    ),
  );
  rtts.sort((a, b) => a - b);

  // Open loop at the goal's rate, in bursts of PACED_RATE/100 every 10 ms: RTT without a saturated loop's queueing.
  const pacedRtts: number[] = [];
  let pacedFailures = 0;
  const paced = await measured(async () => {
    const runs: Promise<void>[] = [];
    const perTick = PACED_RATE / 100;
    const pacedStart = performance.now();
    for (let tick = 0; tick < PACED_SECONDS * 100; tick++) {
      const wait = pacedStart + tick * 10 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      for (let i = 0; i < perTick; i++) {
        runs.push(
          probe.run(context).then((result) => {
            const rtt = rttMsOf(result);
            if (rtt === undefined) pacedFailures++;
            else pacedRtts.push(rtt);
          }),
        );
      }
    }
    await Promise.all(runs);
  });
  pacedRtts.sort((a, b) => a - b);
  await probe.close?.();

  // The production path: the collector's scheduler runs COLLECTOR_TARGETS sip_options probes on their own
  // grids (each its own socket), bounds every run, and turns results into samples for the store.
  const collectorRtts: number[] = [];
  let collectorFailures = 0;
  let measuring = false;
  const targets = Array.from(
    { length: COLLECTOR_TARGETS },
    (_, i) => `  - { id: sbc-${i}, role: sbc, site: s, probes: [{ kind: sip_options, target: "${target}" }] }`,
  );
  const fleet = loadConfigText(
    `defaults: { interval: ${COLLECTOR_INTERVAL_MS}ms, timeout: ${COLLECTOR_INTERVAL_MS - 10}ms }\ncollector: { max_concurrent: ${COLLECTOR_TARGETS} }\ntargets:\n${targets.join('\n')}\n`,
  );
  if (!fleet.ok) throw new Error(fleet.issues.map((issue) => issue.message).join('; '));
  const appender = {
    append: async (samples: readonly Sample[]) => {
      if (measuring) {
        for (const sample of samples) {
          if (sample.series.startsWith('sip_options_rtt_seconds{')) collectorRtts.push(sample.v * 1000);
          else if (sample.series.startsWith('up{') && sample.v === 0) collectorFailures++;
        }
      }
      return { accepted: samples.length, rejected: 0 };
    },
  };
  const scheduler = new ProbeScheduler(fleet.config, { appender, clock: systemClock, log: silentLogger, state: new MemoryProbeStateStore(), factories: PROBE_FACTORIES });
  scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // every probe has opened its socket and run a few times
  const runs0 = scheduler.stats().runs;
  measuring = true;
  const collector = await measured(() => new Promise((resolve) => setTimeout(resolve, PACED_SECONDS * 1000)));
  measuring = false;
  const collectorRuns = scheduler.stats().runs - runs0;
  await scheduler.stop();
  collectorRtts.sort((a, b) => a - b);
  await kamailio.stop();

  const perThousand = (seconds: number, probes: number): number => (seconds * 1e6) / probes;
  const rate = PACED_RATE.toLocaleString('en-US');
  return [
    { figure: `closed loop, ${CONCURRENCY} in flight: OPTIONS/s (${PROBES.toLocaleString('en-US')} probes, ${failures} failed)`, value: PROBES / closed.wallS, unit: 'probes/s', goal: '5,000' },
    { figure: 'closed loop: CPU of the probing process per 1,000 probes', value: perThousand(closed.cpuS, PROBES), unit: 'CPU-ms', goal: '' },
    { figure: 'closed loop: Kamailio CPU per 1,000 OPTIONS', value: perThousand(closed.kamailioS, PROBES), unit: 'CPU-ms', goal: '' },
    { figure: 'closed loop: RTT median', value: median(rtts), unit: 'ms', goal: '' },
    { figure: 'closed loop: RTT p99 (includes queueing on our side)', value: percentile(rtts, 0.99), unit: 'ms', goal: '' },
    { figure: `paced, ${PACED_RATE / 100} every 10 ms (probe only), ${PACED_SECONDS} s: achieved (${pacedFailures} failed)`, value: pacedRtts.length / paced.wallS, unit: 'probes/s', goal: rate },
    { figure: 'paced: RTT median', value: median(pacedRtts), unit: 'ms', goal: '' },
    { figure: 'paced: RTT p99', value: percentile(pacedRtts, 0.99), unit: 'ms', goal: '< 5' },
    { figure: 'paced: event-loop lag p99', value: lagMs(paced.lag, 99), unit: 'ms', goal: '' },
    { figure: 'paced: CPU of the probing process per 1,000 probes', value: perThousand(paced.cpuS, pacedRtts.length + pacedFailures), unit: 'CPU-ms', goal: '' },
    {
      figure: `collector, ${COLLECTOR_TARGETS.toLocaleString('en-US')} targets every ${COLLECTOR_INTERVAL_MS} ms, ${PACED_SECONDS} s: runs/s (${collectorFailures} down)`,
      value: collectorRuns / collector.wallS,
      unit: 'probes/s',
      goal: rate,
    },
    { figure: 'collector: RTT median', value: median(collectorRtts), unit: 'ms', goal: '' },
    { figure: 'collector: RTT p99', value: percentile(collectorRtts, 0.99), unit: 'ms', goal: '< 5' },
    { figure: 'collector: event-loop lag p99', value: lagMs(collector.lag, 99), unit: 'ms', goal: '' },
    { figure: 'collector: CPU of the collector per 1,000 probes (scheduler, probe, samples)', value: perThousand(collector.cpuS, collectorRuns), unit: 'CPU-ms', goal: '' },
    { figure: `collector: GC pauses (${collector.gcPausesMs.length}), share of the time`, value: (collector.gcPausesMs.reduce((a, b) => a + b, 0) / 10) / collector.wallS, unit: '%', goal: '' },
    { figure: 'collector: longest GC pause', value: Math.max(0, ...collector.gcPausesMs), unit: 'ms', goal: '' },
    { figure: 'collector: Kamailio CPU, share of one core', value: (100 * collector.kamailioS) / collector.wallS, unit: '%', goal: '' },
  ];
}
