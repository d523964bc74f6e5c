// Benchmark of the live stream's fan-out: 100 WebSocket clients on loopback, all subscribed to every series,
// while a publisher updates 5,000 series every second the way the collector appends (100 targets × 50
// series, each target's batch at its own offset in the second). The stream server and the publisher run
// in this process; the clients run in a child process, so process.cpuUsage() here is the server's side
// alone. Deliveries, client CPU and RSS are medians of one-second windows after a warm-up; server CPU and
// publishing are totals over the measured span divided by its length.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import express from 'express';
import { systemClock } from '../src/core/index.js';
import { listen } from '../src/dashboard/server.js';
import { attachStream, LiveFeed, type LiveSample } from '../src/dashboard/stream/index.js';
import { TS_NODE_ARGS } from '../test/support/run-ts.js';
import { type BenchRow, median } from './measure.js';

const CLIENTS = 100;
const TARGETS = 100;
const SERIES_PER_TARGET = 50;
const BATCHES_PER_SECOND = TARGETS;
const METRICS = ['up', 'probe_duration_seconds', 'sip_active_dialogs', 'sip_registered_contacts', 'db_connections'];

/** The 5,000 series: each target's 50, as 5 metrics × 10 probes/instances. */
function seriesOf(target: number): Array<Omit<LiveSample, 't' | 'v'>> {
  const out: Array<Omit<LiveSample, 't' | 'v'>> = [];
  for (let i = 0; i < SERIES_PER_TARGET; i++) {
    const metric = METRICS[i % METRICS.length] as string;
    const labels = { target: `sbc-${String(target).padStart(3, '0')}`, site: `site-${target % 10}`, role: 'sbc', probe: `p${Math.floor(i / METRICS.length)}` };
    const series = `${metric}{probe="${labels.probe}",role="sbc",site="${labels.site}",target="${labels.target}"}`;
    out.push({ series, metric, labels });
  }
  return out;
}

/** Runs the fan-out for `seconds` measured seconds (after `warmup`) and returns its figures. */
export async function runStreamBench(seconds = Number(process.env.BENCH_STREAM_SECONDS ?? 10), warmup = 3): Promise<BenchRow[]> {
  return [...(await runScenario('shared', seconds, warmup)), ...(await runScenario('distinct', seconds, warmup))];
}

/**
 * `shared`: every client sends the same subscription (as wall screens and default consoles do), so the
 * stream serializes each frame once. `distinct`: every client's subscription differs, the worst case.
 */
async function runScenario(mode: 'shared' | 'distinct', seconds: number, warmup: number): Promise<BenchRow[]> {
  const feed = new LiveFeed();
  const stream = attachStream({
    feed,
    clock: systemClock,
    authenticate: async () => ({ name: 'bench', role: 'viewer' }),
    sameOrigin: () => true,
  });
  const server = await listen(express(), { host: '127.0.0.1', port: 0 }, undefined, stream);
  const targets = Array.from({ length: TARGETS }, (_, t) => seriesOf(t));
  let tick = 0;
  const start = performance.now();
  // Batches follow the wall clock (a late timer publishes every batch that came due), as the collector's schedule does.
  const publisher = setInterval(() => {
    const due = Math.floor(((performance.now() - start) * BATCHES_PER_SECOND) / 1000);
    const now = Date.now();
    while (tick < due) {
      const target = targets[tick++ % TARGETS] as Array<Omit<LiveSample, 't' | 'v'>>;
      feed.samples(target.map((s, i) => ({ ...s, t: now, v: (tick * 7 + i) % 1000 })));
    }
  }, 1000 / BATCHES_PER_SECOND);

  const child = fork(join(import.meta.dirname, 'support/stream-clients.ts'), [`${server.url.replace('http', 'ws')}/api/v1/stream`, String(CLIENTS), mode], {
    execArgv: [...TS_NODE_ARGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const delivered: number[] = [];
  const clientCpu: number[] = [];
  const rss: number[] = [];
  let ready = false;
  let closed = 0;
  let ticks = 0;
  // Server CPU and publishing are taken over the whole measured span (a saturated event loop would bunch
  // the clients' reports together and make one-second windows meaningless on this side).
  let spanStart = { cpu: process.cpuUsage(), wall: performance.now(), published: 0 };
  let span = { cpuMs: 0, seconds: 0, published: 0 };
  const done = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the client process exited (${code}) before the run ended`)));
    child.on('message', (raw) => {
      const message = raw as { kind: string; samples?: number; cpuMs?: number; code?: number; message?: string };
      if (message.kind === 'ready') ready = true;
      if (message.kind === 'closed') closed++;
      if (message.kind === 'error') reject(new Error(`stream client: ${message.message}`));
      if (message.kind !== 'tick' || !ready) return;
      if (++ticks === warmup) spanStart = { cpu: process.cpuUsage(), wall: performance.now(), published: tick * SERIES_PER_TARGET };
      if (ticks <= warmup) return;
      delivered.push(message.samples ?? 0);
      clientCpu.push(message.cpuMs ?? 0);
      rss.push(process.memoryUsage().rss / 2 ** 20);
      if (ticks >= warmup + seconds) {
        const used = process.cpuUsage(spanStart.cpu);
        span = { cpuMs: (used.user + used.system) / 1000, seconds: (performance.now() - spanStart.wall) / 1000, published: tick * SERIES_PER_TARGET - spanStart.published };
        resolve();
      }
    });
  });
  try {
    await done;
  } finally {
    clearInterval(publisher);
    child.removeAllListeners('exit');
    child.send('stop');
    await server.close();
  }
  const stats = stream.stats();
  const m = `${mode} subscriptions:`;
  return [
    { figure: `${m} samples published per second (${TARGETS} batches of ${SERIES_PER_TARGET})`, value: span.published / span.seconds, unit: '/s', goal: '5,000' },
    { figure: `${m} updates delivered per second (sum over ${CLIENTS} clients)`, value: median(delivered), unit: '/s', goal: '≥ 100,000' },
    { figure: `${m} updates delivered per second, whole span (sum ÷ seconds)`, value: delivered.reduce((a, b) => a + b, 0) / delivered.length, unit: '/s', goal: '' },
    { figure: `${m} server CPU (stream + publisher) per second`, value: span.cpuMs / span.seconds, unit: 'ms', goal: '' },
    { figure: `${m} server CPU per 1,000 updates delivered`, value: (span.cpuMs / span.seconds / median(delivered)) * 1000, unit: 'ms', goal: '' },
    { figure: `${m} client process CPU per second`, value: median(clientCpu), unit: 'ms', goal: '' },
    { figure: `${m} server RSS`, value: median(rss), unit: 'MiB', goal: '' },
    { figure: `${m} clients closed (slow consumer, dead, other)`, value: stats.slowConsumers + stats.deadPeers + closed, unit: '', goal: '0' },
  ];
}
