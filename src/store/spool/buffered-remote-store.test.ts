import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNocError, ManualClock, parseSelector, type Sample, type SeriesKey, seriesKey } from '../../core/index.js';
import { MemorySeriesStore } from '../../core/memory-series-store.js';
import { BufferedRemoteStore, type BufferedRemoteStoreOptions } from './buffered-remote-store.js';
import { ManualTimers } from './manual-timers.js';
import { encodeRecord } from './record-codec.js';
import { SwitchableRemote } from './switchable-remote.js';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const NAME = 'victoriametrics at http://127.0.0.1:8428';
const KEYS: SeriesKey[] = ['core-1', 'core-2', 'sbc-1', 'sbc-2', 'sbc-3'].map((target) => seriesKey('sip_active_dialogs', { target }));

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-buffered-'));
  dirs.push(dir);
  return dir;
}

interface Rig {
  readonly clock: ManualClock;
  readonly timers: ManualTimers;
  readonly remote: SwitchableRemote;
  readonly store: BufferedRemoteStore;
  readonly directory: string;
  /** Appends one poll batch (one sample per series at the clock's time, value `n`) and returns it. */
  tick(n: number): Promise<Sample[]>;
}

function rig(options: Partial<BufferedRemoteStoreOptions> & { clock?: ManualClock; remote?: SwitchableRemote; settleOnIdle?: boolean } = {}): Rig {
  const clock = options.clock ?? new ManualClock(T0);
  const remote = options.remote ?? new SwitchableRemote();
  const directory = options.directory ?? freshDir();
  const holder: { store?: BufferedRemoteStore } = {};
  const timers = new ManualTimers(clock, options.settleOnIdle === false ? undefined : async () => holder.store?.idle());
  const store = BufferedRemoteStore.open({
    name: NAME,
    maxBytes: 1024 * 1024,
    hotWindowMs: HOUR,
    random: () => 0.5,
    retry: { initialDelayMs: SECOND, maxDelayMs: 8 * SECOND },
    fsync: false,
    batchDelayMs: 0,
    ...options,
    remote,
    directory,
    clock,
    timers,
  });
  holder.store = store;
  return {
    clock,
    timers,
    remote,
    store,
    directory,
    async tick(n) {
      const samples = KEYS.map((series) => ({ series, t: clock.now(), v: n }));
      await store.append(samples);
      await store.idle();
      return samples;
    },
  };
}

describe('BufferedRemoteStore', () => {
  it('loses nothing while the remote is down for a minute, answers the alerter from memory, and replays in order', async () => {
    const { clock, timers, remote, store, tick } = rig();
    const reference = new MemorySeriesStore();
    const appended: Sample[] = [];
    const poll = async (n: number) => {
      const samples = await tick(n);
      appended.push(...samples);
      await reference.append(samples);
    };
    for (let n = 0; n < 60; n++) {
      await poll(n);
      await timers.advance(10 * SECOND);
    }
    expect(remote.received()).toEqual(appended);

    remote.setUp(false);
    const callsBefore = remote.appendCalls;
    for (let n = 60; n < 120; n++) {
      await poll(n);
      await timers.advance(SECOND);
    }
    const now = clock.now();
    expect(store.stats()).toMatchObject({ remoteReachable: false, spoolSamples: 60 * KEYS.length, droppedSamples: 0, oldestUnsentAgeMs: 60 * SECOND });
    // The same figures as the metrics read them (noc_store_*).
    expect(store.stats().spool).toMatchObject({ remoteUp: false, pendingSamples: 60 * KEYS.length, droppedSamples: 0, oldestPendingAgeSeconds: 60 });
    // Back-off: retries after 0.75, 1.5, 3, 6, 6, … s rather than one per append.
    const attempts = remote.appendCalls - callsBefore;
    expect(attempts).toBeGreaterThanOrEqual(8);
    expect(attempts).toBeLessThanOrEqual(15);

    const latest = await store.latest(parseSelector('sip_active_dialogs'), { at: now, lookback: 5 * MINUTE });
    expect(latest.map((s) => [s.key, s.t, s.v])).toEqual(KEYS.map((key) => [key, now - SECOND, 119]));
    const window = { from: now - 5 * MINUTE, to: now };
    const [recent] = await store.range(parseSelector('sip_active_dialogs{target="sbc-1"}'), window);
    const [want] = await reference.range(parseSelector('sip_active_dialogs{target="sbc-1"}'), window);
    expect([...(recent?.t ?? [])]).toEqual([...(want?.t ?? [])]);
    expect([...(recent?.v ?? [])].slice(-3)).toEqual([117, 118, 119]);
    const avg = await store.aggregate(parseSelector('sip_active_dialogs'), window, MINUTE, 'avg');
    const avgWant = await reference.aggregate(parseSelector('sip_active_dialogs'), window, MINUTE, 'avg');
    expect(avg.map((s) => [s.key, [...s.t], [...s.v]])).toEqual(avgWant.map((s) => [s.key, [...s.t], [...s.v]]));

    const older = store.range(parseSelector('sip_active_dialogs'), { from: T0 - HOUR, to: now });
    await expect(older).rejects.toSatisfy((error) => isNocError(error, 'unavailable') && error.message.includes(NAME));

    remote.setUp(true);
    await timers.advance(8 * SECOND);
    expect(remote.received()).toEqual(appended);
    expect(store.stats()).toMatchObject({ remoteReachable: true, spoolSamples: 0, spoolRecords: 0, droppedSamples: 0, oldestUnsentAgeMs: 0, flushedSamples: 120 * KEYS.length });
    const all = await store.range(parseSelector('sip_active_dialogs'), { from: T0 - HOUR, to: now });
    expect(all.map((s) => s.v.length)).toEqual(KEYS.map(() => 120));
    await store.close();
  });

  it('beyond the spool bound drops the oldest batches, counted exactly, and replays the newest in order', async () => {
    const sample = KEYS.map((series) => ({ series, t: T0, v: 1 }));
    const recordBytes = encodeRecord(sample, T0).length;
    const { timers, remote, store, tick } = rig({ maxBytes: 5 * recordBytes + 10 });
    remote.setUp(false);
    const batches: Sample[][] = [];
    for (let n = 1; n <= 20; n++) {
      batches.push(await tick(n));
      await timers.advance(SECOND);
    }
    expect(store.stats()).toMatchObject({ spoolRecords: 5, spoolBytes: 5 * recordBytes, droppedSamples: 15 * KEYS.length });
    remote.setUp(true);
    await timers.advance(10 * SECOND);
    expect(remote.received()).toEqual(batches.slice(15).flat());
    expect(store.stats()).toMatchObject({ spoolRecords: 0, droppedSamples: 15 * KEYS.length });
    await store.close();
  });

  it('keeps what it could not send across a restart and sends it from the next start', async () => {
    const directory = freshDir();
    const clock = new ManualClock(T0);
    const remote = new SwitchableRemote();
    const first = rig({ directory, clock, remote });
    remote.setUp(false);
    const batches: Sample[][] = [];
    for (let n = 1; n <= 3; n++) {
      batches.push(await first.tick(n));
      await first.timers.advance(SECOND);
    }
    await first.store.close();
    expect(remote.received()).toEqual([]);

    remote.setUp(true);
    clock.advance(MINUTE);
    const second = rig({ directory, clock, remote });
    expect(second.store.stats().memoryPoints).toBe(3 * KEYS.length);
    await second.store.idle();
    expect(remote.received()).toEqual(batches.flat());
    expect(second.store.stats()).toMatchObject({ spoolRecords: 0, flushedSamples: 3 * KEYS.length });
    await second.store.close();
  });

  it('after a kill (no close) the next start finds every acknowledged batch and sends it once', async () => {
    const directory = freshDir();
    const clock = new ManualClock(T0);
    const remote = new SwitchableRemote();
    const killed = rig({ directory, clock, remote, fsync: true });
    const sentBefore = await killed.tick(0);
    remote.setUp(false);
    const pending: Sample[][] = [];
    for (let n = 1; n <= 4; n++) {
      await killed.timers.advance(SECOND);
      pending.push(await killed.tick(n));
    }
    remote.setUp(true);
    const restarted = rig({ directory, clock, remote });
    await restarted.store.idle();
    expect(remote.received()).toEqual([...sentBefore, ...pending.flat()]);
    await restarted.store.close();
  });

  it('drops only the records the remote refuses as bad data, and keeps replaying the rest in order', async () => {
    const remote = new SwitchableRemote(new MemorySeriesStore(), (samples) => samples.some((s) => s.v === 666));
    const { timers, store, tick } = rig({ remote });
    remote.setUp(false);
    const good1 = await tick(1);
    await timers.advance(SECOND);
    await tick(666);
    await timers.advance(SECOND);
    const good2 = await tick(3);
    remote.setUp(true);
    await timers.advance(10 * SECOND);
    expect(remote.received()).toEqual([...good1, ...good2]);
    expect(store.stats()).toMatchObject({ spoolRecords: 0, droppedSamples: KEYS.length });
    await store.close();
  });

  it('gathers the appends of a moment into one write to the remote', async () => {
    const { clock, timers, remote, store } = rig({ batchDelayMs: 200 });
    const sent: Sample[] = [];
    for (let n = 0; n < 3; n++) {
      const samples = KEYS.map((series) => ({ series, t: clock.now() + n, v: n }));
      sent.push(...samples);
      await store.append(samples);
    }
    expect(remote.appendCalls).toBe(0);
    await timers.advance(200);
    expect(remote.batches).toEqual([sent]);
    await store.close();
  });

  it('rejects samples not newer than their series and counts them', async () => {
    const { clock, remote, store } = rig();
    const key = KEYS[0] as SeriesKey;
    await store.append([{ series: key, t: clock.now(), v: 1 }]);
    const result = await store.append([
      { series: key, t: clock.now(), v: 2 },
      { series: key, t: clock.now() - 1, v: 3 },
      { series: key, t: clock.now() + 1, v: 4 },
    ]);
    expect(result).toEqual({ accepted: 1, rejected: 2 });
    await store.idle();
    expect(remote.received().map((s) => s.v)).toEqual([1, 4]);
    expect(store.stats()).toMatchObject({ samplesAppended: 2, samplesRejected: 2 });
    await store.close();
  });

  it('merges samples not yet in the remote into answers for older ranges', async () => {
    const clock = new ManualClock(T0 + HOUR);
    const remote = new SwitchableRemote();
    const { store } = rig({ clock, remote, settleOnIdle: false });
    const key = KEYS[0] as SeriesKey;
    await remote.store.append([{ series: key, t: T0, v: 1 }]);
    const release = remote.pause();
    await store.append([{ series: key, t: T0 + MINUTE, v: 2 }]);
    const range = { from: T0 - HOUR, to: T0 + 2 * HOUR };
    const during = await store.range(parseSelector('sip_active_dialogs'), range);
    expect(during.map((s) => [[...s.t], [...s.v]])).toEqual([[[T0, T0 + MINUTE], [1, 2]]]);
    const latest = await store.latest(parseSelector('sip_active_dialogs'), { at: T0 + HOUR, lookback: 2 * HOUR });
    expect(latest.map((s) => s.v)).toEqual([2]);
    release();
    await store.idle();
    const after = await store.range(parseSelector('sip_active_dialogs'), range);
    expect(after.map((s) => [[...s.t], [...s.v]])).toEqual([[[T0, T0 + MINUTE], [1, 2]]]);
    await store.close();
  });

  it('reads recent ranges from the remote when other processes write the store, merged with what it has not sent', async () => {
    const clock = new ManualClock(T0);
    const remote = new SwitchableRemote();
    const { store } = rig({ clock, remote, settleOnIdle: false, answerFromMemory: false });
    const [mine, theirs] = KEYS as [SeriesKey, SeriesKey];
    clock.advance(10 * MINUTE);
    // A collector in another process wrote this one; this process (an alerter) only its own series.
    await remote.store.append([{ series: theirs, t: clock.now() - MINUTE, v: 7 }]);
    const release = remote.pause();
    await store.append([{ series: mine, t: clock.now() - MINUTE, v: 3 }]);
    const latest = await store.latest(parseSelector('sip_active_dialogs'), { lookback: 5 * MINUTE });
    expect(latest.map((s) => [s.key, s.v]).sort()).toEqual([
      [mine, 3],
      [theirs, 7],
    ].sort());
    // Aggregates are the remote's alone: this process's samples join them once sent.
    const recent = await store.aggregate(parseSelector('sip_active_dialogs'), { from: clock.now() - 2 * MINUTE, to: clock.now() }, MINUTE, 'max');
    expect(recent.map((s) => [s.key, [...s.v]])).toEqual([[theirs, [7]]]);
    release();
    await store.close();
  });

  it('answers aggregates of a range reaching before the window: old buckets from the remote, recent from memory', async () => {
    const clock = new ManualClock(T0 + 30 * MINUTE);
    const remote = new SwitchableRemote();
    const key = KEYS[0] as SeriesKey;
    // A previous run wrote T0 … T0 + 20 min to the remote.
    await remote.store.append(Array.from({ length: 21 }, (_, i) => ({ series: key, t: T0 + i * MINUTE, v: 1 })));
    const { store } = rig({ clock, remote });
    const release = remote.pause();
    await store.append([{ series: key, t: T0 + 30 * MINUTE, v: 7 }]);
    const counts = await store.aggregate(parseSelector('sip_active_dialogs'), { from: T0, to: T0 + 40 * MINUTE }, 10 * MINUTE, 'count');
    expect(counts.map((s) => [[...s.t], [...s.v]])).toEqual([[[T0, T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 30 * MINUTE], [10, 10, 1, 1]]]);
    await expect(store.aggregate(parseSelector('sip_active_dialogs'), { from: 0, to: T0 }, SECOND, 'avg')).rejects.toThrow(/at most/);
    release();
    await store.close();
  });

  it('flush rejects naming the store while it is down; close gives up after a bounded attempt', async () => {
    const { timers, remote, store, directory, tick } = rig({ settleOnIdle: false, closeTimeoutMs: 5 * SECOND });
    remote.setUp(false);
    await tick(1);
    await expect(store.flush()).rejects.toSatisfy((error) => isNocError(error, 'unavailable') && error.message.includes(NAME));
    remote.setUp(true);
    const release = remote.pause();
    await timers.advance(10 * SECOND);
    const closing = store.close();
    await timers.advance(5 * SECOND);
    await closing;
    expect(store.ready()).toBe(false);
    await expect(store.append(KEYS.map((series) => ({ series, t: T0 + HOUR, v: 1 })))).rejects.toThrow(/closed/);
    release();
    const again = rig({ directory });
    expect(again.store.stats().spoolRecords).toBe(1);
    await again.store.close();
  });
});
