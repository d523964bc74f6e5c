import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeScheduler } from '../src/collector/index.js';
import { PROBE_FACTORIES } from '../src/collector/probes/index.js';
import { loadConfigText } from '../src/config/index.js';
import { MemoryProbeStateStore, parseSeriesKey, type Sample, silentLogger, systemClock } from '../src/core/index.js';
import { freePort } from './support/free-port.js';

const SILENT = '127.0.0.51';
const HEALTHY = '127.0.0.52';
const servers: Server[] = [];
const sockets = new Set<Socket>();

/** A TCP server on `address`: `greet` sends a banner, otherwise it accepts and never says a word. */
async function serve(address: string, port: number, greet: boolean): Promise<void> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (greet) socket.end('220 ready\r\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, address, resolve));
}

let port: number;
beforeAll(async () => {
  port = await freePort();
  await serve(SILENT, port, false);
  await serve(HEALTHY, port, true);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('collector with a hundred targets that never answer', () => {
  it('ends each of their runs at its timeout and keeps a healthy probe on schedule', async () => {
    const slow = Array.from(
      { length: 100 },
      (_, i) => `  - { id: hung-${i}, role: host, site: x, probes: [{ kind: tcp, host: "${SILENT}", port: ${port}, expect: "^220", interval: 2s, timeout: 1500ms }] }`,
    );
    const loaded = loadConfigText(`
defaults: { interval: 250ms, timeout: 200ms }
targets:
${slow.join('\n')}
  - { id: mail, role: host, site: x, probes: [{ kind: tcp, host: "${HEALTHY}", port: ${port}, expect: "^220" }] }
`);
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('; '));
    const written: Sample[] = [];
    const scheduler = new ProbeScheduler(loaded.config, {
      appender: { append: async (samples) => (written.push(...samples), { accepted: samples.length, rejected: 0 }) },
      clock: systemClock,
      log: silentLogger,
      state: new MemoryProbeStateStore(),
      factories: PROBE_FACTORIES,
    });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await scheduler.stop();

    const up = (target: string) =>
      written.filter((s) => {
        const id = parseSeriesKey(s.series);
        return id.metric === 'up' && id.labels.target === target;
      });
    const healthy = up('mail');
    expect(healthy.length).toBeGreaterThanOrEqual(10);
    expect(healthy.every((s) => s.v === 1)).toBe(true);
    const gaps = healthy.slice(1).map((s, i) => s.t - (healthy[i] as Sample).t);
    expect(Math.max(...gaps)).toBeLessThan(250 + 1_000);

    const hung = up('hung-7');
    expect(hung.length).toBeGreaterThanOrEqual(1);
    expect(hung.every((s) => s.v === 0)).toBe(true);
    const durations = written
      .filter((s) => parseSeriesKey(s.series).metric === 'probe_duration_seconds' && parseSeriesKey(s.series).labels.target === 'hung-7')
      .map((s) => s.v);
    for (const seconds of durations) expect(seconds).toBeGreaterThanOrEqual(1.45);
    expect(scheduler.targets().find((t) => t.target === 'hung-7')?.probes[0]?.lastError).toBe('timed out after 1.5s');
  });
});
