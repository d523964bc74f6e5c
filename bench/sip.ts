// Benchmark of the sip_options probe: OPTIONS per second over UDP against a real Kamailio on loopback,
// with each probe's RTT and the event-loop lag while it runs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sipOptionsProbe } from '../src/collector/probes/sip-options.js';
import { loadConfigText, PROBE_KINDS } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { startKamailio } from '../test/peers/kamailio.js';
import { type BenchRow, median } from './measure.js';

const KAMAILIO = '/usr/sbin/kamailio';
const PROBES = 20_000;
const CONCURRENCY = 64;
/** The paced phase: this many probes a second, started in 10 ms ticks, for PACED_SECONDS. */
const PACED_RATE = 5_000;
const PACED_SECONDS = 4;

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
  const base = { target: loaded.config.targets[0] as never, timeoutMs: 2000, log: silentLogger };
  const rtts: number[] = [];
  let failures = 0;
  let started = 0;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < PROBES) {
        started++;
        const result = await probe.run({ ...base, signal: AbortSignal.timeout(2000) });
        const rtt = result.measurements.find((m) => m.metric === 'sip_options_rtt_seconds')?.value;
        if (!result.up || rtt === undefined) failures++;
        else rtts.push(rtt * 1000);
      }
    }),
  );
  const wall = (performance.now() - begin) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lag.disable();

  // Open loop at the goal's rate: RTT without the queueing a saturated closed loop adds on our side.
  const pacedRtts: number[] = [];
  let pacedFailures = 0;
  const pacedLag = monitorEventLoopDelay({ resolution: 10 });
  pacedLag.enable();
  const runs: Promise<void>[] = [];
  const perTick = PACED_RATE / 100;
  const pacedStart = performance.now();
  for (let tick = 0; tick < PACED_SECONDS * 100; tick++) {
    const due = pacedStart + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    for (let i = 0; i < perTick; i++) {
      runs.push(
        probe.run({ ...base, signal: AbortSignal.timeout(2000) }).then((result) => {
          const rtt = result.measurements.find((m) => m.metric === 'sip_options_rtt_seconds')?.value;
          if (!result.up || rtt === undefined) pacedFailures++;
          else pacedRtts.push(rtt * 1000);
        }),
      );
    }
  }
  await Promise.all(runs);
  const pacedWall = (performance.now() - pacedStart) / 1000;
  pacedLag.disable();
  pacedRtts.sort((a, b) => a - b);
  await probe.close?.();
  await kamailio.stop();
  rtts.sort((a, b) => a - b);
  const p99 = rtts[Math.floor(rtts.length * 0.99)] ?? NaN;
  return [
    { figure: `OPTIONS over UDP against Kamailio 5.6: probes/s (${CONCURRENCY} at once, ${PROBES} probes, ${failures} failed)`, value: PROBES / wall, unit: 'probes/s', goal: '5,000' },
    { figure: 'the same per CPU-second of the probing process', value: PROBES / ((cpu.user + cpu.system) / 1e6), unit: 'probes/CPU-s', goal: '' },
    { figure: 'RTT median (closed loop)', value: median(rtts), unit: 'ms', goal: '' },
    { figure: 'RTT p99 (closed loop, includes queueing on our side)', value: p99, unit: 'ms', goal: '' },
    { figure: 'event-loop lag p99 during the run', value: lag.percentile(99) / 1e6, unit: 'ms', goal: '' },
    { figure: `paced at ${PACED_RATE.toLocaleString('en-US')}/s for ${PACED_SECONDS} s: achieved (${pacedFailures} failed)`, value: pacedRtts.length / pacedWall, unit: 'probes/s', goal: '5,000' },
    { figure: 'paced: RTT median', value: median(pacedRtts), unit: 'ms', goal: '' },
    { figure: 'paced: RTT p99', value: pacedRtts[Math.floor(pacedRtts.length * 0.99)] ?? NaN, unit: 'ms', goal: '< 5' },
    { figure: 'paced: event-loop lag p99', value: pacedLag.percentile(99) / 1e6, unit: 'ms', goal: '' },
  ];
}
