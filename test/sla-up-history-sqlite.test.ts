// readUpHistory against the embedded store: hour rollups, sealed chunks, the hot window and expired raw
// chunks, on three days of 10 s data with outages, gaps and missed runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type Sample, type SeriesKey, seriesKey } from '../src/core/index.js';
import type { StateSpan, StateTimeline } from '../src/sla/availability/state-timeline.js';
import { readUpHistory, readUpHistoryRaw, type UpProbe } from '../src/sla/availability/up-history.js';
import { SqliteSeriesStore, type SqliteSeriesStoreOptions } from '../src/store/sqlite/sqlite-series-store.js';
import { timeline, utc } from '../src/sla/availability/testing/timeline-fixtures.js';

const S = 1000;
const MINUTE = 60 * S;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = utc('2026-04-01T00:00:00');
const DAYS = 3;
const NOW = T0 + DAYS * DAY + 10 * MINUTE;
const RANGE = { from: T0, to: T0 + DAYS * DAY };

interface Writer {
  readonly probe: UpProbe;
  readonly key: SeriesKey;
  readonly offset: number;
  /** The value of the run at `t`, or undefined when it did not run. */
  readonly run: (t: number) => number | undefined;
}

const between = (t: number, from: string, to: string) => t >= utc(from) && t < utc(to);

const writers: Writer[] = (
  [
  {
    probe: { target: 'sbc-a', probe: 'sip', intervalMs: 10 * S },
    offset: 5 * S,
    run: (t) => {
      if (t === utc('2026-04-02T10:30:05') || between(t, '2026-04-02T11:59:55', '2026-04-02T12:00:10')) return undefined;
      return between(t, '2026-04-01T05:20:35', '2026-04-01T05:23:05') || between(t, '2026-04-02T23:59:35', '2026-04-03T00:02:05') ? 0 : 1;
    },
  },
  {
    probe: { target: 'sbc-b', probe: 'sip', intervalMs: 10 * S },
    offset: 2_500,
    run: (t) => (between(t, '2026-04-01T08:00:00', '2026-04-01T09:10:00') ? undefined : between(t, '2026-04-03T03:00:00', '2026-04-03T03:00:10') ? NaN : 1),
  },
  { probe: { target: 'sbc-c', probe: 'sip', intervalMs: 10 * S }, offset: 0, run: (t) => (t < utc('2026-04-02T06:17:00') ? undefined : 1) },
  { probe: { target: 'core-d', probe: 'sip', intervalMs: 10 * S }, offset: 9_999, run: () => 1 },
  { probe: { target: 'core-d', probe: 'https', intervalMs: 30 * S }, offset: 12_500, run: (t) => (between(t, '2026-04-03T14:00:00', '2026-04-03T14:45:00') ? 0 : 1) },
  ] satisfies Array<Omit<Writer, 'key'>>
).map((w) => ({ ...w, key: seriesKey('up', { target: w.probe.target, probe: w.probe.probe, role: 'sbc', site: 'mx' }) }));
const probes = writers.map((w) => w.probe);

let dir: string;
const clock = new ManualClock(T0 - HOUR);
const options = (raw: number): SqliteSeriesStoreOptions => ({
  path: join(dir, 'noc.db'),
  hotWindow: HOUR,
  retention: { raw, '1m': 1e12, '1h': 1e12 },
  clock,
  background: false,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'noc-up-history-'));
  const store = SqliteSeriesStore.open(options(1e12));
  // Poll rounds of 2.5 s hold every writer's grid; samples are written in time order, sealed hourly.
  for (let t = T0 - HOUR; t < NOW; t += 2_500) {
    const batch: Sample[] = [];
    for (const w of writers) {
      if ((t - w.offset) % w.probe.intervalMs !== 0) continue;
      const v = w.run(t);
      if (v !== undefined) batch.push({ series: w.key, t, v });
    }
    if (batch.length === 0) continue;
    clock.set(t);
    await store.append(batch);
    if (t % HOUR < 2_500) store.flush();
  }
  clock.set(NOW);
  store.maintain(NOW);
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The spans of `tl` within [from, to), cut at its edges. */
function clip(tl: StateTimeline, from: number, to: number): StateSpan[] {
  return tl.filter((s) => s.end > from && s.start < to).map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to), state: s.state }));
}

describe('readUpHistory on the SQLite store', () => {
  it('equals the raw reading over three days, and over an unaligned range', async () => {
    const store = SqliteSeriesStore.open(options(1e12));
    try {
      const fast = await readUpHistory(store, probes, RANGE);
      expect(fast).toEqual(await readUpHistoryRaw(store, probes, RANGE));
      expect(fast.get('sbc-a')).toEqual([
        timeline(
          '2026-04-01T00:00',
          'up',
          '2026-04-01T05:20:35',
          'down',
          '2026-04-01T05:23:05',
          'up',
          // 11:59:45 holds until 12:00:05; the next run is 12:00:15.
          '2026-04-02T12:00:05',
          'unknown',
          '2026-04-02T12:00:15',
          'up',
          '2026-04-02T23:59:35',
          'down',
          '2026-04-03T00:02:05',
          'up',
          '2026-04-04T00:00',
        ),
      ]);
      expect(fast.get('sbc-c')).toEqual([timeline('2026-04-01T00:00', 'unknown', '2026-04-02T06:17:00', 'up', '2026-04-04T00:00')]);
      expect(fast.get('core-d')?.[1]).toEqual(timeline('2026-04-01T00:00', 'up', '2026-04-03T14:00:12.5', 'down', '2026-04-03T14:45:12.5', 'up', '2026-04-04T00:00'));
      const unaligned = { from: utc('2026-04-01T05:21:17'), to: utc('2026-04-03T23:59:59.5') };
      expect(await readUpHistory(store, probes, unaligned)).toEqual(await readUpHistoryRaw(store, probes, unaligned));
    } finally {
      await store.close();
    }
  });

  it('reads hours whose raw chunks expired from the 1-minute rollups, to the minute', async () => {
    const kept = SqliteSeriesStore.open(options(1e12));
    const exact = await readUpHistoryRaw(kept, probes, RANGE);
    await kept.close();
    // Opening with a 2-day raw retention deletes the chunks of every hour before the 2nd at 00:00.
    const store = SqliteSeriesStore.open(options(2 * DAY));
    try {
      const cutoff = utc('2026-04-02T00:00:00');
      expect((await store.range({ metric: 'up', matchers: [] }, { from: T0 - HOUR, to: cutoff - 1 })).length).toBe(0);
      const fast = await readUpHistory(store, probes, RANGE);
      // The outage of 05:20:35–05:23:05: minute 05:20 was half up; 05:21 and 05:22 down.
      expect(clip(fast.get('sbc-a')?.[0] ?? [], T0, cutoff)).toEqual(timeline('2026-04-01T00:00', 'up', '2026-04-01T05:20:30', 'down', '2026-04-01T05:23:00', 'up', '2026-04-02T00:00'));
      // No samples from 08:00:00 to 09:10:00: the minutes without samples are unknown.
      expect(clip(fast.get('sbc-b')?.[0] ?? [], T0, cutoff)).toEqual(timeline('2026-04-01T00:00', 'up', '2026-04-01T08:00', 'unknown', '2026-04-01T09:10', 'up', '2026-04-02T00:00'));
      // Where raw chunks are kept nothing changes.
      for (const probe of probes) {
        const index = probes.filter((p) => p.target === probe.target).indexOf(probe);
        const got = fast.get(probe.target)?.[index] ?? [];
        const want = exact.get(probe.target)?.[index] ?? [];
        expect(clip(got, cutoff, RANGE.to)).toEqual(clip(want, cutoff, RANGE.to));
        expect(clip(got, T0, cutoff).length).toBeGreaterThan(0);
      }
    } finally {
      await store.close();
    }
  });
});
