// The sip_options probe against the lab's SIP responder (in this process, simulated WAN latency off):
// the lab's own cost per OPTIONS, and the RTT the demo shows when nothing is injected.
import { setMaxListeners } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProbeResult } from '../src/collector/probe.js';
import { sipOptionsProbe } from '../src/collector/probes/sip-options.js';
import { loadConfigText, PROBE_KINDS } from '../src/config/index.js';
import { MemoryProbeStateStore, silentLogger, systemClock } from '../src/core/index.js';
import { LAB_PORTS, startLab } from '../src/lab/index.js';
import { type BenchRow, median } from './measure.js';

const NET = '127.0.211';
const RATE = 5_000;
const SECONDS = 4;

function rttMsOf(result: ProbeResult): number | undefined {
  const rtt = result.measurements.find((m) => m.metric === 'sip_options_rtt_seconds')?.value;
  return result.up && rtt !== undefined ? rtt * 1000 : undefined;
}

/** Paced OPTIONS at RATE/s against one lab SBC: probe and lab share this process's one thread. */
export async function runSipLabBench(): Promise<BenchRow[]> {
  const lab = await startLab({ net: NET, clock: systemClock, log: silentLogger, wanLatency: false, seed: 1 });
  const target = `sip:${NET}.21:${LAB_PORTS.sip}`;
  const loaded = loadConfigText(`targets: [{ id: sbc, role: sbc, site: mx, probes: [{ kind: sip_options, target: "${target}" }] }]`);
  if (!loaded.ok) throw new Error('bench config');
  const probe = sipOptionsProbe(PROBE_KINDS.sip_options.parse({ kind: 'sip_options', target }), {
    clock: systemClock,
    log: silentLogger,
    state: new MemoryProbeStateStore(),
    key: 'sbc/sip',
  });
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  const context = { target: loaded.config.targets[0] as never, signal, timeoutMs: 2000, log: silentLogger };
  for (let i = 0; i < 500; i++) await probe.run(context);

  const rtts: number[] = [];
  let failures = 0;
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const runs: Promise<void>[] = [];
  for (let tick = 0; tick < SECONDS * 100; tick++) {
    const wait = start + tick * 10 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    for (let i = 0; i < RATE / 100; i++) {
      runs.push(
        probe.run(context).then((result) => {
          const rtt = rttMsOf(result);
          if (rtt === undefined) failures++;
          else rtts.push(rtt);
        }),
      );
    }
  }
  await Promise.all(runs);
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  await probe.close?.();
  await lab.stop();
  rtts.sort((a, b) => a - b);
  const p99 = rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * 0.99))] ?? NaN;
  return [
    { figure: `lab, paced ${RATE}/s for ${SECONDS} s, probe and lab in one process: achieved (${failures} failed)`, value: rtts.length / wallS, unit: 'probes/s', goal: '5,000' },
    { figure: 'lab: RTT median', value: median(rtts), unit: 'ms', goal: '' },
    { figure: 'lab: RTT p99', value: p99, unit: 'ms', goal: '' },
    { figure: 'lab: event-loop lag p99', value: Math.max(0, lag.percentile(99) / 1e6 - 1), unit: 'ms', goal: '' },
    { figure: 'lab: CPU (probe + responder) per 1,000 OPTIONS', value: ((cpu.user + cpu.system) / 1e3 / (rtts.length + failures)) * 1000, unit: 'CPU-ms', goal: '' },
  ];
}
