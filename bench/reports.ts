// Benchmark of the availability report: one month of `up` for 1,000 targets × 1 probe at 10 s
// (≈ 259 M samples) in the embedded store, turned into state timelines by readUpHistory (hour rollups for
// clean hours, raw samples around outages, gaps and missed runs), then the whole report as the API builds
// it (targets, roles, sites and a service per site). The database is built once and cached
// under the OS temp directory, keyed by its parameters (BENCH_REPORTS_REBUILD=1 builds it again).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Config } from '../src/config/index.js';
import { aggregateEach, ManualClock, type Sample, type SeriesKey, type SeriesQuerier, seriesKey } from '../src/core/index.js';
import { readUpHistory, readUpHistoryRaw, type UpProbe } from '../src/sla/availability/up-history.js';
import { MonthlyReports } from '../src/sla/index.js';
import type { StateTimeline } from '../src/sla/availability/state-timeline.js';
import { SqliteSeriesStore } from '../src/store/sqlite/sqlite-series-store.js';
import { prng } from './data.js';
import { type BenchRow, median, timeMs, toMarkdown } from './measure.js';

const INTERVAL = 10_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** April 2026: a 30-day month. */
const T0 = Date.UTC(2026, 3, 1);
/** Written from an hour before the month (so its first hour has a previous one) to just after it. */
const LEAD = HOUR;
const TAIL = 10 * MINUTE;
const FORMAT = 'v1';

/** Things that happened to a target: samples of 0, no samples (collector or target gone), one missed run. */
interface Event {
  readonly from: number;
  readonly to: number;
  readonly kind: 'outage' | 'gap';
}

interface Workload {
  readonly targets: number;
  readonly days: number;
  readonly keys: SeriesKey[];
  readonly offsets: number[];
  readonly events: Event[][];
  readonly firstT: number[];
  readonly summary: { outages: number; gaps: number; missed: number; lateStarters: number };
}

/** Deterministic events: a few dozen outages and gaps, one collector-wide gap, missed runs, targets added mid-month. */
function workload(targets: number, days: number): Workload {
  const random = prng(2026);
  const span = days * DAY;
  const keys: SeriesKey[] = [];
  const offsets: number[] = [];
  const events: Event[][] = [];
  const firstT: number[] = [];
  for (let i = 0; i < targets; i++) {
    keys.push(seriesKey('up', { target: `t-${i}`, probe: 'sip', role: i % 10 === 0 ? 'core' : 'sbc', site: `site-${i % 20}` }));
    offsets.push(Math.floor((i * INTERVAL) / targets));
    events.push([]);
    firstT.push(T0 - LEAD);
  }
  const pick = () => Math.floor(random() * targets);
  const at = () => T0 + Math.floor(random() * (span / INTERVAL)) * INTERVAL + Math.floor(random() * 1000);
  const outages = 40;
  for (let n = 0; n < outages; n++) {
    const from = at();
    const length = Math.floor(30_000 + random() * random() * 2 * HOUR);
    (events[pick()] as Event[]).push({ from, to: from + length, kind: 'outage' });
  }
  const gaps = 12;
  for (let n = 0; n < gaps; n++) {
    const from = at();
    (events[pick()] as Event[]).push({ from, to: from + Math.floor(60_000 + random() * 6 * HOUR), kind: 'gap' });
  }
  // The collector down for 20 minutes: no target has data.
  const collectorDown = T0 + 17 * DAY + 3 * HOUR + 25 * MINUTE;
  for (const list of events) list.push({ from: collectorDown, to: collectorDown + 20 * MINUTE, kind: 'gap' });
  const missed = 300;
  for (let n = 0; n < missed; n++) {
    const target = pick();
    const from = T0 + Math.floor(random() * (span / INTERVAL)) * INTERVAL + (offsets[target] as number);
    (events[target] as Event[]).push({ from, to: from + 1, kind: 'gap' });
  }
  const lateStarters = 5;
  for (let n = 0; n < lateStarters; n++) firstT[pick()] = T0 + Math.floor((5 + random() * 20) * DAY);
  for (const list of events) list.sort((a, b) => a.from - b.from);
  return { targets, days, keys, offsets, events, firstT, summary: { outages, gaps: gaps + 1, missed, lateStarters } };
}

function openStore(path: string, clock: ManualClock): SqliteSeriesStore {
  return SqliteSeriesStore.open({ path, hotWindow: HOUR, retention: { raw: 1e12, '1m': 1e12, '1h': 1e12 }, clock, background: false });
}

/**
 * Writes the month in time order, as the collector would: one append per poll round (every target's
 * sample at its own offset in the interval), chunks sealed once per written hour.
 */
async function build(path: string, work: Workload): Promise<void> {
  const clock = new ManualClock(T0 - LEAD);
  const store = openStore(path, clock);
  const { targets, keys, offsets, events, firstT } = work;
  const next = new Int32Array(targets);
  const pool: Array<{ series: SeriesKey; t: number; v: number }> = keys.map((series) => ({ series, t: 0, v: 1 }));
  const batch: Sample[] = [];
  const polls = (LEAD + work.days * DAY + TAIL) / INTERVAL;
  for (let poll = 0; poll < polls; poll++) {
    const base = T0 - LEAD + poll * INTERVAL;
    batch.length = 0;
    for (let i = 0; i < targets; i++) {
      const t = base + (offsets[i] as number);
      if (t < (firstT[i] as number)) continue;
      const list = events[i] as Event[];
      let first = next[i] as number;
      while (first < list.length && (list[first] as Event).to <= t) first++;
      next[i] = first;
      // Events may overlap: any gap among the current ones wins over an outage.
      let v = 1;
      let skip = false;
      for (let e = first; e < list.length && (list[e] as Event).from <= t; e++) {
        const event = list[e] as Event;
        if (event.to <= t) continue;
        if (event.kind === 'gap') skip = true;
        else v = 0;
      }
      if (skip) continue;
      const sample = pool[i] as { series: SeriesKey; t: number; v: number };
      sample.t = t;
      sample.v = v;
      batch.push(sample as Sample);
    }
    clock.set(base + INTERVAL - 1);
    store.appendSync(batch);
    if ((poll + 1) % (HOUR / INTERVAL) === 0) store.flush();
  }
  const end = T0 + work.days * DAY + TAIL;
  clock.set(end);
  store.maintain(end);
  await store.close();
}

/** Counts and times the queries a read makes. */
function instrumented(inner: SeriesQuerier): { querier: SeriesQuerier; stats: { aggregate: number; aggregateMs: number; range: number; rangeMs: number; points: number } } {
  const stats = { aggregate: 0, aggregateMs: 0, range: 0, rangeMs: 0, points: 0 };
  const querier: SeriesQuerier = {
    series: (selector, range) => inner.series(selector, range),
    latest: (selector, options) => inner.latest(selector, options),
    range: async (selector, range) => {
      const started = performance.now();
      const out = await inner.range(selector, range);
      stats.range++;
      stats.rangeMs += performance.now() - started;
      for (const s of out) stats.points += s.t.length;
      return out;
    },
    aggregate: async (selector, range, step, fn) => {
      const started = performance.now();
      const out = await inner.aggregate(selector, range, step, fn);
      stats.aggregate++;
      stats.aggregateMs += performance.now() - started;
      return out;
    },
    aggregateMany: async (selector, range, step, fns) => {
      const started = performance.now();
      const out = await aggregateEach(inner, selector, range, step, fns);
      stats.aggregate++;
      stats.aggregateMs += performance.now() - started;
      return out;
    },
  };
  return { querier, stats };
}

function sameTimelines(a: Map<string, StateTimeline[]>, b: Map<string, StateTimeline[]>): boolean {
  return JSON.stringify([...a]) === JSON.stringify([...b]);
}

function stateMs(history: Map<string, StateTimeline[]>, state: string): number {
  let total = 0;
  for (const timelines of history.values()) for (const tl of timelines) for (const span of tl) if (span.state === state) total += span.end - span.start;
  return total;
}

/** Runs the benchmark; `reps` timed reads per figure. */
export async function runReportsBench(
  targets = Number(process.env.BENCH_REPORTS_TARGETS ?? 1000),
  days = Number(process.env.BENCH_REPORTS_DAYS ?? 30),
  reps = Number(process.env.BENCH_REPORTS_REPS ?? 5),
): Promise<BenchRow[]> {
  const work = workload(targets, days);
  const dir = join(tmpdir(), `noc-bench-reports-${FORMAT}-${targets}x${days}d-${INTERVAL / 1000}s`);
  const path = join(dir, 'noc.db');
  const done = join(dir, 'complete');
  const rows: BenchRow[] = [];
  const samplesWritten = (LEAD + days * DAY + TAIL) / INTERVAL;
  const samples = `${((targets * samplesWritten) / 1e6).toFixed(0)} M samples`;
  if (!existsSync(done) || process.env.BENCH_REPORTS_REBUILD === '1') {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    await build(path, work);
    const seconds = (performance.now() - started) / 1000;
    writeFileSync(done, JSON.stringify({ seconds }));
    rows.push({ figure: `setup: write ${samples} in time order through the store, sealed hourly (now cached in ${dir})`, value: seconds, unit: 's', goal: '' });
  } else {
    const { seconds } = JSON.parse(readFileSync(done, 'utf8')) as { seconds: number };
    rows.push({ figure: `setup: write ${samples} in time order through the store, sealed hourly (cached in ${dir}; BENCH_REPORTS_REBUILD=1 rebuilds it)`, value: seconds, unit: 's', goal: '' });
  }

  const now = T0 + days * DAY + TAIL;
  const clock = new ManualClock(now);
  const store = openStore(path, clock);
  const month = { from: T0, to: T0 + days * DAY };
  const probes: UpProbe[] = work.keys.map((_, i) => ({ target: `t-${i}`, probe: 'sip', intervalMs: INTERVAL }));
  const label = `${targets.toLocaleString('en-US')} targets @${INTERVAL / 1000} s`;

  // Warm-up, then timed reads; each read's queries are counted and timed by a thin wrapper.
  const exact = await readUpHistory(store, probes, month);
  const runs: Array<{ total: number; aggregate: number; aggregateMs: number; range: number; rangeMs: number; points: number }> = [];
  for (let rep = 0; rep < reps; rep++) {
    const { querier, stats } = instrumented(store);
    const [total] = await timeMs(1, () => readUpHistory(querier, probes, month));
    runs.push({ total: total as number, ...stats });
  }
  const med = (pick: (run: (typeof runs)[number]) => number) => median(runs.map(pick));
  const last = runs[runs.length - 1] as (typeof runs)[number];

  // What one pass over the month's hour rollups costs in SQLite itself: the floor for any read of them.
  const hours = store.database.prepare('SELECT hour, series_id, min, count FROM rollups_1h WHERE hour >= ? AND hour < ?').raw(true);
  const scan = await timeMs(reps, () => {
    let rows = 0;
    for (const _ of hours.iterate(T0 / HOUR - 1, (T0 + days * DAY) / HOUR)) rows++;
    return rows;
  });

  // The whole report as `GET /reports/availability` builds it: a target per probe, roles, 20 sites, and a
  // service per site (any of its SBCs and any core). Only the month of the database counts here (UTC).
  const config = Config.parse({
    store: { kind: 'sqlite', path },
    targets: work.keys.map((_, i) => ({
      id: `t-${i}`,
      role: i % 10 === 0 ? 'core' : 'sbc',
      site: `site-${i % 20}`,
      probes: [{ kind: 'tcp', name: 'sip', host: '127.0.0.1', port: 5060, interval: `${INTERVAL / 1000}s`, timeout: '5s' }],
    })),
    services: [
      { name: 'cores', require: 'any', members: [{ role: 'core' }] },
      ...Array.from({ length: 20 }, (_, site) => ({ name: `sip-${site}`, site: `site-${site}`, members: ['cores', { role: 'sbc', site: `site-${site}` }], require: 'all' })),
    ],
  });
  const builder = new MonthlyReports({ config: () => config, querier: store, maintenance: async () => [], clock });
  const month2026 = new Date(T0).toISOString().slice(0, 7);
  await builder.availability(month2026);
  const report = await timeMs(reps, () => builder.availability(month2026));

  // The reference, raw only, on a slice of the targets: time and equality.
  const slice = probes.slice(0, Math.min(100, targets));
  const sliceFast = await timeMs(reps, () => readUpHistory(store, slice, month));
  const sliceRaw = await timeMs(Math.min(reps, 3), () => readUpHistoryRaw(store, slice, month));
  const equal = sameTimelines(await readUpHistory(store, slice, month), await readUpHistoryRaw(store, slice, month));
  if (!equal) throw new Error('readUpHistory differs from readUpHistoryRaw on the slice');

  await store.close();

  // As on the 1st of the next month with the default 15-day raw retention: the first half of the month
  // has only rollups, so its outages come from the 1-minute rollups. Measured on a copy of the database,
  // opened with that retention (opening applies it).
  const copy = join(dir, 'expired');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy);
  copyFileSync(path, join(copy, 'noc.db'));
  const chunks = (db: SqliteSeriesStore) => (db.database.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  const before = openStore(join(copy, 'noc.db'), clock);
  const chunksBefore = chunks(before);
  await before.close();
  const expiring = SqliteSeriesStore.open({ path: join(copy, 'noc.db'), hotWindow: HOUR, retention: { raw: 15 * DAY, '1m': 90 * DAY, '1h': 730 * DAY }, clock, background: false });
  const deleted = chunksBefore - chunks(expiring);
  const expiredResult = await readUpHistory(expiring, probes, month);
  const expired = await timeMs(reps, () => readUpHistory(expiring, probes, month));
  await expiring.close();
  rmSync(copy, { recursive: true, force: true });
  const cutoffHour = Math.floor((now - 15 * DAY) / HOUR);
  // Past the first kept hour the answer must not change.
  const keptFrom = (cutoffHour + 1) * HOUR;
  const tail = (history: Map<string, StateTimeline[]>) =>
    JSON.stringify([...history].map(([target, list]) => [target, list.map((tl) => tl.filter((span) => span.end > keptFrom).map((span) => ({ ...span, start: Math.max(span.start, keptFrom) })))]));
  if (tail(expiredResult) !== tail(exact)) throw new Error('expired raw chunks changed the kept part of the month');

  const up = stateMs(exact, 'up');
  const down = stateMs(exact, 'down');
  const unknown = stateMs(exact, 'unknown');
  const { outages, gaps, missed, lateStarters } = work.summary;
  rows.push(
    { figure: `workload: ${outages} outages, ${gaps} gaps (one collector-wide), ${missed} missed runs, ${lateStarters} targets added mid-month`, value: (targets * days * DAY) / INTERVAL / 1e6, unit: 'M samples in the month', goal: '' },
    { figure: 'result: down / unknown time over all targets', value: down / MINUTE, unit: `min down, ${(unknown / MINUTE).toFixed(1)} min unknown, ${((100 * up) / (targets * days * DAY)).toFixed(4)} % up`, goal: '' },
    { figure: `availability month, ${label}: read up history (median of ${reps})`, value: med((r) => r.total), unit: 'ms', goal: '≤ 2,000' },
    { figure: `availability report of the month, ${label}, 20 sites with a service each (median of ${reps})`, value: median(report), unit: 'ms', goal: '≤ 2,000' },
    { figure: `of which ${last.aggregate} hour-rollup read(s) (min and count per hour, all probes, one scan)`, value: med((r) => r.aggregateMs), unit: 'ms', goal: '' },
    { figure: `of which ${last.range} raw reads around outages, gaps and missed runs (${last.points.toLocaleString('en-US')} points)`, value: med((r) => r.rangeMs), unit: 'ms', goal: '' },
    { figure: `for comparison: one SQLite scan of the month's hour-rollup rows (hour, series, min, count)`, value: median(scan), unit: 'ms', goal: '' },
    { figure: `same month, raw kept 15 days: first half from the 1-minute rollups (${deleted.toLocaleString('en-US')} chunks expired)`, value: median(expired), unit: 'ms', goal: '≤ 2,000' },
    { figure: 'its result: down / unknown time over all targets (minute precision before the 16th)', value: stateMs(expiredResult, 'down') / MINUTE, unit: `min down, ${(stateMs(expiredResult, 'unknown') / MINUTE).toFixed(1)} min unknown`, goal: '' },
    { figure: `${slice.length} targets, month: read up history`, value: median(sliceFast), unit: 'ms', goal: '' },
    { figure: `${slice.length} targets, month: all raw samples (the reference; same timelines: ${equal ? 'yes' : 'no'})`, value: median(sliceRaw), unit: 'ms', goal: '' },
  );
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(toMarkdown(await runReportsBench()));
}
