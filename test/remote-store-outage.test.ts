import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNocError, ManualClock, parseSelector, type Sample, type SampleAppender, type SeriesKey, seriesKey, type SeriesQuerier } from '../src/core/index.js';
import { InfluxSeriesStore } from '../src/store/influxdb/influx-series-store.js';
import type { RetryPolicy } from '../src/store/remote/retry-with-backoff.js';
import { BufferedRemoteStore } from '../src/store/spool/buffered-remote-store.js';
import { ManualTimers } from '../src/store/spool/manual-timers.js';
import { encodeRecord } from '../src/store/spool/record-codec.js';
import { VictoriaMetricsSeriesStore } from '../src/store/victoriametrics/vm-series-store.js';
import { peerBinary } from './peers/peer-binary.js';
import { type RestartablePeer, startRestartableInflux, startRestartableVictoriaMetrics } from './support/restartable-peer.js';

// Store down for a minute → 0 samples lost within the spool bound, against the real servers: a
// BufferedRemoteStore over the real remote store, its time and back-off driven by a ManualClock.
const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const POLL = 10 * SECOND;
const SERIES = 50;
const METRIC = 'noc_outage_probe';
const KEYS: SeriesKey[] = Array.from({ length: SERIES }, (_, i) => seriesKey(METRIC, { target: `sbc-${String(i).padStart(2, '0')}` }));
// The spool's own back-off retries; the remote's in-request retries would sleep for real.
const NO_RETRY: RetryPolicy = { maxRetries: 0, minDelay: 0, maxDelay: 0 };

type Remote = SampleAppender & SeriesQuerier & { close(): Promise<void> };

interface Backend {
  readonly name: string;
  readonly binary: string | undefined;
  start(binary: string): Promise<RestartablePeer>;
  /** A new remote store on the server, as a fresh process would open it. */
  remote(peer: RestartablePeer, clock: ManualClock): Remote;
  /** Makes what the server acknowledged visible to reads. */
  settle(peer: RestartablePeer): Promise<void>;
  /** How the server is taken away without losing what it acknowledged on its own side. */
  readonly kill: NodeJS.Signals;
}

const vmBinary = peerBinary('/usr/bin/victoria-metrics', 'apt-get install victoria-metrics');
const influxBinary = peerBinary('/usr/bin/influxd', 'apt-get install influxdb');

const BACKENDS: Backend[] = [
  {
    name: 'victoriametrics',
    binary: vmBinary,
    start: (binary) => startRestartableVictoriaMetrics(binary),
    remote: (peer, clock) => new VictoriaMetricsSeriesStore({ insertUrl: peer.url, selectUrl: peer.url, clock, serverClock: clock, retry: NO_RETRY, timeoutMs: 5000 }),
    settle: async (peer) => {
      const response = await fetch(`${peer.url}/internal/force_flush`);
      if (!response.ok) throw new Error(`force_flush ${response.status}`);
    },
    // VictoriaMetrics keeps acknowledged rows in memory for seconds (even after force_flush, measured): a
    // SIGKILL loses them on the server's side, which is not what this test is about. SIGTERM writes them out.
    kill: 'SIGTERM',
  },
  {
    name: 'influxdb 1.x',
    binary: influxBinary,
    start: (binary) => startRestartableInflux(binary, 'noc'),
    remote: (peer, clock) => new InfluxSeriesStore({ url: peer.url, version: 1, database: 'noc', clock, retry: NO_RETRY, timeoutMs: 5000 }),
    settle: async () => undefined,
    // influxd fsyncs its WAL before it answers a write, so a SIGKILL loses nothing acknowledged.
    kill: 'SIGKILL',
  },
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function spoolDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-outage-spool-'));
  dirs.push(dir);
  return dir;
}

/** Poll `n`: one sample per series at T0 + n·10 s, value n·1000 + series index (distinct, so order shows). */
function poll(n: number): Sample[] {
  return KEYS.map((series, i) => ({ series, t: T0 + n * POLL, v: n * 1000 + i }));
}

interface Process {
  readonly remote: Remote;
  readonly store: BufferedRemoteStore;
  readonly timers: ManualTimers;
  close(): Promise<void>;
}

function openProcess(backend: Backend, peer: RestartablePeer, clock: ManualClock, directory: string, maxBytes = 64 * 1024 * 1024): Process {
  const remote = backend.remote(peer, clock);
  const holder: { store?: BufferedRemoteStore } = {};
  const timers = new ManualTimers(clock, async () => holder.store?.idle());
  const store = BufferedRemoteStore.open({
    remote,
    name: `${backend.name} at ${peer.url}`,
    directory,
    maxBytes,
    hotWindowMs: HOUR,
    clock,
    timers,
    random: () => 0.5,
    fsync: false,
  });
  holder.store = store;
  return {
    remote,
    store,
    timers,
    close: async () => {
      await store.close();
      await remote.close();
    },
  };
}

/** Appends poll `n` at its time, checks that the append resolved with every sample, then lets 10 s pass. */
async function append(proc: Process, clock: ManualClock, n: number, written: Sample[]): Promise<void> {
  const samples = poll(n);
  expect(clock.now()).toBe(T0 + n * POLL);
  await expect(proc.store.append(samples)).resolves.toEqual({ accepted: SERIES, rejected: 0 });
  written.push(...samples);
  await proc.timers.advance(POLL);
}

/** What the server holds, read back through the remote store's own range(), per series in time order. */
async function serverHolds(backend: Backend, peer: RestartablePeer, remote: Remote, to: number): Promise<Map<SeriesKey, Array<[number, number]>>> {
  await backend.settle(peer);
  const points = await remote.range(parseSelector(METRIC), { from: T0 - HOUR, to });
  return new Map(points.map((s) => [s.key, [...s.t].map((t, i) => [t, s.v[i] as number] as [number, number])]));
}

function bySeries(samples: readonly Sample[]): Map<SeriesKey, Array<[number, number]>> {
  const out = new Map<SeriesKey, Array<[number, number]>>();
  for (const s of samples) {
    const list = out.get(s.series) ?? [];
    list.push([s.t, s.v]);
    out.set(s.series, list);
  }
  return out;
}

for (const backend of BACKENDS) {
  const { binary } = backend;
  if (binary === undefined) {
    describe.skip(`remote store outage: ${backend.name}`, () => it('needs the server binary', () => undefined));
    continue;
  }

  describe(`remote store outage: ${backend.name} (real server killed and restarted)`, () => {
    it('down for a minute: appends keep resolving, the alerter reads memory, then every sample arrives once and in order', async () => {
      const peer = await backend.start(binary);
      const clock = new ManualClock(T0);
      const proc = openProcess(backend, peer, clock, spoolDir());
      const written: Sample[] = [];
      try {
        for (let n = 0; n < 6; n++) await append(proc, clock, n, written);
        expect(proc.store.stats()).toMatchObject({ remoteReachable: true, spoolSamples: 0, flushedSamples: 6 * SERIES });
        await backend.settle(peer);
        await peer.stop(backend.kill);

        // Polls 6 … 12: one minute of fake time with the server away.
        for (let n = 6; n <= 12; n++) await append(proc, clock, n, written);
        const now = clock.now();
        expect(now).toBe(T0 + 13 * POLL);
        expect(proc.store.stats()).toMatchObject({ remoteReachable: false, spoolSamples: 7 * SERIES, droppedSamples: 0, flushedSamples: 6 * SERIES });
        expect(proc.store.stats().spool).toMatchObject({ remoteUp: false, pendingSamples: 7 * SERIES, droppedSamples: 0 });

        // The alerter's recent window comes from memory while the server is away.
        // The lookback must start after the process did (T0): memory cannot know of series it never saw.
        const latest = await proc.store.latest(parseSelector(METRIC), { at: now, lookback: MINUTE });
        expect(latest.map((s) => [s.key, s.t, s.v]).sort()).toEqual(KEYS.map((key, i) => [key, T0 + 12 * POLL, 12_000 + i]).sort());
        const [one] = await proc.store.range(parseSelector(`${METRIC}{target="sbc-07"}`), { from: now - 2 * MINUTE, to: now });
        // From T0 + 10 s (now − 2 min) to poll 12: polls 1 … 12, pre-outage and outage alike.
        expect([...(one?.t ?? [])]).toEqual(Array.from({ length: 12 }, (_, k) => T0 + (k + 1) * POLL));
        expect([...(one?.v ?? [])]).toEqual(Array.from({ length: 12 }, (_, k) => (k + 1) * 1000 + 7));
        const older = proc.store.range(parseSelector(METRIC), { from: T0 - HOUR, to: now });
        await expect(older).rejects.toSatisfy((error) => isNocError(error, 'unavailable') && error.message.includes(peer.url));

        await peer.start();
        // The back-off's next attempt falls within 30 s (it never waits longer).
        await proc.timers.advance(30 * SECOND);
        expect(proc.store.stats()).toMatchObject({ remoteReachable: true, spoolSamples: 0, spoolRecords: 0, droppedSamples: 0, flushedSamples: 13 * SERIES, remoteRejectedSamples: 0 });
        // Polling goes on after the outage (clock now at poll 16).
        for (let n = 16; n < 18; n++) await append(proc, clock, n, written);
        expect(proc.store.stats()).toMatchObject({ spoolSamples: 0, flushedSamples: 15 * SERIES, droppedSamples: 0 });

        const held = await serverHolds(backend, peer, proc.remote, clock.now());
        expect(held.size).toBe(SERIES);
        expect(held).toEqual(bySeries(written));
        expect(written).toHaveLength(15 * SERIES);
      } finally {
        await proc.close();
        await peer.dispose();
      }
    });

    it('beyond a small spool bound drops the oldest batches, reports exactly that count, and the rest arrive', async () => {
      const peer = await backend.start(binary);
      const clock = new ManualClock(T0);
      // Every outage batch encodes to the same size; room for three of them and a half.
      const recordBytes = encodeRecord(poll(3), T0 + 3 * POLL).length;
      expect(encodeRecord(poll(9), T0 + 9 * POLL).length).toBe(recordBytes);
      const proc = openProcess(backend, peer, clock, spoolDir(), Math.floor(3.5 * recordBytes));
      const written: Sample[] = [];
      try {
        for (let n = 0; n < 3; n++) await append(proc, clock, n, written);
        await backend.settle(peer);
        await peer.stop(backend.kill);
        // Polls 3 … 9 while away: seven batches, room for three, so polls 3 … 6 are dropped.
        for (let n = 3; n <= 9; n++) await append(proc, clock, n, written);
        expect(proc.store.stats()).toMatchObject({ remoteReachable: false, spoolRecords: 3, spoolSamples: 3 * SERIES, droppedSamples: 4 * SERIES });
        expect(proc.store.stats().spool?.droppedSamples).toBe(4 * SERIES);

        await peer.start();
        await proc.timers.advance(30 * SECOND);
        expect(proc.store.stats()).toMatchObject({ remoteReachable: true, spoolSamples: 0, droppedSamples: 4 * SERIES, flushedSamples: 6 * SERIES });

        const lost = new Set([3, 4, 5, 6].map((n) => T0 + n * POLL));
        const held = await serverHolds(backend, peer, proc.remote, clock.now());
        expect(held).toEqual(bySeries(written.filter((s) => !lost.has(s.t))));
      } finally {
        await proc.close();
        await peer.dispose();
      }
    });

    it('a process restart during the outage: the next process replays the spool once the server returns, losing nothing', async () => {
      const peer = await backend.start(binary);
      const clock = new ManualClock(T0);
      const directory = spoolDir();
      const first = openProcess(backend, peer, clock, directory);
      const written: Sample[] = [];
      let second: Process | undefined;
      try {
        for (let n = 0; n < 3; n++) await append(first, clock, n, written);
        await backend.settle(peer);
        await peer.stop(backend.kill);
        for (let n = 3; n < 6; n++) await append(first, clock, n, written);
        expect(first.store.stats()).toMatchObject({ remoteReachable: false, spoolSamples: 3 * SERIES });
        await first.close();

        second = openProcess(backend, peer, clock, directory);
        // The new process finds the unsent batches, holds them in memory, and cannot send them yet.
        expect(second.store.stats()).toMatchObject({ spoolSamples: 3 * SERIES, memoryPoints: 3 * SERIES });
        for (let n = 6; n < 9; n++) await append(second, clock, n, written);
        expect(second.store.stats()).toMatchObject({ remoteReachable: false, spoolSamples: 6 * SERIES, droppedSamples: 0 });
        // Memory covers what this process saw since it opened (T0 + 60 s); the poll at T0 + 80 s is the newest.
        const latest = await second.store.latest(parseSelector(METRIC), { at: clock.now(), lookback: 30 * SECOND });
        expect(latest.map((s) => s.v).sort((a, b) => a - b)).toEqual(KEYS.map((_, i) => 8000 + i));

        await peer.start();
        await second.timers.advance(30 * SECOND);
        expect(second.store.stats()).toMatchObject({ remoteReachable: true, spoolSamples: 0, droppedSamples: 0, flushedSamples: 6 * SERIES, remoteRejectedSamples: 0 });
        const held = await serverHolds(backend, peer, second.remote, clock.now());
        expect(held).toEqual(bySeries(written));
        expect(written).toHaveLength(9 * SERIES);
      } finally {
        await second?.close();
        await first.close();
        await peer.dispose();
      }
    });
  });
}
